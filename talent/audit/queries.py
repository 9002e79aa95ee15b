"""Searching the audit log for system admins."""

from datetime import date, datetime, time, timedelta

from sqlalchemy import select

from talent.audit.models import AuditEvent
from talent.auth.models import Account
from talent.dates import LONDON
from talent.extensions import db


def search_events(*, kind: str | None, actor_email: str, since: date | None, until: date | None, page: int):
    """A page of events, newest first, and the emails of the accounts that acted in them."""
    query = select(AuditEvent)
    if kind:
        query = query.where(AuditEvent.kind == kind)
    if actor_email:
        actor = select(Account.id).where(Account.email == actor_email.lower()).scalar_subquery()
        query = query.where(AuditEvent.actor_account_id == actor)
    if since:
        query = query.where(AuditEvent.occurred_at >= datetime.combine(since, time(), tzinfo=LONDON))
    if until:
        query = query.where(AuditEvent.occurred_at < datetime.combine(until + timedelta(days=1), time(), tzinfo=LONDON))
    events = db.paginate(query.order_by(AuditEvent.id.desc()), page=page, per_page=50, error_out=False)
    actor_ids = {event.actor_account_id for event in events.items if event.actor_account_id}
    actors = dict(db.session.execute(select(Account.id, Account.email).where(Account.id.in_(actor_ids))).all())
    return events, actors
