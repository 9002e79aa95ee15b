"""A record's history, as the people who work with it see it: the decisions taken on it, by whom,
when, and the comment they gave, read from the audit log (which every decision already writes, in
the same transaction, so the history cannot disagree with what happened).

Only decisions are shown. Reads (``appraisal_viewed``) stay in the audit log for system admins:
who looked at a record is not for everyone who can see the record.
"""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from talent.audit.models import AuditEvent
from talent.auth.models import Account
from talent.extensions import db
from talent.people.models import Person

#: What each decision is called in a record's history.
DECISIONS: dict[str, str] = {
    "prerequisite_rule_added": "Rule added",
    "prerequisite_rule_retired": "Rule retired",
    "appraisal_signed": "Signed",
    "appraisal_submitted_to_region": "Sent to the region for endorsement",
    "appraisal_endorsed": "Endorsed by the region",
    "appraisal_escalated": "Disagreement escalated",
    "appraisal_escalation_resolved": "Escalation settled",
    "appraisal_amended": "Corrected after sign-off",
}

#: Enough to see a record's story; a record with more has its full log in the audit search.
HISTORY_LIMIT = 50


@dataclass(frozen=True)
class HistoryEntry:
    occurred_at: datetime
    what: str
    who: str
    comment: str


def history_for(subject) -> list[HistoryEntry]:
    """The decisions on ``subject`` (a model instance), oldest first, in one query."""
    rows = db.session.execute(
        select(AuditEvent.occurred_at, AuditEvent.kind, AuditEvent.data, Person.given_name, Person.family_name)
        .outerjoin(Account, Account.id == AuditEvent.actor_account_id)
        .outerjoin(Person, Person.id == Account.person_id)
        .where(
            AuditEvent.subject_type == subject.__tablename__,
            AuditEvent.subject_id == subject.id,
            AuditEvent.kind.in_(DECISIONS),
        )
        .order_by(AuditEvent.id)
        .limit(HISTORY_LIMIT)
    ).all()
    return [
        HistoryEntry(
            occurred_at=row.occurred_at,
            what=DECISIONS[row.kind],
            who=f"{row.given_name} {row.family_name}" if row.given_name else "Talent",
            comment=(row.data or {}).get("comment") or "",
        )
        for row in rows
    ]
