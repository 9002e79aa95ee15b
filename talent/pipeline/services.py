"""Talent conversations, talent pools and nominations, and calibration reviews: the rules.

Who may act is checked twice: the route's permission (the policy) decides whether the record is
within reach at all, and the service decides whether this actor may take this step (only the
line manager records a conversation, only the person agrees it, nobody decides on their own
nomination).
"""

import re
from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy import select

from talent.audit.services import record_event
from talent.auth.models import Account, Role, RoleAssignment
from talent.auth.policy import Principal, can, refuse_own_record
from talent.auth.queries import accounts_of, role_holders
from talent.auth.targets import Target
from talent.dates import nhs_date
from talent.db import utcnow
from talent.errors import Conflict, Forbidden, RuleViolation
from talent.extensions import db
from talent.notifications.services import link_to, notify
from talent.orgs.models import Organisation, Region
from talent.people.models import Band, Person, ProfessionalGroup
from talent.people.queries import get_current_post, reporting_chain_person_ids
from talent.pipeline import queries as pipeline_queries
from talent.pipeline import reports
from talent.pipeline.models import (
    OPEN_MEMBERSHIP,
    Axis,
    CalibrationMove,
    CalibrationPosition,
    CalibrationReview,
    ExperienceTag,
    GrowthDirection,
    LeavingReason,
    MembershipStatus,
    NominationRoute,
    PoolMembership,
    ReadinessLevel,
    Response,
    TalentConversation,
    TalentPool,
    TargetRole,
    TravelFrom,
)
from talent.programmes import services as programme_services
from talent.programmes.models import Programme
from talent.transactions import add_once

STALE = "Someone else changed this since you opened it. Check it again and then make your change"
_POSTCODE_DISTRICT = re.compile(r"^[A-Z]{1,2}[0-9][0-9A-Z]?$")


def _check_version(record, expected_version: int | None) -> None:
    if expected_version is not None and record.version != expected_version:
        raise Conflict(STALE)


def _add_unique(record, message: str) -> None:
    """Add ``record``, turning a clash with a unique index into a Conflict rather than a server error."""
    add_once(record, Conflict(message))


def _tell(person_ids, *, kind: str, title: str, body: str, link: str) -> None:
    for account in accounts_of(person_ids).values():
        notify(account, kind=kind, title=title, body=body, link=link)


# --- Talent conversations -------------------------------------------------------------------


@dataclass
class ConversationInput:
    """What the line manager records, as the form and the API both give it."""

    held_on: date
    impact: Axis
    growth: Axis
    direction: GrowthDirection
    readiness_id: int
    target_band: Band | None = None
    target_role: TargetRole | None = None
    target_professional_group: ProfessionalGroup | None = None
    aspirations: str = ""
    willing_challenged: bool = False
    region_ids: list[int] = field(default_factory=list)
    max_travel_km: int | None = None
    travel_from: TravelFrom | None = None
    home_postcode_district: str | None = None
    development_plan: str = ""
    programme_ids: list[int] = field(default_factory=list)
    #: Experience challenged posts look for, as the manager and the person see it.
    experience: list[ExperienceTag] = field(default_factory=list)


def _checked(data: ConversationInput, today: date) -> tuple[ReadinessLevel, list[Region], list[Programme]]:
    """Every problem with ``data`` at once is not needed here (the form validates its fields);
    these are the rules a form cannot see."""
    if data.held_on > today:
        raise RuleViolation("The date of the conversation must be today or in the past", field="held_on")
    if data.held_on < today - timedelta(days=366):
        raise RuleViolation("Record conversations held in the last 12 months", field="held_on")
    readiness = db.session.get(ReadinessLevel, data.readiness_id)
    if readiness is None or not readiness.in_use:
        raise RuleViolation("Choose a readiness level from the list", field="readiness_id")
    if data.max_travel_km is not None:
        if not 1 <= data.max_travel_km <= 1000:
            raise RuleViolation("Maximum travel must be between 1 and 1,000 km", field="max_travel_km")
        if data.travel_from is None:
            raise RuleViolation("Say where the travel distance is measured from", field="travel_from")
    if data.travel_from is TravelFrom.HOME:
        district = (data.home_postcode_district or "").strip().upper()
        if not _POSTCODE_DISTRICT.match(district):
            raise RuleViolation("Enter the first half of a postcode, like LS1 or SW1A", field="home_postcode_district")
        data.home_postcode_district = district
    else:
        data.home_postcode_district = None
    regions = list(db.session.scalars(select(Region).where(Region.id.in_(set(data.region_ids)))))
    if len(regions) != len(set(data.region_ids)):
        raise RuleViolation("Choose regions from the list", field="region_ids")
    programmes = list(db.session.scalars(select(Programme).where(Programme.id.in_(set(data.programme_ids)))))
    if len(programmes) != len(set(data.programme_ids)):
        raise RuleViolation("Choose programmes from the catalogue", field="programme_ids")
    return readiness, regions, programmes


def record_conversation(
    person: Person, data: ConversationInput, *, actor: Account, today: date | None = None
) -> TalentConversation:
    """The line manager records a talent conversation held with ``person``; it becomes their
    current one (the one before it is kept as history) and waits for the person to agree it.

    :raises Forbidden: unless the actor manages the person (directly or further up the chain).
    """
    today = today or date.today()
    refuse_own_record(actor.person_id, person.id, doing="record a talent conversation")
    if actor.person_id is None or person.id not in reporting_chain_person_ids(actor.person_id, today):
        raise Forbidden("Only someone in the person's line-management chain can record their talent conversation")
    readiness, regions, programmes = _checked(data, today)
    current = pipeline_queries.current_conversation(person.id)
    if current is not None:
        current.replaced_at = utcnow()
        db.session.flush()
    conversation = TalentConversation(
        person_id=person.id,
        facilitator_id=actor.person_id,
        held_on=data.held_on,
        impact=data.impact,
        growth=data.growth,
        direction=data.direction,
        readiness_id=readiness.id,
        target_band=data.target_band,
        target_role=data.target_role,
        target_professional_group=data.target_professional_group,
        aspirations=data.aspirations.strip(),
        willing_challenged=data.willing_challenged,
        max_travel_km=data.max_travel_km,
        travel_from=data.travel_from,
        home_postcode_district=data.home_postcode_district,
        development_plan=data.development_plan.strip(),
        experience=",".join(tag.value for tag in ExperienceTag if tag in data.experience),
        regions=regions,
        programmes=programmes,
    )
    _add_unique(conversation, "Someone else recorded a talent conversation for them just now: check it first")
    # The region's dashboard shows it at once; the rest of the summary is recounted every 15 minutes.
    reports.recount_pipeline([person.organisation_id], on=today)
    record_event("talent_conversation_recorded", actor=actor, subject=conversation, readiness=readiness.code)
    _tell(
        [person.id],
        kind="talent_conversation",
        title="Your talent conversation has been recorded",
        body=f"Read what was recorded from your conversation on {nhs_date(data.held_on)}, "
        "then agree it or say where you differ.",
        link=link_to("pipeline.respond", conversation_id=conversation.id),
    )
    return conversation


def read_conversation(conversation: TalentConversation, *, actor: Account) -> TalentConversation:
    """Give ``conversation`` to a reader; anyone's read but the person's own is in the audit log."""
    if actor.person_id != conversation.person_id:
        record_event("talent_conversation_viewed", actor=actor, subject=conversation)
    return conversation


def respond_to_conversation(
    conversation: TalentConversation,
    *,
    agree: bool,
    comment: str = "",
    actor: Account,
    expected_version: int | None = None,
) -> TalentConversation:
    """The person agrees the record, or records where they differ (which needs their words)."""
    if actor.person_id != conversation.person_id:
        raise Forbidden("Only the person the conversation is about can agree it or say where they differ")
    _check_version(conversation, expected_version)
    if not conversation.is_current:
        raise RuleViolation("A newer conversation has replaced this one: answer that one instead")
    comment = comment.strip()
    if not agree and not comment:
        raise RuleViolation("Say where you differ from what was recorded", field="comment")
    conversation.response = Response.AGREED if agree else Response.DIFFERS
    conversation.response_comment = comment
    conversation.responded_at = utcnow()
    db.session.flush()
    record_event(
        "talent_conversation_answered", actor=actor, subject=conversation, response=conversation.response.value
    )
    _tell(
        [conversation.facilitator_id],
        kind="talent_conversation",
        title=f"{conversation.person.full_name} {'agreed' if agree else 'differs from'} their talent conversation",
        body=comment or "They agreed the record of the conversation.",
        link=link_to("pipeline.view_conversation", conversation_id=conversation.id),
    )
    return conversation


# --- Talent pools and nominations -----------------------------------------------------------


def create_pool(
    *,
    name: str,
    region_id: int | None,
    level: Band,
    min_band: Band,
    max_band: Band,
    readiness_id: int | None,
    conversation_within_months: int | None,
    review_on: date,
    description: str = "",
    principal: Principal,
    today: date | None = None,
) -> TalentPool:
    """A talent lead opens a pool for their region; national pools are for national roles."""
    today = today or date.today()
    if not can(principal, "talent_pool.manage", Target(region_id=region_id)):
        raise Forbidden(
            "You can open pools only for your own region" if region_id else "Only national teams open national pools"
        )
    if not name.strip():
        raise RuleViolation("Enter the pool's name", field="name")
    if min_band.rank > max_band.rank:
        raise RuleViolation("The lowest band must be the same as or below the highest band", field="max_band")
    if review_on <= today:
        raise RuleViolation("The review date must be in the future", field="review_on")
    if conversation_within_months is not None and not 1 <= conversation_within_months <= 60:
        raise RuleViolation("Enter a number of months from 1 to 60", field="conversation_within_months")
    if readiness_id is not None and db.session.get(ReadinessLevel, readiness_id) is None:
        raise RuleViolation("Choose a readiness level from the list", field="readiness_id")
    pool = TalentPool(
        name=name.strip(),
        region_id=region_id,
        level=level,
        min_band=min_band,
        max_band=max_band,
        readiness_id=readiness_id,
        conversation_within_months=conversation_within_months,
        review_on=review_on,
        description=description.strip(),
    )
    db.session.add(pool)
    db.session.flush()
    record_event("talent_pool_created", actor=principal.account, subject=pool, name=pool.name)
    return pool


def criteria_problems(pool: TalentPool, person: Person, today: date) -> list[str]:
    """What ``person`` lacks to join ``pool``, in words (empty if they meet every criterion)."""
    problems = []
    post = get_current_post(person.id, today)
    if post is None:
        problems.append("They do not hold a post at the moment")
    elif not pool.min_band.rank <= post.band.rank <= pool.max_band.rank:
        problems.append(
            f"The pool is for {pool.min_band.label.lower()} to {pool.max_band.label.lower()}; "
            f"their post is {post.band.label.lower()}"
        )
    conversation = pipeline_queries.current_conversation(person.id)
    if pool.conversation_within_months is not None or pool.readiness_id is not None:
        if conversation is None:
            problems.append("They have not had a talent conversation")
        else:
            if pool.conversation_within_months is not None:
                since = today - timedelta(days=round(pool.conversation_within_months * 30.44))
                if conversation.held_on < since:
                    problems.append(
                        f"Their last talent conversation was on {nhs_date(conversation.held_on)}: the pool needs "
                        f"one in the last {pool.conversation_within_months} months"
                    )
            if pool.readiness is not None and conversation.readiness.position > pool.readiness.position:
                problems.append(
                    f"The pool needs readiness of {pool.readiness.label.lower()} or nearer; "
                    f"theirs is {conversation.readiness.label.lower()}"
                )
    eligibility = programme_services.check_eligibility(person.id, pool.level, today)
    if not eligibility.eligible:
        problems.append(f"Prerequisites for {pool.level.label.lower()} not met: {eligibility.summary()}")
    return problems


def nominate(
    pool: TalentPool, person: Person, *, case: str, principal: Principal, today: date | None = None
) -> PoolMembership:
    """Nominate ``person`` into ``pool``: themselves, their line manager, their organisation's HR
    or their region's talent lead. A person may be nominated into any region's pool they meet
    the criteria of.

    :raises RuleViolation: naming every criterion the person does not meet.
    """
    today = today or date.today()
    actor = principal.account
    if actor.person_id == person.id:
        route = NominationRoute.SELF
    elif person.id in principal.report_ids():
        route = NominationRoute.LINE_MANAGER
    elif person.organisation_id in principal.organisation_ids.get(Role.HR_ADMIN, set()):
        route = NominationRoute.HR
    elif person.organisation.region_id in principal.region_ids.get(Role.TALENT_LEAD, set()):
        route = NominationRoute.TALENT_LEAD
    else:
        raise Forbidden(
            "Only the person, their line manager, their organisation's HR or their region's talent lead "
            "can nominate them"
        )
    if pool.closed_on is not None and pool.closed_on <= today:
        raise RuleViolation(f"{pool.name} closed on {nhs_date(pool.closed_on)}", field="pool_id")
    if not case.strip():
        raise RuleViolation("Say why they should join the pool", field="case")
    if pipeline_queries.open_membership(pool.id, person.id) is not None:
        raise RuleViolation(f"{person.full_name} is already nominated for or in {pool.name}", field="pool_id")
    problems = criteria_problems(pool, person, today)
    if problems:
        raise RuleViolation(
            f"{person.full_name} does not meet the criteria for {pool.name}. " + ". ".join(problems), field="pool_id"
        )
    membership = PoolMembership(
        pool_id=pool.id, person_id=person.id, route=route, nominated_by_id=actor.id, case=case.strip()
    )
    _add_unique(membership, f"{person.full_name} was nominated for {pool.name} by someone else just now")
    record_event("pool_nomination_made", actor=actor, subject=membership, route=route.value)
    _tell_deciders(pool, membership, person)
    return membership


def _tell_deciders(pool: TalentPool, membership: PoolMembership, person: Person) -> None:
    if pool.region_id is not None:
        deciders = role_holders(Role.TALENT_LEAD, region_ids=[pool.region_id]).get(pool.region_id, [])
    else:
        # National pools are run by the national teams' system admins.
        deciders = list(
            db.session.scalars(
                select(Account)
                .join(RoleAssignment, RoleAssignment.account_id == Account.id)
                .where(RoleAssignment.role == Role.SYSTEM_ADMIN)
            )
        )
    for account in deciders:
        if account.person_id != person.id:
            notify(
                account,
                kind="pool_nomination",
                title=f"Nomination for {pool.name}",
                body=f"{person.full_name} has been nominated ({membership.route.label.lower()}). Approve it or not.",
                link=link_to("pipeline.decide_nomination", membership_id=membership.id),
            )


def decide_nomination(
    membership: PoolMembership,
    *,
    approve: bool,
    reason: str,
    review_on: date | None = None,
    actor: Account,
    expected_version: int | None = None,
    today: date | None = None,
) -> PoolMembership:
    """The talent lead approves a nomination (the person joins, with a review date) or declines
    it, with a reason either way."""
    today = today or date.today()
    refuse_own_record(actor.person_id, membership.person_id, doing="decide a talent pool nomination")
    _check_version(membership, expected_version)
    if membership.status is not MembershipStatus.NOMINATED:
        raise RuleViolation(f"This nomination has already been decided: {membership.status.label.lower()}")
    if not reason.strip():
        raise RuleViolation("Give the reason for your decision", field="reason")
    review_on = review_on or membership.pool.review_on
    if approve and review_on <= today:
        raise RuleViolation("The review date must be in the future", field="review_on")
    membership.status = MembershipStatus.MEMBER if approve else MembershipStatus.DECLINED
    membership.decided_by_id = actor.id
    membership.decided_at = utcnow()
    membership.decision_reason = reason.strip()
    membership.review_on = review_on if approve else None
    db.session.flush()
    record_event("pool_nomination_decided", actor=actor, subject=membership, outcome=membership.status.value)
    _tell(
        [membership.person_id],
        kind="pool_nomination",
        title=f"{'You have joined' if approve else 'Your nomination was not approved for'} {membership.pool.name}",
        body=reason.strip(),
        link=link_to("pipeline.person_talent", person_id=membership.person_id),
    )
    return membership


def leave_pool(
    membership: PoolMembership,
    *,
    reason: LeavingReason,
    comment: str = "",
    actor: Account,
    expected_version: int | None = None,
    today: date | None = None,
) -> PoolMembership:
    """A member leaves: placed in a post, withdrew, or no longer meets the criteria."""
    today = today or date.today()
    _check_version(membership, expected_version)
    if membership.status not in OPEN_MEMBERSHIP:
        raise RuleViolation(f"{membership.person.full_name} is not in {membership.pool.name}")
    refuse_own_record(actor.person_id, membership.person_id, doing="end a talent pool membership")
    membership.status = MembershipStatus.LEFT
    membership.left_on = today
    membership.left_reason = reason
    membership.left_comment = comment.strip()
    db.session.flush()
    record_event("pool_membership_ended", actor=actor, subject=membership, reason=reason.value)
    return membership


# --- Calibration ----------------------------------------------------------------------------


def open_review(
    *,
    title: str,
    pool: TalentPool | None = None,
    organisation: Organisation | None = None,
    principal: Principal,
    today: date | None = None,
) -> CalibrationReview:
    """Open a talent review meeting over a pool's members or one organisation's band 8a and
    above; each person's position starts where their current conversation put them."""
    today = today or date.today()
    for chosen in (pool, organisation):
        if chosen is not None and not can(principal, "calibration.run", Target(region_id=chosen.region_id)):
            raise Forbidden("You can review only your own region's pools and organisations")
    if (pool is None) == (organisation is None):
        raise RuleViolation("Choose a talent pool or an organisation, not both", field="pool_id")
    region_id = pool.region_id if pool is not None else organisation.region_id
    if not title.strip():
        raise RuleViolation("Enter a title for the review", field="title")
    review = CalibrationReview(
        title=title.strip(),
        pool_id=pool.id if pool else None,
        organisation_id=organisation.id if organisation else None,
        region_id=region_id,
        opened_by_id=principal.account.id,
    )
    db.session.add(review)
    db.session.flush()
    people = pipeline_queries.review_population(pool=pool, organisation=organisation, on=today)
    if not people:
        raise RuleViolation("No one in it has a current talent conversation to review", field="pool_id")
    for conversation in people:
        db.session.add(
            CalibrationPosition(
                review_id=review.id,
                person_id=conversation.person_id,
                readiness_id=conversation.readiness_id,
                impact=conversation.impact,
                growth=conversation.growth,
            )
        )
    db.session.flush()
    record_event("calibration_review_opened", actor=principal.account, subject=review, people=len(people))
    return review


def move_position(
    review: CalibrationReview,
    position: CalibrationPosition,
    *,
    readiness_id: int,
    impact: Axis,
    growth: Axis,
    reason: str,
    actor: Account,
    expected_version: int | None = None,
) -> CalibrationMove:
    """Move one person in the meeting, recording who moved them, from where, to where and why."""
    if not review.is_open:
        raise RuleViolation("This review has closed: positions can no longer change")
    refuse_own_record(actor.person_id, position.person_id, doing="move a calibration position")
    _check_version(position, expected_version)
    readiness = db.session.get(ReadinessLevel, readiness_id)
    if readiness is None or not readiness.in_use:
        raise RuleViolation("Choose a readiness level from the list", field="readiness_id")
    if (readiness.id, impact, growth) == (position.readiness_id, position.impact, position.growth):
        raise RuleViolation("Choose a different position to move them to", field="readiness_id")
    if not reason.strip():
        raise RuleViolation("Say why the meeting moved them", field="reason")
    move = CalibrationMove(
        review_id=review.id,
        person_id=position.person_id,
        moved_by_id=actor.id,
        from_readiness_id=position.readiness_id,
        to_readiness_id=readiness.id,
        from_impact=position.impact,
        to_impact=impact,
        from_growth=position.growth,
        to_growth=growth,
        reason=reason.strip(),
    )
    db.session.add(move)
    position.readiness, position.impact, position.growth = readiness, impact, growth
    db.session.flush()
    record_event("calibration_position_moved", actor=actor, subject=review, person_id=position.person_id)
    return move


def close_review(
    review: CalibrationReview, *, summary: str, actor: Account, expected_version: int | None = None
) -> CalibrationReview:
    _check_version(review, expected_version)
    if not review.is_open:
        raise RuleViolation("This review has already closed")
    if not summary.strip():
        raise RuleViolation("Write a summary of what the meeting agreed", field="summary")
    review.summary = summary.strip()
    review.closed_at = utcnow()
    db.session.flush()
    record_event("calibration_review_closed", actor=actor, subject=review)
    return review
