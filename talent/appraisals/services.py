"""The appraisal workflow: explicit states, who may move an appraisal on, and what each step needs.

draft → self-assessment submitted → manager assessment submitted → discussed → signed off by
both (→ for board members: submitted to the region → endorsed). Every other move is refused
with a message that says what state the appraisal is in and what comes next.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import aliased

from talent.appraisals import queries as appraisal_queries
from talent.appraisals.models import (
    Appraisal,
    AppraisalCycle,
    AppraisalStatus,
    AppraisalVariant,
    BehaviourRating,
    Objective,
)
from talent.audit.services import record_event
from talent.dates import nhs_date
from talent.db import utcnow
from talent.errors import Conflict, Forbidden, RuleViolation
from talent.extensions import db
from talent.insights import services as insight_services
from talent.people.models import Person, Post
from talent.people.queries import current_post_filter
from talent.standards.models import BehaviourStatement, Domain, Framework, FrameworkStatus, Standard

STALE = "Someone else changed this appraisal since you opened it. Reload the page and check their changes."
#: A board member's fit and proper person assessment must be this recent at sign-off.
FPPT_VALID_FOR = timedelta(days=365)

_NEXT_STEP = {
    AppraisalStatus.DRAFT: "the appraisee submits their self-assessment",
    AppraisalStatus.SELF_ASSESSED: "the appraiser submits their assessment",
    AppraisalStatus.MANAGER_ASSESSED: "the appraisal is discussed",
    AppraisalStatus.DISCUSSED: "both sign it off",
    AppraisalStatus.SIGNED_OFF: "nothing: it is signed off",
    AppraisalStatus.SUBMITTED: "the region endorses it",
    AppraisalStatus.ENDORSED: "nothing: it is endorsed",
}


def _require_state(appraisal: Appraisal, *allowed: AppraisalStatus, doing: str) -> None:
    if appraisal.status not in allowed:
        raise RuleViolation(
            f"You cannot {doing} now: this appraisal is '{appraisal.status.label}', "
            f"and the next step is that {_NEXT_STEP[appraisal.status]}"
        )


def _require_party(appraisal: Appraisal, person_id: int | None, party: str) -> None:
    expected = appraisal.appraisee_id if party == "appraisee" else appraisal.appraiser_id
    if person_id != expected:
        raise Forbidden(f"Only the {party} can do this")


def _check_version(appraisal: Appraisal, expected_version: int | None) -> None:
    if expected_version is not None and appraisal.version != expected_version:
        raise Conflict(STALE)


def create_cycle(organisation, *, year: int, opens_on: date, due_on: date) -> AppraisalCycle:
    if due_on < opens_on:
        raise RuleViolation("The due date must be the same as or after the opening date", field="due_on")
    if db.session.scalar(
        select(AppraisalCycle.id).where(AppraisalCycle.organisation_id == organisation.id, AppraisalCycle.year == year)
    ):
        raise RuleViolation(f"{organisation.display_name} already has a {year} cycle", field="year")
    cycle = AppraisalCycle(organisation_id=organisation.id, year=year, opens_on=opens_on, due_on=due_on)
    db.session.add(cycle)
    db.session.flush()
    return cycle


def line_manager_of(person_id: int, on: date) -> tuple[Post | None, Person | None]:
    """The person's current post and whoever holds the post it reports to."""
    manager_post = aliased(Post)
    row = db.session.execute(
        select(Post, Person)
        .outerjoin(manager_post, manager_post.id == Post.reports_to_post_id)
        .outerjoin(Person, Person.id == manager_post.person_id)
        .where(Post.person_id == person_id, current_post_filter(Post, on))
        .order_by(Post.start_date.desc())
        .limit(1)
    ).first()
    return (row[0], row[1]) if row else (None, None)


def _active_framework(code: str) -> Framework:
    framework = db.session.scalar(
        select(Framework).where(Framework.code == code, Framework.status == FrameworkStatus.ACTIVE)
    )
    if framework is None:
        raise RuleViolation("The standards are not set up yet: run flask standards seed")
    return framework


def start_appraisal(cycle: AppraisalCycle, appraisee: Person, *, today: date | None = None) -> Appraisal:
    """Start the appraisee's appraisal for the cycle with their line manager as appraiser.

    Board members (chairs and non-executive directors) get the board variant: the Leadership
    Competency Framework's statements and scale; everyone else the Healthcare Leadership Model.
    """
    today = today or date.today()
    if today < cycle.opens_on:
        raise RuleViolation(f"The {cycle.name} cycle opens on {nhs_date(cycle.opens_on)}")
    if db.session.scalar(
        select(Appraisal.id).where(Appraisal.cycle_id == cycle.id, Appraisal.appraisee_id == appraisee.id)
    ):
        raise RuleViolation(f"{appraisee.full_name} already has an appraisal in the {cycle.name} cycle")
    post, manager = line_manager_of(appraisee.id, today)
    if post is None or manager is None:
        raise RuleViolation(f"{appraisee.full_name} has no line manager recorded, so no one can appraise them")
    board = post.band.is_board
    framework = _active_framework("lcf" if board else "hlm")
    statements = db.session.scalars(
        select(BehaviourStatement.id)
        .join(BehaviourStatement.standard)
        .join(Standard.domain)
        .where(Domain.framework_id == framework.id)
        .order_by(Domain.position, Standard.position, BehaviourStatement.position)
    ).all()
    appraisal = Appraisal(
        cycle_id=cycle.id,
        appraisee_id=appraisee.id,
        appraiser_id=manager.id,
        variant=AppraisalVariant.BOARD if board else AppraisalVariant.STANDARD,
        framework_id=framework.id,
        status=AppraisalStatus.DRAFT,
    )
    appraisal.ratings = [BehaviourRating(statement_id=statement_id) for statement_id in statements]
    db.session.add(appraisal)
    db.session.flush()
    return appraisal


def start_current_appraisal(appraisee: Person, *, today: date | None = None) -> Appraisal:
    """Start the appraisee's appraisal in their organisation's current cycle."""
    today = today or date.today()
    cycle = appraisal_queries.current_cycle(appraisee.organisation_id, today)
    if cycle is None:
        raise RuleViolation(f"{appraisee.organisation.display_name} has no appraisal cycle open yet")
    return start_appraisal(cycle, appraisee, today=today)


def read_appraisal(appraisal: Appraisal, *, actor) -> Appraisal:
    """For showing an appraisal's text: the read is audited."""
    record_event("appraisal_viewed", actor=actor, subject=appraisal, status=appraisal.status.value)
    return appraisal


def _save_fppt_date(appraisal: Appraisal, fppt_assessed_on: date | None, *, today: date | None = None) -> None:
    if fppt_assessed_on is not None and fppt_assessed_on > (today or date.today()):
        raise RuleViolation("The assessment date cannot be in the future", field="fppt_assessed_on")
    appraisal.fppt_assessed_on = fppt_assessed_on


def _scale_positions(appraisal: Appraisal) -> dict[int, bool]:
    return {point.position: point.is_rating for point in appraisal.framework.scale}


def _check_rating(appraisal: Appraisal, value: int | None, field: str) -> None:
    if value is not None and value not in _scale_positions(appraisal):
        raise RuleViolation("Choose a point on the framework's rating scale", field=field)


@dataclass
class RatingInput:
    statement_id: int
    rating: int | None
    evidence: str = ""


@dataclass
class ObjectiveInput:
    text: str
    measure: str
    due_on: date
    is_edi: bool = False
    progress: str = ""


def _apply_ratings(appraisal: Appraisal, ratings: list[RatingInput], *, side: str) -> None:
    by_statement = {rating.statement_id: rating for rating in appraisal.ratings}
    # Check everything first, so a refusal leaves every rating as it was.
    for item in ratings:
        if item.statement_id not in by_statement:
            raise RuleViolation("That behaviour statement is not part of this appraisal", field="ratings")
        _check_rating(appraisal, item.rating, f"rating-{item.statement_id}")
    for item in ratings:
        record = by_statement[item.statement_id]
        setattr(record, f"{side}_rating", item.rating)
        setattr(record, f"{side}_evidence", item.evidence.strip())


def save_self_assessment(
    appraisal: Appraisal,
    *,
    actor_person_id: int,
    ratings: list[RatingInput],
    objectives: list[ObjectiveInput],
    wellbeing: str,
    career: str,
    development_needs: str,
    expected_version: int | None = None,
) -> None:
    """The appraisee's draft: objectives, self-ratings with evidence, and the conversations."""
    _require_party(appraisal, actor_person_id, "appraisee")
    _require_state(appraisal, AppraisalStatus.DRAFT, doing="change the self-assessment")
    _check_version(appraisal, expected_version)
    for index, objective in enumerate(objectives):
        if not (objective.text.strip() and objective.measure.strip()):
            raise RuleViolation(
                f"Objective {index + 1}: say what will be done and how it will be measured", field="objectives"
            )
    _apply_ratings(appraisal, ratings, side="self")
    appraisal.objectives = [
        Objective(
            position=position,
            text=o.text.strip(),
            measure=o.measure.strip(),
            due_on=o.due_on,
            is_edi=o.is_edi,
            progress=o.progress.strip(),
        )
        for position, o in enumerate(objectives, 1)
    ]
    appraisal.wellbeing_conversation = wellbeing.strip()
    appraisal.career_conversation = career.strip()
    appraisal.development_needs = development_needs.strip()
    db.session.flush()


def submit_self_assessment(appraisal: Appraisal, *, actor_person_id: int, expected_version: int | None = None):
    _require_party(appraisal, actor_person_id, "appraisee")
    _require_state(appraisal, AppraisalStatus.DRAFT, doing="submit the self-assessment")
    _check_version(appraisal, expected_version)
    if not appraisal.objectives:
        raise RuleViolation("Add at least one objective before you submit", field="objectives")
    unrated = [r for r in appraisal.ratings if r.self_rating is None]
    if unrated:
        raise RuleViolation(f"Rate every behaviour before you submit: {len(unrated)} still to rate", field="ratings")
    appraisal.status = AppraisalStatus.SELF_ASSESSED
    db.session.flush()


def save_manager_assessment(
    appraisal: Appraisal,
    *,
    actor_person_id: int,
    ratings: list[RatingInput],
    objectives_rating: int | None,
    behaviours_rating: int | None,
    fppt_assessed_on: date | None = None,
    expected_version: int | None = None,
) -> None:
    _require_party(appraisal, actor_person_id, "appraiser")
    _require_state(appraisal, AppraisalStatus.SELF_ASSESSED, doing="change the manager assessment")
    _check_version(appraisal, expected_version)
    if appraisal.variant is AppraisalVariant.BOARD:
        _save_fppt_date(appraisal, fppt_assessed_on)
    _check_rating(appraisal, objectives_rating, "objectives_rating")
    _check_rating(appraisal, behaviours_rating, "behaviours_rating")
    _apply_ratings(appraisal, ratings, side="manager")
    appraisal.objectives_rating = objectives_rating
    appraisal.behaviours_rating = behaviours_rating
    db.session.flush()


def submit_manager_assessment(appraisal: Appraisal, *, actor_person_id: int, expected_version: int | None = None):
    _require_party(appraisal, actor_person_id, "appraiser")
    _require_state(appraisal, AppraisalStatus.SELF_ASSESSED, doing="submit the manager assessment")
    _check_version(appraisal, expected_version)
    unrated = [r for r in appraisal.ratings if r.manager_rating is None]
    if unrated:
        raise RuleViolation(f"Rate every behaviour before you submit: {len(unrated)} still to rate", field="ratings")
    if appraisal.objectives_rating is None or appraisal.behaviours_rating is None:
        raise RuleViolation("Give an overall rating for objectives and for behaviours", field="objectives_rating")
    appraisal.status = AppraisalStatus.MANAGER_ASSESSED
    db.session.flush()


def record_discussion(appraisal: Appraisal, *, actor_person_id: int, discussed_on: date, today: date | None = None):
    _require_party(appraisal, actor_person_id, "appraiser")
    _require_state(appraisal, AppraisalStatus.MANAGER_ASSESSED, doing="record the discussion")
    if discussed_on > (today or date.today()):
        raise RuleViolation("The discussion date cannot be in the future", field="discussed_on")
    appraisal.discussed_on = discussed_on
    appraisal.status = AppraisalStatus.DISCUSSED
    db.session.flush()


def _check_board_rules(appraisal: Appraisal, today: date) -> None:
    if appraisal.variant is not AppraisalVariant.BOARD:
        return
    if not any(objective.is_edi for objective in appraisal.objectives):
        raise RuleViolation("A board member's appraisal needs at least one EDI objective", field="objectives")
    if appraisal.fppt_assessed_on is None or today - appraisal.fppt_assessed_on > FPPT_VALID_FOR:
        raise RuleViolation(
            "Record a fit and proper person assessment from the last 12 months before signing off",
            field="fppt_assessed_on",
        )


def sign_off(appraisal: Appraisal, *, actor_person_id: int, disagreement: str = "", today: date | None = None) -> None:
    """Each party signs. The appraiser's ratings stand; an appraisee who disagrees says so as
    they sign, and can escalate. When both have signed, the appraisal is read-only."""
    today = today or date.today()
    _require_state(appraisal, AppraisalStatus.DISCUSSED, doing="sign off")
    _check_board_rules(appraisal, today)
    now = utcnow()
    if actor_person_id == appraisal.appraisee_id:
        if appraisal.appraisee_signed_at:
            raise RuleViolation("You have already signed this appraisal")
        appraisal.appraisee_signed_at = now
        appraisal.appraisee_disagreement = disagreement.strip() or None
    elif actor_person_id == appraisal.appraiser_id:
        if appraisal.appraiser_signed_at:
            raise RuleViolation("You have already signed this appraisal")
        appraisal.appraiser_signed_at = now
    else:
        raise Forbidden("Only the appraisee and the appraiser can sign off")
    if appraisal.appraisee_signed_at and appraisal.appraiser_signed_at:
        appraisal.status = AppraisalStatus.SIGNED_OFF
    db.session.flush()


@dataclass
class FairnessBreakdown:
    """One protected characteristic: the published (disclosure-controlled) distribution of
    overall behaviour ratings by group, and the relative likelihood of the top rating."""

    key: str
    label: str
    groups: list[tuple[str, str]]
    table: object
    top_rating: object | None


def appraisal_fairness(scope, year: int, on: date) -> list[FairnessBreakdown]:
    """Every breakdown goes through the insights service, so no cell under the minimum is
    ever returned; the relative likelihood is suppressed with its small counts."""
    population = appraisal_queries.fairness_population(scope, year, on)
    positions = [point.position for point in _hlm_scale()]
    results = []
    for key, (label, groups, pair) in appraisal_queries.FAIRNESS_BREAKDOWNS.items():
        table = insight_services.count_by(
            population, row="rating", column=key, rows=positions, columns=[g for g, _ in groups]
        )
        top = None
        if pair:
            top = insight_services.compare(population, group=key, outcome="top", reference=pair[0], comparison=pair[1])
        results.append(FairnessBreakdown(key, label, groups, table, top))
    return results


def _hlm_scale():
    framework = db.session.scalar(
        select(Framework).where(Framework.code == "hlm", Framework.status == FrameworkStatus.ACTIVE)
    )
    return framework.scale if framework else []


def hlm_scale_labels() -> dict[int, str]:
    return {point.position: point.label for point in _hlm_scale()}


def completion_table(scope, year: int, on: date):
    """Where appraisals stand for everyone in post in ``scope``: (what each row is, table).

    Regions and national see organisations; HR sees bands in their organisation; a manager
    sees each person in their team.
    """
    if scope.everything or scope.region_ids:
        row = "organisation"
    elif scope.organisation_ids:
        row = "band_group"
    else:
        row = "person"
    table = insight_services.count_by(
        appraisal_queries.completion_population(scope, year, on),
        row=row,
        column="state",
        columns=[key for key, _ in appraisal_queries.COMPLETION_STATES],
        policy=insight_services.NOT_ABOUT_CHARACTERISTICS,
    )
    return row, table
