"""The talent pipeline's API: the same services and policy as the pages."""

from datetime import date, datetime

from flask import g
from pydantic import BaseModel, Field

from talent.api.routing import api_route
from talent.api.schemas import CursorPage, Page, PageQuery, RecordId, Strict
from talent.auth.policy import can, current_principal, list_scope
from talent.errors import NotFound, RuleViolation
from talent.orgs.queries import get_organisation
from talent.people.models import Band, ProfessionalGroup
from talent.people.queries import get_person
from talent.pipeline import queries as pipeline_queries
from talent.pipeline import reports
from talent.pipeline import services as pipeline_services
from talent.pipeline.models import (
    Axis,
    ExperienceTag,
    GrowthDirection,
    MembershipStatus,
    NominationRoute,
    Response,
    TargetRole,
    TravelFrom,
    tags_of,
)

Version = Field(None, ge=1, le=2_000_000_000, description="The version you read; a later change is refused (409)")
LongText = Field("", max_length=4000)


class ConversationRequest(Strict):
    held_on: date
    impact: Axis
    growth: Axis
    direction: GrowthDirection
    readiness_id: RecordId
    target_band: Band | None = None
    target_role: TargetRole | None = None
    target_professional_group: ProfessionalGroup | None = None
    aspirations: str = LongText
    willing_challenged: bool = False
    region_ids: list[RecordId] = Field([], max_length=7)
    max_travel_km: int | None = Field(None, ge=1, le=1000)
    travel_from: TravelFrom | None = None
    home_postcode_district: str | None = Field(None, max_length=4)
    development_plan: str = LongText
    programme_ids: list[RecordId] = Field([], max_length=50)
    experience: list[ExperienceTag] = Field([], max_length=5)


class ConversationOut(BaseModel):
    id: int
    person_id: int
    facilitator_id: int
    held_on: date
    impact: Axis
    growth: Axis
    direction: GrowthDirection
    readiness: str
    target_band: Band | None
    target_role: TargetRole | None
    target_professional_group: ProfessionalGroup | None
    aspirations: str
    willing_challenged: bool
    region_ids: list[int]
    max_travel_km: int | None
    travel_from: TravelFrom | None
    home_postcode_district: str | None
    development_plan: str
    programme_ids: list[int]
    experience: list[ExperienceTag]
    response: Response
    response_comment: str
    current: bool
    version: int


def _conversation(conversation) -> ConversationOut:
    return ConversationOut(
        id=conversation.id,
        person_id=conversation.person_id,
        facilitator_id=conversation.facilitator_id,
        held_on=conversation.held_on,
        impact=conversation.impact,
        growth=conversation.growth,
        direction=conversation.direction,
        readiness=conversation.readiness.code,
        target_band=conversation.target_band,
        target_role=conversation.target_role,
        target_professional_group=conversation.target_professional_group,
        aspirations=conversation.aspirations,
        willing_challenged=conversation.willing_challenged,
        region_ids=[region.id for region in conversation.regions],
        max_travel_km=conversation.max_travel_km,
        travel_from=conversation.travel_from,
        home_postcode_district=conversation.home_postcode_district,
        development_plan=conversation.development_plan,
        programme_ids=[programme.id for programme in conversation.programmes],
        experience=tags_of(conversation.experience),
        response=conversation.response,
        response_comment=conversation.response_comment,
        current=conversation.is_current,
        version=conversation.version,
    )


@api_route(
    "/people/<id:person_id>/talent-conversations",
    method="POST",
    operation_id="createTalentConversation",
    permission="talent_conversation.record",
    load=get_person,
    body=ConversationRequest,
    response=ConversationOut,
    status=201,
    links={"getTalentConversation": {"conversation_id": "$response.body#/id"}},
    summary="Record a talent conversation held with one of your reports; it becomes their current one",
    tag="Talent pipeline",
)
def create_talent_conversation(person, body: ConversationRequest):
    data = pipeline_services.ConversationInput(**body.model_dump())
    conversation = pipeline_services.record_conversation(person, data, actor=g.api_account)
    return _conversation(pipeline_queries.get_conversation(conversation.id))


@api_route(
    "/talent-conversations/<id:conversation_id>",
    method="GET",
    operation_id="getTalentConversation",
    permission="talent.view",
    load=pipeline_queries.get_conversation,
    response=ConversationOut,
    summary="A talent conversation (reads by anyone but the person are audited)",
    tag="Talent pipeline",
)
def get_talent_conversation(conversation):
    return _conversation(pipeline_services.read_conversation(conversation, actor=g.api_account))


class AgreeRequest(Strict):
    agree: bool
    comment: str = Field("", max_length=2000, description="Needed when you do not agree: where you differ")
    version: int | None = Version


@api_route(
    "/talent-conversations/<id:conversation_id>/response",
    method="POST",
    operation_id="agreeTalentConversation",
    permission="talent_conversation.respond",
    load=pipeline_queries.get_conversation,
    body=AgreeRequest,
    response=ConversationOut,
    conflict=True,
    summary="The person agrees their talent conversation or records where they differ",
    tag="Talent pipeline",
)
def agree_talent_conversation(conversation, body: AgreeRequest):
    pipeline_services.respond_to_conversation(
        conversation, agree=body.agree, comment=body.comment, actor=g.api_account, expected_version=body.version
    )
    return _conversation(conversation)


class PoolOut(BaseModel):
    id: int
    name: str
    region_id: int | None
    level: Band
    min_band: Band
    max_band: Band
    readiness: str | None
    conversation_within_months: int | None
    review_on: date
    members: int
    nominations_waiting: int


def _pool(pool, members: int = 0, waiting: int = 0) -> PoolOut:
    return PoolOut(
        id=pool.id,
        name=pool.name,
        region_id=pool.region_id,
        level=pool.level,
        min_band=pool.min_band,
        max_band=pool.max_band,
        readiness=pool.readiness.code if pool.readiness else None,
        conversation_within_months=pool.conversation_within_months,
        review_on=pool.review_on,
        members=members,
        nominations_waiting=waiting,
    )


@api_route(
    "/talent-pools",
    method="GET",
    operation_id="listTalentPools",
    permission="talent_pool.manage",
    query=PageQuery,
    response=Page[PoolOut],
    summary="The pools you run: your region's, or every pool for national roles",
    tag="Talent pipeline",
)
def list_talent_pools(query: PageQuery):
    pools = pipeline_queries.pools_in_scope(list_scope(current_principal(), "talent_pool.manage"))
    start = (query.page - 1) * query.per_page
    items = [_pool(*row) for row in pools[start : start + query.per_page]]
    return Page[PoolOut](items=items, page=query.page, per_page=query.per_page, total=len(pools))


class PoolRequest(Strict):
    name: str = Field(min_length=1, max_length=120)
    region_id: RecordId | None = Field(None, description="Null for a national pool")
    level: Band
    min_band: Band
    max_band: Band
    readiness_id: RecordId | None = None
    conversation_within_months: int | None = Field(None, ge=1, le=60)
    review_on: date
    description: str = Field("", max_length=2000)


@api_route(
    "/talent-pools",
    method="POST",
    operation_id="createTalentPool",
    permission="talent_pool.manage",
    body=PoolRequest,
    response=PoolOut,
    status=201,
    summary="Open a talent pool with its entry criteria",
    tag="Talent pipeline",
)
def create_talent_pool(body: PoolRequest):
    pool = pipeline_services.create_pool(**body.model_dump(), principal=current_principal())
    return _pool(pool)


class NominationRequest(Strict):
    pool_id: RecordId
    person_id: RecordId
    case: str = Field("", max_length=2000, description="Why they should join (needed)")


class NominationOut(BaseModel):
    id: int
    pool_id: int
    person_id: int
    route: NominationRoute
    status: MembershipStatus
    nominated_at: datetime
    decision_reason: str
    review_on: date | None
    version: int


@api_route(
    "/talent-pool-nominations",
    method="POST",
    operation_id="nominateToTalentPool",
    permission="talent_pool.nominate",
    body=NominationRequest,
    response=NominationOut,
    status=201,
    links={"decidePoolNomination": {"membership_id": "$response.body#/id"}},
    summary="Nominate yourself, one of your reports or (HR) one of your organisation's staff into a pool",
    tag="Talent pipeline",
)
def nominate_to_talent_pool(body: NominationRequest):
    principal = current_principal()
    # Any open pool may be named; the person must be within the nominator's reach (else the
    # same 404 as a person who does not exist).
    person = get_person(body.person_id)
    pool = pipeline_queries.get_pool(body.pool_id)
    if not can(principal, "talent_pool.nominate", person):
        raise NotFound("No such person")
    membership = pipeline_services.nominate(pool, person, case=body.case, principal=principal)
    return NominationOut.model_validate(membership, from_attributes=True)


class DecisionRequest(Strict):
    approve: bool
    reason: str = Field(min_length=1, max_length=2000)
    review_on: date | None = None
    version: int | None = Version


@api_route(
    "/talent-pool-nominations/<id:membership_id>/decision",
    method="POST",
    operation_id="decidePoolNomination",
    permission="talent_pool.manage",
    load=pipeline_queries.get_membership,
    body=DecisionRequest,
    response=NominationOut,
    conflict=True,
    summary="Approve a nomination (the person joins, with a review date) or decline it, with a reason",
    tag="Talent pipeline",
)
def decide_pool_nomination(membership, body: DecisionRequest):
    pipeline_services.decide_nomination(
        membership,
        approve=body.approve,
        reason=body.reason,
        review_on=body.review_on,
        actor=g.api_account,
        expected_version=body.version,
    )
    return NominationOut.model_validate(membership, from_attributes=True)


class MembersQuery(Strict):
    status: MembershipStatus = MembershipStatus.MEMBER
    per_page: int = Field(50, ge=1, le=100)
    after: str | None = Field(None, max_length=400, pattern=r"^[A-Za-z0-9_-]+$")


class MemberOut(BaseModel):
    id: int
    person_id: int
    name: str
    organisation_id: int
    route: NominationRoute
    status: MembershipStatus
    review_on: date | None


@api_route(
    "/talent-pools/<id:pool_id>/members",
    method="GET",
    operation_id="listPoolMembers",
    permission="talent_pool.manage",
    load=pipeline_queries.get_pool,
    query=MembersQuery,
    response=CursorPage[MemberOut],
    summary="A pool's members (or nominations) in surname order, read by cursor",
    tag="Talent pipeline",
)
def list_pool_members(pool, query: MembersQuery):
    try:
        rows, next_cursor = pipeline_queries.pool_members(pool, query.status, after=query.after, size=query.per_page)
    except ValueError as error:
        raise RuleViolation(str(error), field="after") from None
    items = [
        MemberOut(
            id=m.id,
            person_id=m.person_id,
            name=m.person.full_name,
            organisation_id=m.person.organisation_id,
            route=m.route,
            status=m.status,
            review_on=m.review_on,
        )
        for m in rows
    ]
    return CursorPage[MemberOut](items=items, per_page=query.per_page, next=next_cursor)


class ReviewRequest(Strict):
    title: str = Field("", max_length=200, description="Needed")
    pool_id: RecordId | None = None
    organisation_id: RecordId | None = Field(None, description="Review this organisation's band 8a and above")


class PositionOut(BaseModel):
    person_id: int
    readiness: str
    impact: Axis
    growth: Axis
    version: int


class ReviewOut(BaseModel):
    id: int
    title: str
    pool_id: int | None
    organisation_id: int | None
    open: bool
    #: Everyone in the review.
    people: int
    #: The first 100 in surname order; moves name the person by id.
    positions: list[PositionOut]


def _review(review) -> ReviewOut:
    return ReviewOut(
        id=review.id,
        title=review.title,
        pool_id=review.pool_id,
        organisation_id=review.organisation_id,
        open=review.is_open,
        people=sum(pipeline_queries.review_grid(review).values()),
        positions=[
            PositionOut(
                person_id=p.person_id, readiness=p.readiness.code, impact=p.impact, growth=p.growth, version=p.version
            )
            for p in pipeline_queries.review_positions(review, size=100)[0]
        ],
    )


@api_route(
    "/calibration-reviews",
    method="POST",
    operation_id="createCalibrationReview",
    permission="calibration.run",
    body=ReviewRequest,
    response=ReviewOut,
    status=201,
    summary="Open a talent review over a pool or an organisation's band 8a and above",
    tag="Talent pipeline",
)
def create_calibration_review(body: ReviewRequest):
    try:
        pool = pipeline_queries.get_pool(body.pool_id) if body.pool_id else None
        organisation = get_organisation(body.organisation_id) if body.organisation_id else None
    except NotFound:
        raise RuleViolation("No such pool or organisation", field="pool_id") from None
    review = pipeline_services.open_review(
        title=body.title, pool=pool, organisation=organisation, principal=current_principal()
    )
    return _review(review)


class MoveRequest(Strict):
    readiness_id: RecordId
    impact: Axis
    growth: Axis
    reason: str = Field(min_length=1, max_length=2000)
    version: int | None = Version


@api_route(
    "/calibration-reviews/<id:review_id>/people/<id:person_id>/position",
    method="POST",
    operation_id="moveCalibrationPosition",
    permission="calibration.run",
    load=pipeline_queries.get_position,
    body=MoveRequest,
    response=PositionOut,
    conflict=True,
    summary="Move one person in an open review, with the reason",
    tag="Talent pipeline",
)
def move_calibration_position(position, body: MoveRequest):
    pipeline_services.move_position(
        position.review,
        position,
        readiness_id=body.readiness_id,
        impact=body.impact,
        growth=body.growth,
        reason=body.reason,
        actor=g.api_account,
        expected_version=body.version,
    )
    return PositionOut(
        person_id=position.person_id,
        readiness=position.readiness.code,
        impact=position.impact,
        growth=position.growth,
        version=position.version,
    )


class DashboardCell(BaseModel):
    table: str
    row: str
    column: str
    #: Null where withheld under the disclosure rules.
    count: int | None


class DashboardOut(BaseModel):
    cells: list[DashboardCell]
    #: When the conversation and senior staff tables were counted (null if not yet); they are
    #: counted every 15 minutes and for an organisation when a conversation there is recorded.
    counted_at: datetime | None
    #: When the workforce tables were counted (null if not yet): each night and as posts change.
    workforce_counted_at: datetime | None


@api_route(
    "/pipeline-dashboard",
    method="GET",
    operation_id="getPipelineDashboard",
    permission="pipeline.dashboard",
    response=DashboardOut,
    summary="Your region's pipeline (England for national roles): every published count",
    tag="Talent pipeline",
)
def get_pipeline_dashboard():
    scope = list_scope(current_principal(), "pipeline.dashboard")
    dashboard = reports.pipeline_dashboard(scope, actor=g.api_account)
    return DashboardOut(
        cells=[DashboardCell(table=t, row=r, column=c, count=n) for t, r, c, n in dashboard.cells()],
        counted_at=dashboard.counted_at,
        workforce_counted_at=dashboard.workforce_counted_at,
    )
