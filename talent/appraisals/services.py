"""The appraisal workflow: explicit states, who may move an appraisal on, and what each step needs.

draft → self-assessment submitted → manager assessment submitted → discussed → signed off by
both (→ for board members: submitted to the region → endorsed). Every other move is refused
with a message that says what state the appraisal is in and what comes next.
"""

from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import func, insert, literal, select
from sqlalchemy.orm import aliased

from talent.appraisals import queries as appraisal_queries
from talent.appraisals.inputs import AMENDABLE, OBJECTIVE_OUTCOMES, ObjectiveInput, RatingInput
from talent.appraisals.models import (
    Appraisal,
    AppraisalAmendment,
    AppraisalCycle,
    AppraisalStatus,
    AppraisalVariant,
    BehaviourRating,
    CompletionCount,
    FairnessCount,
    FeedbackRequest,
    Objective,
)
from talent.appraisals.sections import Unfinished, submission_problems
from talent.audit.services import record_event
from talent.auth.models import Account, Role
from talent.auth.policy import ListScope, refuse_own_record
from talent.auth.queries import accounts_of, role_holders
from talent.dates import nhs_date
from talent.db import UTCDateTime, utcnow
from talent.errors import Conflict, Forbidden, NotFound, RuleViolation
from talent.extensions import db
from talent.imports import bulk_insert
from talent.notifications.services import link_to, notify, withdraw
from talent.orgs.models import OrganisationType
from talent.people.models import Person, Post
from talent.people.queries import current_post_filter
from talent.programmes.models import Programme
from talent.standards.models import BehaviourStatement, Domain, Framework, FrameworkStatus, Standard

STALE = "Someone else changed this appraisal since you opened it. Reload the page and check their changes."
#: A board member's fit and proper person assessment must be this recent at sign-off.
FPPT_VALID_FOR = timedelta(days=365)

_NEXT_STEP = {
    AppraisalStatus.DRAFT: "the appraisee submits their self-assessment",
    AppraisalStatus.SELF_ASSESSED: "the appraiser submits their assessment",
    AppraisalStatus.MANAGER_ASSESSED: "the appraisal is discussed",
    AppraisalStatus.DISCUSSED: "both sign it off",
    AppraisalStatus.SIGNED_OFF: "nothing: it is signed off, and corrections are made as amendments",
    AppraisalStatus.SUBMITTED: "the region endorses it",
    AppraisalStatus.ENDORSED: "nothing: it is endorsed, and corrections are made as amendments",
}
#: Organisations whose chairs' and non-executive directors' appraisals go to the region.
_ENDORSED_BY_REGION = (OrganisationType.NHS_TRUST, OrganisationType.FOUNDATION_TRUST, OrganisationType.ICB)
#: States after sign-off: read-only except through an audited amendment.
FINISHED = (AppraisalStatus.SIGNED_OFF, AppraisalStatus.SUBMITTED, AppraisalStatus.ENDORSED)


def needs_regional_endorsement(appraisal: Appraisal) -> bool:
    """Chairs and non-executive directors of trusts and ICBs have their appraisals endorsed by
    the region after sign-off."""
    return appraisal.variant is AppraisalVariant.BOARD and appraisal.cycle.organisation.org_type in _ENDORSED_BY_REGION


def next_step(appraisal: Appraisal) -> str:
    if appraisal.status is AppraisalStatus.SIGNED_OFF and needs_regional_endorsement(appraisal):
        return "the appraiser submits it to the region"
    return _NEXT_STEP[appraisal.status]


def _require_state(appraisal: Appraisal, *allowed: AppraisalStatus, doing: str) -> None:
    if appraisal.status not in allowed:
        raise RuleViolation(
            f"You cannot {doing} now: this appraisal is '{appraisal.status.label}', "
            f"and the next step is that {next_step(appraisal)}"
        )


#: States in which colleagues may still be asked for, and give, feedback.
FEEDBACK_OPEN = appraisal_queries.FEEDBACK_OPEN

#: Everything a person can do to an appraisal, with the words used when it is refused for its state.
ACTIONS = {
    "self_assess": "change the self-assessment",
    "manager_assess": "change the manager assessment",
    "record_discussion": "record the discussion",
    "request_feedback": "ask for feedback",
    "sign_off": "sign off",
    "escalate": "escalate a disagreement",
    "resolve_escalation": "record the outcome of the escalation",
    "amend": "correct the appraisal",
    "submit_to_region": "submit it to the region",
}


@dataclass(frozen=True)
class _Asker:
    """Who is asking to act on an appraisal, as the workflow rules see them."""

    appraisal: Appraisal
    person_id: int | None
    action: str
    may_review: bool

    @property
    def is_appraisee(self) -> bool:
        return self.person_id is not None and self.person_id == self.appraisal.appraisee_id

    @property
    def is_appraiser(self) -> bool:
        return self.person_id is not None and self.person_id == self.appraisal.appraiser_id

    def wrong_state(self) -> RuleViolation:
        appraisal = self.appraisal
        return RuleViolation(
            f"You cannot {ACTIONS[self.action]} now: this appraisal is '{appraisal.status.label}', "
            f"and the next step is that {next_step(appraisal)}"
        )


#: The state each single-party step is taken in, and by which party.
_STEPS = {
    "self_assess": ("appraisee", AppraisalStatus.DRAFT),
    "manager_assess": ("appraiser", AppraisalStatus.SELF_ASSESSED),
    "record_discussion": ("appraiser", AppraisalStatus.MANAGER_ASSESSED),
    "submit_to_region": ("appraiser", AppraisalStatus.SIGNED_OFF),
}


def _step_refusal(asker: _Asker):
    party, needed = _STEPS[asker.action]
    if asker.action == "submit_to_region" and not needs_regional_endorsement(asker.appraisal):
        return RuleViolation("Only chairs' and non-executive directors' appraisals at trusts and ICBs go to the region")
    if not (asker.is_appraisee if party == "appraisee" else asker.is_appraiser):
        return Forbidden(f"Only the {party} can do this")
    return None if asker.appraisal.status is needed else asker.wrong_state()


def _feedback_refusal(asker: _Asker):
    if not (asker.is_appraisee or asker.is_appraiser):
        return Forbidden("Only the appraisee or the appraiser can ask for feedback")
    if asker.appraisal.status not in FEEDBACK_OPEN:
        label = asker.appraisal.status.label
        return RuleViolation(f"Feedback is gathered until the appraisal is discussed; this one is '{label}'")
    return None


def _sign_off_refusal(asker: _Asker):
    appraisal = asker.appraisal
    if appraisal.status is not AppraisalStatus.DISCUSSED:
        return asker.wrong_state()
    if not (asker.is_appraisee or asker.is_appraiser):
        return Forbidden("Only the appraisee and the appraiser can sign off")
    signed = appraisal.appraisee_signed_at if asker.is_appraisee else appraisal.appraiser_signed_at
    return RuleViolation("You have already signed this appraisal") if signed else None


def _escalate_refusal(asker: _Asker):
    appraisal = asker.appraisal
    if not asker.is_appraisee:
        return Forbidden("Only the appraisee can do this")
    if not appraisal.appraisee_signed_at or not appraisal.appraisee_disagreement:
        return RuleViolation("Record your disagreement when you sign off; then you can escalate it")
    if appraisal.escalated_at:
        return RuleViolation(f"You escalated this disagreement on {nhs_date(appraisal.escalated_at.date())}")
    return None


def _resolve_refusal(asker: _Asker):
    appraisal = asker.appraisal
    if not asker.may_review:
        return Forbidden("Only the appraisee's management chain and HR can do this")
    if not appraisal.escalated_at:
        return RuleViolation("This appraisal has no escalated disagreement")
    if appraisal.escalation_resolved_at:
        return RuleViolation(f"The outcome was recorded on {nhs_date(appraisal.escalation_resolved_at.date())}")
    parties = (appraisal.appraisee_id, appraisal.appraiser_id)
    return _own_record(asker.person_id, *parties, doing="record the outcome of a disagreement")


def _amend_refusal(asker: _Asker):
    appraisal = asker.appraisal
    if not asker.may_review:
        return Forbidden("Only the appraisee's management chain and HR can do this")
    if appraisal.status not in FINISHED:
        return RuleViolation(
            f"Only a signed-off appraisal is amended; this one is '{appraisal.status.label}', "
            f"so change it through the next step: {next_step(appraisal)}"
        )
    return _own_record(asker.person_id, appraisal.appraisee_id, doing="correct an appraisal")


_RULES = {
    **dict.fromkeys(_STEPS, _step_refusal),
    "request_feedback": _feedback_refusal,
    "sign_off": _sign_off_refusal,
    "escalate": _escalate_refusal,
    "resolve_escalation": _resolve_refusal,
    "amend": _amend_refusal,
}


def refusal(appraisal: Appraisal, person_id: int | None, action: str, *, may_review: bool = True):
    """Why this person may not take ``action`` on this appraisal now, as the error to raise; None
    if they may. The one rule for the workflow: the services' guards raise what it returns, and
    the appraisal page shows a button for exactly the actions it allows (:func:`actions_for`).

    :param may_review: whether the person holds ``appraisal.review`` for it (the management chain
        and HR); the routes for corrections and escalation outcomes check it before the service.
    """
    return _RULES[action](_Asker(appraisal, person_id, action, may_review))


def _own_record(person_id, *subjects, doing: str):
    try:
        refuse_own_record(person_id, *subjects, doing=doing)
    except Forbidden as error:
        return error
    return None


def actions_for(appraisal: Appraisal, person_id: int | None, *, may_review: bool) -> set[str]:
    """What this person may do to this appraisal now: exactly the actions the services accept."""
    return {action for action in ACTIONS if refusal(appraisal, person_id, action, may_review=may_review) is None}


def _require_action(appraisal: Appraisal, person_id: int | None, action: str) -> None:
    error = refusal(appraisal, person_id, action)
    if error is not None:
        raise error


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
    _tell_party(
        appraisal,
        appraisee.id,
        kind="appraisal_started",
        title=f"Your {cycle.name} appraisal has started",
        body=f"Complete your self-assessment, and ask colleagues for feedback, by {nhs_date(cycle.due_on)}.",
    )
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


#: What became of an objective, recorded by the appraiser.
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
    actor: Account,
    ratings: list[RatingInput] | None = None,
    objectives: list[ObjectiveInput] | None = None,
    wellbeing: str | None = None,
    career: str | None = None,
    development_needs: str | None = None,
    development_programme_ids: list[int] | tuple | None = None,
    expected_version: int | None = None,
) -> None:
    """The appraisee's draft: objectives, self-ratings with evidence, the conversations, and
    development needs with the programmes that would meet them. A part given as None is left as
    it is, so each section's page saves only its own part."""
    _require_action(appraisal, actor.person_id, "self_assess")
    _check_version(appraisal, expected_version)
    for index, objective in enumerate(objectives or []):
        if not (objective.text.strip() and objective.measure.strip()):
            raise RuleViolation(
                f"Objective {index + 1}: say what will be done and how it will be measured", field="objectives"
            )
    programmes = _programmes(development_programme_ids) if development_programme_ids is not None else None
    _apply_ratings(appraisal, ratings or [], side="self")
    if programmes is not None:
        appraisal.development_programmes = programmes
    if objectives is not None:
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
    for attribute, text in (
        ("wellbeing_conversation", wellbeing),
        ("career_conversation", career),
        ("development_needs", development_needs),
    ):
        if text is not None:
            setattr(appraisal, attribute, text.strip())
    db.session.flush()


def _programmes(programme_ids) -> list[Programme]:
    wanted = set(programme_ids)
    if not wanted:
        return []
    found = list(db.session.scalars(select(Programme).where(Programme.id.in_(wanted))))
    if len(found) != len(wanted):
        raise RuleViolation("Choose programmes from the catalogue", field="development_programme_ids")
    return found


def _refuse_problems(appraisal: Appraisal, side: str) -> None:
    """Refuse a submission while anything is still to do, naming all of it."""
    problems = submission_problems(appraisal, side)
    if problems:
        raise Unfinished(problems)


def submit_self_assessment(appraisal: Appraisal, *, actor: Account, expected_version: int | None = None):
    _require_action(appraisal, actor.person_id, "self_assess")
    _check_version(appraisal, expected_version)
    _refuse_problems(appraisal, "self")
    appraisal.status = AppraisalStatus.SELF_ASSESSED
    db.session.flush()
    _tell_party(
        appraisal,
        appraisal.appraiser_id,
        kind="self_assessment_submitted",
        title=f"{appraisal.appraisee.full_name} has submitted their self-assessment",
        body="Complete the manager assessment, then meet to discuss the appraisal.",
    )


def save_manager_assessment(
    appraisal: Appraisal,
    *,
    actor: Account,
    ratings: list[RatingInput] | None = None,
    objectives_rating: int | None = None,
    behaviours_rating: int | None = None,
    objective_outcomes: dict[int, str | None] | None = None,
    fppt_assessed_on: date | None = None,
    expected_version: int | None = None,
    overall: bool = True,
) -> None:
    """The appraiser's ratings, overall ratings and, by objective position, each objective's
    outcome (``objective_outcomes``; None leaves outcomes as they are). With ``overall`` False
    the overall ratings and the fit and proper person date are left as they are (a section page
    that does not show them)."""
    _require_action(appraisal, actor.person_id, "manager_assess")
    _check_version(appraisal, expected_version)
    by_position = {objective.position: objective for objective in appraisal.objectives}
    for position, outcome in (objective_outcomes or {}).items():
        if position not in by_position:
            raise RuleViolation(f"This appraisal has no objective {position}", field="objective_outcomes")
        if outcome is not None and outcome not in OBJECTIVE_OUTCOMES:
            raise RuleViolation("Choose met, partly met, not met or not yet due", field=f"outcome_{position}")
    if overall:
        if appraisal.variant is AppraisalVariant.BOARD:
            _save_fppt_date(appraisal, fppt_assessed_on)
        _check_rating(appraisal, objectives_rating, "objectives_rating")
        _check_rating(appraisal, behaviours_rating, "behaviours_rating")
    _apply_ratings(appraisal, ratings or [], side="manager")
    for position, outcome in (objective_outcomes or {}).items():
        by_position[position].outcome = outcome
    if overall:
        appraisal.objectives_rating = objectives_rating
        appraisal.behaviours_rating = behaviours_rating
    db.session.flush()


def submit_manager_assessment(appraisal: Appraisal, *, actor: Account, expected_version: int | None = None):
    _require_action(appraisal, actor.person_id, "manager_assess")
    _check_version(appraisal, expected_version)
    _refuse_problems(appraisal, "manager")
    appraisal.status = AppraisalStatus.MANAGER_ASSESSED
    db.session.flush()
    _tell_party(
        appraisal,
        appraisal.appraisee_id,
        kind="manager_assessment_submitted",
        title=f"{appraisal.appraiser.full_name} has completed their assessment of your appraisal",
        body="Read their ratings before you meet to discuss them.",
    )


def record_discussion(appraisal: Appraisal, *, actor: Account, discussed_on: date, today: date | None = None):
    _require_action(appraisal, actor.person_id, "record_discussion")
    if discussed_on > (today or date.today()):
        raise RuleViolation("The discussion date cannot be in the future", field="discussed_on")
    appraisal.discussed_on = discussed_on
    appraisal.status = AppraisalStatus.DISCUSSED
    db.session.flush()
    # Feedback closes with the discussion: requests not yet answered leave people's lists.
    unanswered = db.session.scalars(
        select(FeedbackRequest.id).where(
            FeedbackRequest.appraisal_id == appraisal.id, FeedbackRequest.answered.is_(False)
        )
    )
    withdraw("feedback_requested", [link_to("appraisals.give_feedback", request_id=id_) for id_ in unanswered])
    _tell_party(
        appraisal,
        appraisal.appraisee_id,
        kind="appraisal_discussed",
        title=f"Your {appraisal.cycle.name} appraisal discussion is recorded",
        body="Sign off the appraisal. If you disagree with a rating, you can say so as you sign.",
    )


def _check_board_rules(appraisal: Appraisal, today: date) -> None:
    if appraisal.variant is not AppraisalVariant.BOARD:
        return
    if not any(objective.is_edi for objective in appraisal.objectives):
        raise RuleViolation(
            "A board member's appraisal needs at least one equality, diversity and inclusion (EDI) objective",
            field="objectives",
        )
    if appraisal.fppt_assessed_on is None or today - appraisal.fppt_assessed_on > FPPT_VALID_FOR:
        raise RuleViolation(
            "Record a fit and proper person assessment from the last 12 months before signing off",
            field="fppt_assessed_on",
        )


def sign_off(appraisal: Appraisal, *, actor: Account, disagreement: str = "", today: date | None = None) -> None:
    """Each party signs. The appraiser's ratings stand; an appraisee who disagrees says so as
    they sign, and can escalate. When both have signed, the appraisal is read-only. Each
    signature is in the audit log."""
    actor_person_id = actor.person_id
    today = today or date.today()
    _require_action(appraisal, actor_person_id, "sign_off")
    _check_board_rules(appraisal, today)
    now = utcnow()
    if actor_person_id == appraisal.appraisee_id:
        appraisal.appraisee_signed_at = now
        appraisal.appraisee_disagreement = disagreement.strip() or None
    else:
        appraisal.appraiser_signed_at = now
    if appraisal.appraisee_signed_at and appraisal.appraiser_signed_at:
        appraisal.status = AppraisalStatus.SIGNED_OFF
    db.session.flush()
    party = "appraisee" if actor_person_id == appraisal.appraisee_id else "appraiser"
    record_event("appraisal_signed", actor=actor, subject=appraisal, party=party, status=appraisal.status.value)
    other = appraisal.appraiser_id if party == "appraisee" else appraisal.appraisee_id
    signer = appraisal.appraisee if party == "appraisee" else appraisal.appraiser
    _tell_party(
        appraisal,
        other,
        kind="appraisal_signed",
        title=f"{signer.full_name} has signed the {appraisal.cycle.name} appraisal of {appraisal.appraisee.full_name}",
        body="Both of you have signed: it is complete."
        if appraisal.status is AppraisalStatus.SIGNED_OFF
        else "Sign it too to complete it.",
    )


_RATING_FIELDS = ("objectives_rating", "behaviours_rating")


def amend_appraisal(
    appraisal: Appraisal,
    *,
    actor,
    field: str,
    rating: int | None = None,
    text: str = "",
    reason: str,
    expected_version: int | None = None,
):
    """Correct a signed-off appraisal. The page shows the corrected value; the amendment keeps
    the value it replaced, who made the change and why, and the audit log records it."""
    _require_action(appraisal, actor.person_id, "amend")
    _check_version(appraisal, expected_version)
    if actor.person_id is None:
        # A correction to someone's appraisal is signed by a named person, as the appraisal is.
        raise Forbidden("Your account is not linked to a staff record, so it cannot sign a correction")
    if field not in AMENDABLE:
        raise RuleViolation("Choose what to correct", field="field")
    if not reason.strip():
        raise RuleViolation("Say why the appraisal needs correcting", field="reason")
    scale = {point.position: point.label for point in appraisal.framework.scale}
    current = getattr(appraisal, field)
    if field in _RATING_FIELDS:
        if rating not in scale:
            raise RuleViolation("Choose the corrected rating", field="rating")
        if rating == current:
            raise RuleViolation("The corrected rating is the same as the current one", field="rating")
        previous, corrected, new_value = scale.get(current, "Not rated"), scale[rating], rating
    else:
        new_value = text.strip()
        if not new_value:
            raise RuleViolation("Enter the corrected text", field="text")
        if new_value == current:
            raise RuleViolation("The corrected text is the same as the current text", field="text")
        previous, corrected = current, new_value
    amendment = AppraisalAmendment(
        field=field,
        previous_value=previous,
        corrected_value=corrected,
        reason=reason.strip(),
        amended_by_id=actor.person_id,
    )
    appraisal.amendments.append(amendment)
    setattr(appraisal, field, new_value)
    db.session.flush()
    record_event("appraisal_amended", actor=actor, subject=appraisal, field=field)
    _notify_all(
        accounts_of({appraisal.appraisee_id, appraisal.appraiser_id} - {actor.person_id}).values(),
        kind="appraisal_amended",
        title=f"Your {appraisal.cycle.name} appraisal has been corrected",
        body=f"{AMENDABLE[field]} was corrected. Reason: {reason.strip()}",
        link=link_to("appraisals.view_appraisal", appraisal_id=appraisal.id),
    )
    return amendment


def _tell_party(appraisal: Appraisal, person_id: int, **message) -> None:
    """Tell the appraisee or the appraiser, in the service and by email, that it is their turn."""
    _notify_all(
        accounts_of([person_id]).values(),
        link=link_to("appraisals.view_appraisal", appraisal_id=appraisal.id),
        **message,
    )


def _notify_all(accounts, **message) -> None:
    for account in accounts:
        notify(account, **message)


def escalate_disagreement(appraisal: Appraisal, *, actor: Account, today: date | None = None) -> None:
    """The appraisee asks for their recorded disagreement to be looked at by the appraiser's
    own manager and HR. The ratings stand until someone amends them."""
    _require_action(appraisal, actor.person_id, "escalate")
    appraisal.escalated_at = utcnow()
    db.session.flush()
    record_event("appraisal_escalated", actor=actor, subject=appraisal)
    _, appraisers_manager = line_manager_of(appraisal.appraiser_id, today or date.today())
    organisation_id = appraisal.cycle.organisation_id
    recipients = role_holders(Role.HR_ADMIN, organisation_ids=[organisation_id]).get(organisation_id, [])
    if appraisers_manager is not None:
        recipients += accounts_of([appraisers_manager.id]).values()
    _notify_all(
        recipients,
        kind="appraisal_escalated",
        title=f"{appraisal.appraisee.full_name} has escalated a disagreement with their appraisal",
        body=f"Appraised by {appraisal.appraiser.full_name}. Look at it and record the outcome.",
        link=link_to("appraisals.resolve_escalation", appraisal_id=appraisal.id),
    )


def resolve_escalation(appraisal: Appraisal, *, actor: Account, outcome: str) -> None:
    """Someone other than the two parties records what was decided (corrections are amendments)."""
    actor_person_id = actor.person_id
    _require_action(appraisal, actor_person_id, "resolve_escalation")
    if not outcome.strip():
        raise RuleViolation("Say what was decided", field="outcome")
    appraisal.escalation_outcome = outcome.strip()
    appraisal.escalation_resolved_at = utcnow()
    appraisal.escalation_resolved_by_id = actor_person_id
    db.session.flush()
    record_event("appraisal_escalation_resolved", actor=actor, subject=appraisal)
    _notify_all(
        accounts_of([appraisal.appraisee_id]).values(),
        kind="appraisal_escalation_resolved",
        title="The outcome of your escalated disagreement is recorded",
        body=outcome.strip(),
        link=link_to("appraisals.view_appraisal", appraisal_id=appraisal.id),
    )


def submit_to_region(appraisal: Appraisal, *, actor: Account) -> None:
    """A trust or ICB board member's signed-off appraisal goes to the region for endorsement."""
    _require_action(appraisal, actor.person_id, "submit_to_region")
    appraisal.status = AppraisalStatus.SUBMITTED
    appraisal.submitted_to_region_at = utcnow()
    db.session.flush()
    record_event("appraisal_submitted_to_region", actor=actor, subject=appraisal)
    region_id = appraisal.cycle.organisation.region_id
    _notify_all(
        role_holders(Role.TALENT_LEAD, region_ids=[region_id]).get(region_id, []),
        kind="appraisal_submitted_to_region",
        title=f"A board member's appraisal is ready for endorsement: {appraisal.appraisee.full_name}",
        body=f"{appraisal.cycle.organisation.display_name}, {appraisal.cycle.name} cycle.",
        link=link_to("appraisals.endorse", appraisal_id=appraisal.id),
    )


def require_endorsable(appraisal: Appraisal) -> Appraisal:
    """The region sees a board member's appraisal once it has been submitted to them, and no other."""
    if not needs_regional_endorsement(appraisal) or appraisal.status not in (
        AppraisalStatus.SUBMITTED,
        AppraisalStatus.ENDORSED,
    ):
        raise NotFound("No appraisal is waiting for the region's endorsement here")
    return appraisal


def endorse_appraisal(appraisal: Appraisal, *, actor: Account, comment: str = "") -> None:
    """The region endorses a board member's submitted appraisal; the comment is kept in its history."""
    actor_person_id = actor.person_id
    require_endorsable(appraisal)
    refuse_own_record(actor_person_id, appraisal.appraisee_id, appraisal.appraiser_id, doing="endorse an appraisal")
    _require_state(appraisal, AppraisalStatus.SUBMITTED, doing="endorse it")
    appraisal.status = AppraisalStatus.ENDORSED
    appraisal.endorsed_at = utcnow()
    appraisal.endorsed_by_id = actor_person_id
    db.session.flush()
    record_event("appraisal_endorsed", actor=actor, subject=appraisal, comment=comment.strip())
    _notify_all(
        accounts_of([appraisal.appraisee_id, appraisal.appraiser_id]).values(),
        kind="appraisal_endorsed",
        title=f"The region has endorsed {appraisal.appraisee.full_name}'s {appraisal.cycle.name} appraisal",
        body="Nothing more is needed for this cycle.",
        link=link_to("appraisals.view_appraisal", appraisal_id=appraisal.id),
    )


def recount_completion(on: date | None = None) -> None:
    """Count the completion summary again, for this cycle year and the last, every organisation
    at once: the rows are replaced in the caller's transaction, so a page never sees half."""
    on = on or date.today()
    counted = CompletionCount.__table__
    now = literal(utcnow(), UTCDateTime())
    this_year = appraisal_queries.cycle_year(on)
    for year in (this_year - 1, this_year):
        db.session.execute(counted.delete().where(counted.c.year == year))
        population = appraisal_queries.completion_population(ListScope(everything=True), year, on).subquery()
        grouped = [population.c.organisation_id, population.c.state]
        db.session.execute(
            insert(counted).from_select(
                ["organisation_id", "state", "year", "headcount", "counted_at"],
                select(*grouped, literal(year), func.count(), now).group_by(*grouped),
            )
        )


def recount_fairness(on: date | None = None) -> None:
    """Count the fairness summary again, for this cycle year and the last, every organisation at
    once and in the caller's transaction: one grouped read of the rated appraisals per measure,
    by every characteristic at once, summed for each here."""
    on = on or date.today()
    counted = FairnessCount.__table__
    now = utcnow()
    this_year = appraisal_queries.cycle_year(on)
    keys = list(appraisal_queries.FAIRNESS_BREAKDOWNS)
    for year in (this_year - 1, this_year):
        db.session.execute(counted.delete().where(counted.c.year == year))
        headcounts: Counter = Counter()
        for measure in appraisal_queries.FAIRNESS_MEASURES:
            population = appraisal_queries.fairness_population(ListScope(everything=True), year, on, measure).subquery()
            grouped = [population.c.organisation_id, population.c.rating, *(population.c[key] for key in keys)]
            for organisation_id, rating, *answers, count in db.session.execute(
                select(*grouped, func.count()).group_by(*grouped)
            ):
                for key, answer in zip(keys, answers, strict=True):
                    headcounts[(organisation_id, measure, key, rating, answer)] += count
        bulk_insert(
            FairnessCount,
            [
                {
                    "organisation_id": organisation_id,
                    "year": year,
                    "measure": measure,
                    "characteristic": key,
                    "rating": rating,
                    "answer": answer,
                    "headcount": count,
                    "counted_at": now,
                }
                for (organisation_id, measure, key, rating, answer), count in headcounts.items()
            ],
        )
