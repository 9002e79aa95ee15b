"""360 feedback on an appraisal: colleagues named by email are asked, answer anonymously, and
their answers join the summary only in groups, so that no one's answers can be picked out.

Who was asked is kept apart from what was answered (see the models); the workflow's own rule
(``services.refusal``) says who may ask and when.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import func, select, update

from talent.appraisals import queries as appraisal_queries
from talent.appraisals.inputs import FeedbackAnswerInput
from talent.appraisals.models import (
    Appraisal,
    FeedbackAnswer,
    FeedbackRequest,
    FeedbackResponse,
)
from talent.appraisals.services import FEEDBACK_OPEN, _require_action, _scale_positions
from talent.auth.models import Account
from talent.auth.policy import ListScope
from talent.dates import nhs_date
from talent.errors import Forbidden, RuleViolation
from talent.extensions import db
from talent.notifications.services import link_to, notify
from talent.people.models import Person
from talent.people.queries import find_people
from talent.standards.models import BehaviourStatement

#: How long colleagues have to answer, unless the requester gives a date.
FEEDBACK_ANSWER_WITHIN = timedelta(days=14)
#: Feedback is shown only when this many colleagues have answered, so no one answer stands out.
FEEDBACK_SHOWN_FROM = 3
MAX_FEEDBACK_REQUESTS = 12


def request_feedback(
    appraisal: Appraisal,
    *,
    actor: Account,
    respondent_emails: list[str],
    due_on: date | None = None,
    today: date | None = None,
    respondent_ids: list[int] = (),
) -> list[FeedbackRequest]:
    """The appraisee or the appraiser names colleagues (by their Talent account's email) to give
    anonymous feedback on the appraisee's behaviours. Each with an account is told in the app
    and by email.

    Every address is answered the same way, whether or not it has an account, so that asking
    cannot be used to find out who has one; an address without an account is kept as asked and
    simply never answers. The appraisee and the appraiser cannot be asked: their answers would
    be counted as an anonymous colleague's.
    """
    _require_action(appraisal, actor.person_id, "request_feedback")
    respondent_emails = [*respondent_emails, *_emails_of(appraisal, respondent_ids)]
    today = today or date.today()
    due_on = due_on or min(today + FEEDBACK_ANSWER_WITHIN, max(appraisal.cycle.due_on, today))
    if due_on < today:
        raise RuleViolation("The date to answer by must be today or later", field="due_on")
    emails = list(dict.fromkeys(e.strip().lower() for e in respondent_emails if e.strip()))
    if not emails:
        raise RuleViolation("Enter the email address of at least one colleague", field="respondent_emails")
    malformed = [email for email in emails if not _looks_like_email(email)]
    if malformed:
        raise RuleViolation(
            f"Enter email addresses in the correct format, like name@nhs.net: {', '.join(malformed)}",
            field="respondent_emails",
        )
    accounts = {
        account.email.lower(): account
        for account in db.session.scalars(select(Account).where(Account.email.in_(emails)))
        if account.person_id is not None
    }
    parties = {appraisal.appraisee_id, appraisal.appraiser_id}
    if any(accounts[email].person_id in parties for email in emails if email in accounts):
        raise RuleViolation(
            "Ask colleagues other than the appraisee and the appraiser: feedback is from others",
            field="respondent_emails",
        )
    asked = set(
        db.session.scalars(select(FeedbackRequest.respondent_email).where(FeedbackRequest.appraisal_id == appraisal.id))
    )
    again = [email for email in emails if email in asked]
    if again:
        raise RuleViolation(f"Already asked: {', '.join(again)}", field="respondent_emails")
    if len(asked) + len(emails) > MAX_FEEDBACK_REQUESTS:
        raise RuleViolation(
            f"Ask at most {MAX_FEEDBACK_REQUESTS} colleagues; {len(asked)} already asked", field="respondent_emails"
        )
    requests = [
        FeedbackRequest(
            appraisal_id=appraisal.id,
            respondent_email=email,
            respondent_id=accounts[email].person_id if email in accounts else None,
            requested_by_id=actor.person_id,
            due_on=due_on,
        )
        for email in emails
    ]
    db.session.add_all(requests)
    db.session.flush()
    for request, email in zip(requests, emails, strict=True):
        if email not in accounts:
            continue
        notify(
            accounts[email],
            kind="feedback_requested",
            title=f"{appraisal.appraisee.full_name} would value your feedback",
            body=f"Rate the behaviours you have seen, anonymously, by {nhs_date(due_on)}. "
            f"Nobody sees your answers on their own: they are shown only as part of "
            f"{FEEDBACK_SHOWN_FROM} or more.",
            link=link_to("appraisals.give_feedback", request_id=request.id),
        )
    return requests


def colleagues_scope(appraisal: Appraisal) -> ListScope:
    """Where colleagues are found and chosen by id: the appraisal's own organisation, where most
    who have seen the person work are. Anyone else is asked by email."""
    return ListScope(organisation_ids=frozenset({appraisal.cycle.organisation_id}))


def find_colleagues(appraisal: Appraisal, text: str, *, on: date) -> tuple[list, bool]:
    """The people finder for a feedback request: colleagues in the appraisal's organisation, less
    the appraisee and the appraiser, who cannot be asked."""
    found, more = find_people(colleagues_scope(appraisal), text, on=on)
    parties = (appraisal.appraisee_id, appraisal.appraiser_id)
    return [person for person in found if person.id not in parties], more


def _emails_of(appraisal: Appraisal, person_ids) -> list[str]:
    """The address to ask someone chosen in the people finder by: their Talent account's email,
    or their work email if they have no account yet (kept as asked, like any other address).

    Only people in the appraisal's organisation, where the finder looks, can be chosen by id:
    anyone else is asked by email, so ids cannot be used to find out other people's names (the
    page lists who was asked)."""
    if not person_ids:
        return []
    rows = db.session.execute(
        select(Person.id, Person.work_email, Account.email)
        .outerjoin(Account, Account.person_id == Person.id)
        .where(Person.id.in_(person_ids), Person.organisation_id.in_(colleagues_scope(appraisal).organisation_ids))
    ).all()
    if len(rows) != len(set(person_ids)):
        raise RuleViolation("That person cannot be found: search for them again", field="respondent_emails")
    return [account_email or work_email for _, work_email, account_email in rows]


def _looks_like_email(text: str) -> bool:
    local, _, domain = text.partition("@")
    return bool(local) and "." in domain and len(text) <= 254 and not any(c.isspace() for c in text)


def give_feedback(
    request: FeedbackRequest, *, actor: Account, answers: list[FeedbackAnswerInput], comment: str = ""
) -> None:
    """Store a colleague's answers apart from their request, so they stay anonymous. Answers
    cannot be changed afterwards: nothing ties them to the person any more."""
    if actor.person_id != request.respondent_id:
        raise Forbidden("Only the colleague who was asked can answer")
    appraisal = request.appraisal
    if appraisal.status not in FEEDBACK_OPEN:
        raise RuleViolation("Feedback on this appraisal has closed: it has already been discussed")
    statement_ids = {rating.statement_id for rating in appraisal.ratings}
    scale = _scale_positions(appraisal)
    seen = set()
    for answer in answers:
        if answer.statement_id not in statement_ids or answer.statement_id in seen:
            raise RuleViolation("Answer each behaviour of this appraisal once", field="answers")
        seen.add(answer.statement_id)
        if answer.rating is not None and answer.rating not in scale:
            raise RuleViolation("Choose a point on the rating scale", field=f"rating-{answer.statement_id}")
    if not any(a.rating is not None or a.comment.strip() for a in answers) and not comment.strip():
        raise RuleViolation("Rate at least one behaviour or leave a comment", field="answers")
    # Claim the request first: a second submission (another tab, a double click) finds it
    # answered and is refused, instead of adding a second set of answers.
    claimed = db.session.execute(
        update(FeedbackRequest)
        .where(FeedbackRequest.id == request.id, FeedbackRequest.answered.is_(False))
        .values(answered=True)
        .execution_options(synchronize_session=False)
    ).rowcount
    if claimed != 1:
        raise RuleViolation("You have already answered this request")
    db.session.add(
        FeedbackResponse(
            appraisal_id=appraisal.id,
            comment=comment.strip(),
            answers=[
                FeedbackAnswer(statement_id=a.statement_id, rating=a.rating, comment=a.comment.strip())
                for a in answers
                if a.rating is not None or a.comment.strip()
            ],
        )
    )
    db.session.flush()
    _release_in_groups(appraisal.id)
    db.session.refresh(request)


def _release_in_groups(appraisal_id: int) -> None:
    """Add waiting answers to the summary once at least FEEDBACK_SHOWN_FROM are waiting, all at
    once, so that no change to the summary is one colleague's answers. The appraisal row is
    locked first: two colleagues answering together must not each release a group of one."""
    db.session.execute(select(Appraisal.id).where(Appraisal.id == appraisal_id).with_for_update())
    waiting = db.session.scalar(
        select(func.count())
        .select_from(FeedbackResponse)
        .where(FeedbackResponse.appraisal_id == appraisal_id, FeedbackResponse.released.is_(False))
    )
    if waiting >= FEEDBACK_SHOWN_FROM:
        db.session.execute(
            update(FeedbackResponse)
            .where(FeedbackResponse.appraisal_id == appraisal_id, FeedbackResponse.released.is_(False))
            .values(released=True)
            .execution_options(synchronize_session=False)
        )


@dataclass
class StatementFeedback:
    statement: BehaviourStatement
    #: Scale position → how many colleagues chose it.
    counts: dict[int, int]
    comments: list[str]


@dataclass
class FeedbackSummary:
    requested: int
    received: int
    #: False until FEEDBACK_SHOWN_FROM colleagues' answers are released; then the rest is filled in.
    shown: bool
    statements: list[StatementFeedback]
    comments: list[str]
    #: Answers given but not yet in the summary: they join it in groups of FEEDBACK_SHOWN_FROM.
    waiting: int = 0


def feedback_summary(appraisal: Appraisal) -> FeedbackSummary:
    requested, received, released = appraisal_queries.feedback_counts(appraisal.id)
    if released < FEEDBACK_SHOWN_FROM:
        return FeedbackSummary(requested, received, False, [], [], waiting=received)
    counts, comments, general = appraisal_queries.feedback_answers(appraisal.id)
    statements = [
        StatementFeedback(r.statement, counts.get(r.statement_id, {}), sorted(comments.get(r.statement_id, [])))
        for r in appraisal_queries.ordered_ratings(appraisal)
    ]
    # Sorted, not in the order given, so the order cannot hint at who wrote what.
    return FeedbackSummary(requested, received, True, statements, sorted(general), waiting=received - released)
