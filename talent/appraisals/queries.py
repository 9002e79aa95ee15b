from datetime import date

from sqlalchemy import and_, case, func, literal, select
from sqlalchemy.orm import joinedload, selectinload

from talent.appraisals.models import (
    Appraisal,
    AppraisalAmendment,
    AppraisalCycle,
    AppraisalStatus,
    BehaviourRating,
    CompletionCount,
    FairnessCount,
    FeedbackAnswer,
    FeedbackRequest,
    FeedbackResponse,
)
from talent.edi.queries import statistics_population
from talent.errors import NotFound
from talent.extensions import db
from talent.insights.queries import band_group_column, summary_in_scope
from talent.orgs.models import Organisation
from talent.people.models import Person, Post
from talent.people.queries import current_post_filter
from talent.standards.models import BehaviourStatement, Framework, ScalePoint, Standard

#: Ratings with the statement, standard and domain each shows, loaded with the appraisal.
_RATINGS_WITH_STATEMENTS = (
    selectinload(Appraisal.ratings)
    .joinedload(BehaviourRating.statement)
    .joinedload(BehaviourStatement.standard)
    .joinedload(Standard.domain)
)


def get_appraisal(appraisal_id: int) -> Appraisal:
    """An appraisal with everything its page shows, in a fixed number of queries."""
    appraisal = db.session.scalar(
        select(Appraisal)
        .where(Appraisal.id == appraisal_id)
        .options(
            joinedload(Appraisal.appraisee).joinedload(Person.organisation),
            joinedload(Appraisal.appraiser),
            joinedload(Appraisal.cycle).joinedload(AppraisalCycle.organisation),
            joinedload(Appraisal.framework).selectinload(Framework.scale),
            selectinload(Appraisal.objectives),
            selectinload(Appraisal.development_programmes),
            selectinload(Appraisal.amendments).joinedload(AppraisalAmendment.amended_by),
            joinedload(Appraisal.escalation_resolved_by),
            joinedload(Appraisal.endorsed_by),
            _RATINGS_WITH_STATEMENTS,
        )
    )
    if appraisal is None:
        raise NotFound("No such appraisal")
    return appraisal


def ordered_ratings(appraisal: Appraisal) -> list[BehaviourRating]:
    return sorted(
        appraisal.ratings,
        key=lambda r: (r.statement.standard.domain.position, r.statement.standard.position, r.statement.position),
    )


def appraisals_for(person_id: int) -> list[Appraisal]:
    return list(
        db.session.scalars(
            select(Appraisal)
            .where(Appraisal.appraisee_id == person_id)
            .options(joinedload(Appraisal.cycle), joinedload(Appraisal.appraiser))
            .order_by(Appraisal.created_at.desc())
        )
    )


def current_cycle(organisation_id: int, on: date) -> AppraisalCycle | None:
    """The organisation's cycle open on ``on``, or failing that the latest that has opened."""
    return db.session.scalar(
        select(AppraisalCycle)
        .where(AppraisalCycle.organisation_id == organisation_id, AppraisalCycle.opens_on <= on)
        .order_by(AppraisalCycle.opens_on.desc())
        .limit(1)
    )


def cycles_of(organisation_id: int) -> list[AppraisalCycle]:
    """An organisation's appraisal cycles, newest first (one a year, so a short list)."""
    return list(
        db.session.scalars(
            select(AppraisalCycle)
            .where(AppraisalCycle.organisation_id == organisation_id)
            .order_by(AppraisalCycle.year.desc())
        )
    )


SIGNED_OFF_STATES = ("signed_off", "submitted", "endorsed")
COMPLETION_STATES = [("signed_off", "Signed off"), ("in_progress", "In progress"), ("not_started", "Not started")]


def cycle_year(on: date) -> int:
    """NHS years run April to March: the cycle named 2026 covers April 2026 to March 2027."""
    return on.year if on.month >= 4 else on.year - 1


def completion_population(scope, year: int, on: date):
    """One row per filled current post in ``scope`` with where its holder's appraisal for the
    cycle year stands, for the insights service to count."""
    state = case(
        (Appraisal.status.in_(SIGNED_OFF_STATES), literal("signed_off")),
        (Appraisal.id.is_not(None), literal("in_progress")),
        else_=literal("not_started"),
    )
    return (
        select(
            Post.id.label("post_id"),
            Post.organisation_id.label("organisation_id"),
            Organisation.name.label("organisation"),
            band_group_column().label("band_group"),
            func.coalesce(Post.directorate, literal("Not recorded")).label("directorate"),
            (Person.family_name + ", " + Person.given_name).label("person"),
            state.label("state"),
        )
        .join(Organisation, Organisation.id == Post.organisation_id)
        .join(Person, Person.id == Post.person_id)
        .outerjoin(
            AppraisalCycle, and_(AppraisalCycle.organisation_id == Person.organisation_id, AppraisalCycle.year == year)
        )
        .outerjoin(Appraisal, and_(Appraisal.cycle_id == AppraisalCycle.id, Appraisal.appraisee_id == Person.id))
        .where(current_post_filter(Post, on))
        .where(scope.condition(organisation=Post.organisation_id, region=Organisation.region_id, person=Person.id))
    )


def completion_summary(scope, year: int):
    """The completion summary in ``scope`` for ``year`` as (organisation name, state, headcount)
    rows, and when the oldest of them was counted."""
    return summary_in_scope(
        scope, CompletionCount, [Organisation.name, CompletionCount.state], CompletionCount.year == year
    )


#: Breakdowns of the fairness view: characteristic → (label, groups, relative likelihood of the
#: top rating as (reference group, comparison group), the way WRES and WDES word theirs).
FAIRNESS_BREAKDOWNS = {
    "wres_group": ("Ethnicity", [("white", "White"), ("bme", "Black and minority ethnic")], ("white", "bme")),
    "disability": ("Disability", [("no", "Not disabled"), ("yes", "Disabled")], ("no", "yes")),
    "sex": ("Sex", [("male", "Male"), ("female", "Female")], ("male", "female")),
    "age_band": (
        "Age band",
        [(band, band) for band in ("16 to 24", "25 to 34", "35 to 44", "45 to 54", "55 to 64", "65 and over")],
        None,
    ),
}


#: The overall ratings the fairness view can break down: key → (label, column).
FAIRNESS_MEASURES = {
    "behaviours": ("Overall behaviour ratings", Appraisal.behaviours_rating),
    "objectives": ("Overall objective ratings", Appraisal.objectives_rating),
}


def top_rating() -> int:
    """The top position of the Healthcare Leadership Model scale, whose relative likelihood the
    fairness view gives."""
    return db.session.scalar(select(func.max(ScalePoint.position)).join(Framework).where(Framework.code == "hlm")) or 4


def fairness_summary(scope, year: int, measure: str, characteristic: str, groups: list):
    """The fairness summary in ``scope`` for one year, measure and characteristic, summed by
    ``groups`` (columns of ``FairnessCount``), and when the oldest of it was counted."""
    return summary_in_scope(
        scope,
        FairnessCount,
        groups,
        FairnessCount.year == year,
        FairnessCount.measure == measure,
        FairnessCount.characteristic == characteristic,
    )


def fairness_population(scope, year: int, on: date, measure: str = "behaviours"):
    """One row per appraisal in the cycle year with a manager's overall rating (``measure``) on
    the Healthcare Leadership Model scale, whose appraisee has consented to their equality
    answers being used: the rating, whether it is the top one, and the reporting groups."""
    _, rating = FAIRNESS_MEASURES[measure]
    answers = statistics_population(on).subquery()
    return (
        select(
            Appraisal.id.label("appraisal_id"),
            AppraisalCycle.organisation_id.label("organisation_id"),
            rating.label("rating"),
            (rating == top_rating()).label("top"),
            *[answers.c[key] for key in FAIRNESS_BREAKDOWNS],
        )
        .join(AppraisalCycle, AppraisalCycle.id == Appraisal.cycle_id)
        .join(Framework, Framework.id == Appraisal.framework_id)
        .join(answers, answers.c.person_id == Appraisal.appraisee_id)
        .join(Organisation, Organisation.id == AppraisalCycle.organisation_id)
        .where(AppraisalCycle.year == year, Framework.code == "hlm", rating.is_not(None))
        .where(scope.condition(organisation=AppraisalCycle.organisation_id, region=Organisation.region_id))
    )


def get_feedback_request(request_id: int) -> FeedbackRequest:
    request = db.session.scalar(
        select(FeedbackRequest)
        .where(FeedbackRequest.id == request_id)
        .options(
            joinedload(FeedbackRequest.appraisal).joinedload(Appraisal.appraisee),
            joinedload(FeedbackRequest.appraisal).joinedload(Appraisal.cycle),
            joinedload(FeedbackRequest.appraisal).joinedload(Appraisal.framework).selectinload(Framework.scale),
            joinedload(FeedbackRequest.appraisal).options(_RATINGS_WITH_STATEMENTS),
        )
    )
    if request is None:
        raise NotFound("No such feedback request")
    return request


def feedback_requests_to_query(person_id: int | None):
    """Requests a colleague has been sent, unanswered first, with the appraisee for each."""
    return (
        select(FeedbackRequest)
        .where(FeedbackRequest.respondent_id == person_id)
        .options(
            joinedload(FeedbackRequest.appraisal).joinedload(Appraisal.appraisee),
            joinedload(FeedbackRequest.appraisal).joinedload(Appraisal.cycle),
        )
        .order_by(FeedbackRequest.answered, FeedbackRequest.due_on, FeedbackRequest.id)
    )


def feedback_requests_to(person_id: int | None) -> list[FeedbackRequest]:
    return list(db.session.scalars(feedback_requests_to_query(person_id)))


def feedback_requests_for(appraisal_id: int) -> list[FeedbackRequest]:
    """Who was asked about an appraisal (not who answered, which is not shown to anyone)."""
    return list(
        db.session.scalars(
            select(FeedbackRequest)
            .where(FeedbackRequest.appraisal_id == appraisal_id)
            .options(joinedload(FeedbackRequest.respondent))
            .order_by(FeedbackRequest.id)
        )
    )


def feedback_counts(appraisal_id: int) -> tuple[int, int, int]:
    """(colleagues asked, answers given, answers released to the summary)."""
    requested = db.session.scalar(
        select(func.count()).select_from(FeedbackRequest).where(FeedbackRequest.appraisal_id == appraisal_id)
    )
    received, released = db.session.execute(
        select(func.count(), func.count().filter(FeedbackResponse.released.is_(True))).where(
            FeedbackResponse.appraisal_id == appraisal_id
        )
    ).one()
    return requested, received, released


def feedback_answers(appraisal_id: int):
    """Counts per statement and rating, comments per statement, and general comments."""
    counts: dict[int, dict[int, int]] = {}
    for statement_id, rating, number in db.session.execute(
        select(FeedbackAnswer.statement_id, FeedbackAnswer.rating, func.count())
        .join(FeedbackResponse, FeedbackResponse.id == FeedbackAnswer.response_id)
        .where(
            FeedbackResponse.appraisal_id == appraisal_id,
            FeedbackResponse.released.is_(True),
            FeedbackAnswer.rating.is_not(None),
        )
        .group_by(FeedbackAnswer.statement_id, FeedbackAnswer.rating)
    ):
        counts.setdefault(statement_id, {})[rating] = number
    comments: dict[int, list[str]] = {}
    for statement_id, comment in db.session.execute(
        select(FeedbackAnswer.statement_id, FeedbackAnswer.comment)
        .join(FeedbackResponse, FeedbackResponse.id == FeedbackAnswer.response_id)
        .where(
            FeedbackResponse.appraisal_id == appraisal_id,
            FeedbackResponse.released.is_(True),
            FeedbackAnswer.comment != "",
        )
    ):
        comments.setdefault(statement_id, []).append(comment)
    general = list(
        db.session.scalars(
            select(FeedbackResponse.comment).where(
                FeedbackResponse.appraisal_id == appraisal_id,
                FeedbackResponse.released.is_(True),
                FeedbackResponse.comment != "",
            )
        )
    )
    return counts, comments, general


def awaiting_endorsement(scope) -> list[Appraisal]:
    """Board members' appraisals submitted to the regions ``scope`` covers, oldest first."""
    return list(
        db.session.scalars(
            select(Appraisal)
            .join(AppraisalCycle, AppraisalCycle.id == Appraisal.cycle_id)
            .join(Organisation, Organisation.id == AppraisalCycle.organisation_id)
            .where(Appraisal.status == AppraisalStatus.SUBMITTED)
            .where(scope.condition(organisation=AppraisalCycle.organisation_id, region=Organisation.region_id))
            .options(
                joinedload(Appraisal.appraisee),
                joinedload(Appraisal.cycle).joinedload(AppraisalCycle.organisation),
            )
            .order_by(Appraisal.submitted_to_region_at)
        )
    )


#: Feedback informs the discussion, so it is gathered until the appraisal has been discussed.
FEEDBACK_OPEN = (AppraisalStatus.DRAFT, AppraisalStatus.SELF_ASSESSED, AppraisalStatus.MANAGER_ASSESSED)


def outstanding_feedback_requests() -> list[FeedbackRequest]:
    """Unanswered requests on appraisals still gathering feedback, for the reminders job."""
    return list(
        db.session.scalars(
            select(FeedbackRequest)
            .join(Appraisal, Appraisal.id == FeedbackRequest.appraisal_id)
            .where(
                FeedbackRequest.answered.is_(False),
                Appraisal.status.in_(FEEDBACK_OPEN),
            )
            .options(joinedload(FeedbackRequest.appraisal).joinedload(Appraisal.appraisee))
        )
    )
