"""The challenged posts and matching API: the same services and policy as the pages."""

import json
from datetime import date, datetime

from flask import g
from pydantic import BaseModel, Field

from talent.api.routing import api_route
from talent.api.schemas import RecordId, Strict
from talent.auth.policy import can, current_principal, list_scope
from talent.errors import NotFound, RuleViolation
from talent.orgs import queries as org_queries
from talent.people.models import Band
from talent.pipeline import challenged
from talent.pipeline import queries as pipeline_queries
from talent.pipeline.models import (
    ApprovalStatus,
    ChallengedPostStatus,
    ExperienceTag,
    MatchKind,
    ShortlistStatus,
    TargetRole,
)

TAG = "Challenged posts and matching"


class PackageOut(BaseModel):
    id: int
    region_id: int
    name: str
    is_template: bool
    based_on_id: int | None
    base_salary_pounds: int
    uplift_percent: int
    uplift_months: int
    salary_with_uplift: int
    relocation_pounds: int
    ceo_mentoring: bool
    protected_development_days: int
    return_guarantee: bool
    bonus_percent: int
    approval: ApprovalStatus
    approval_note: str
    version: int


def _package(package) -> PackageOut:
    return PackageOut(
        id=package.id,
        region_id=package.region_id,
        name=package.name,
        is_template=package.is_template,
        based_on_id=package.based_on_id,
        base_salary_pounds=package.base_salary_pounds,
        uplift_percent=package.uplift_percent,
        uplift_months=package.uplift_months,
        salary_with_uplift=package.salary_with_uplift,
        relocation_pounds=package.relocation_pounds,
        ceo_mentoring=package.ceo_mentoring,
        protected_development_days=package.protected_development_days,
        return_guarantee=package.return_guarantee,
        bonus_percent=package.bonus_percent,
        approval=package.approval,
        approval_note=package.approval_note,
        version=package.version,
    )


class PackageRequest(Strict):
    region_id: RecordId
    name: str = Field(max_length=200)
    base_salary_pounds: int = Field(ge=20_000, le=500_000)
    uplift_percent: int = Field(0, ge=0, le=50)
    uplift_months: int = Field(0, ge=0, le=60)
    relocation_pounds: int = Field(0, ge=0, le=100_000)
    ceo_mentoring: bool = False
    protected_development_days: int = Field(0, ge=0, le=60)
    return_guarantee: bool = False
    bonus_percent: int = Field(0, ge=0, le=10)


@api_route(
    "/incentive-packages",
    method="POST",
    operation_id="createIncentivePackage",
    permission="challenged_post.manage",
    body=PackageRequest,
    response=PackageOut,
    status=201,
    summary="A package template for a region: over the national threshold it waits for approval",
    tag=TAG,
)
def create_incentive_package(body: PackageRequest):
    try:
        region = org_queries.get_region(body.region_id)
    except NotFound:
        raise RuleViolation("No such region", field="region_id") from None
    if not can(current_principal(), "challenged_post.manage", region):
        raise NotFound("No such region")
    terms = challenged.PackageTerms(**body.model_dump(exclude={"region_id"}))
    return _package(challenged.create_package(region, terms, template=True, actor=g.api_account))


class PackageDecisionRequest(Strict):
    approve: bool
    note: str = Field(max_length=2000)
    version: int | None = Field(None, ge=1)


@api_route(
    "/incentive-packages/<id:package_id>/decision",
    method="POST",
    operation_id="approveIncentivePackage",
    permission="incentive_package.approve",
    load=pipeline_queries.get_package,
    body=PackageDecisionRequest,
    response=PackageOut,
    conflict=True,
    summary="NHS England approves or refuses a package over the national threshold",
    tag=TAG,
)
def approve_incentive_package(package, body: PackageDecisionRequest):
    challenged.decide_package(
        package, approve=body.approve, note=body.note, actor=g.api_account, expected_version=body.version
    )
    return _package(package)


class PostOut(BaseModel):
    id: int
    organisation_id: int
    region_id: int
    title: str
    band: Band
    role_type: TargetRole
    min_behaviours_rating: int | None
    experience: list[ExperienceTag]
    interim: bool
    starts_on: date
    closing_on: date
    challenged_because: str
    status: ChallengedPostStatus
    package: PackageOut | None
    offer_problems: list[str]
    version: int


def _post(post) -> PostOut:
    return PostOut(
        id=post.id,
        organisation_id=post.organisation_id,
        region_id=post.region_id,
        title=post.title,
        band=post.band,
        role_type=post.role_type,
        min_behaviours_rating=post.min_behaviours_rating,
        experience=post.tags,
        interim=post.interim,
        starts_on=post.starts_on,
        closing_on=post.closing_on,
        challenged_because=post.challenged_because,
        status=post.status,
        package=_package(post.package) if post.package else None,
        offer_problems=challenged.offer_problems(post),
        version=post.version,
    )


class PostRequest(Strict):
    organisation_id: RecordId
    title: str = Field(max_length=200)
    band: Band
    role_type: TargetRole
    min_behaviours_rating: int | None = Field(None, ge=1, le=5)
    experience: list[ExperienceTag] = Field([], max_length=5)
    interim: bool = False
    starts_on: date
    closing_on: date
    package_id: RecordId | None = Field(None, description="A template of the organisation's region, copied to the post")


@api_route(
    "/challenged-posts",
    method="POST",
    operation_id="createChallengedPost",
    permission="challenged_post.manage",
    body=PostRequest,
    response=PostOut,
    status=201,
    summary="A post at an organisation the challenged rule flags, with a copy of a package template",
    tag=TAG,
)
def create_challenged_post(body: PostRequest):
    try:
        organisation = org_queries.get_organisation(body.organisation_id)
    except NotFound:
        raise RuleViolation("No such organisation", field="organisation_id") from None
    if not can(current_principal(), "challenged_post.manage", organisation):
        raise NotFound("No such organisation")
    template = None
    if body.package_id is not None:
        try:
            template = pipeline_queries.get_package(body.package_id)
        except NotFound:
            raise RuleViolation("No such package", field="package_id") from None
        if not template.is_template:
            raise RuleViolation("Choose a package template", field="package_id")
    post = challenged.create_post(
        organisation,
        title=body.title,
        band=body.band,
        role_type=body.role_type,
        min_behaviours_rating=body.min_behaviours_rating,
        experience=body.experience,
        interim=body.interim,
        starts_on=body.starts_on,
        closing_on=body.closing_on,
        template=template,
        actor=g.api_account,
    )
    return _post(post)


@api_route(
    "/challenged-posts/<id:post_id>",
    method="GET",
    operation_id="getChallengedPost",
    permission="challenged_post.manage",
    load=pipeline_queries.get_challenged_post,
    response=PostOut,
    summary="A challenged post with its package and what stops it being offered",
    tag=TAG,
)
def get_challenged_post(post):
    return _post(post)


class Contribution(BaseModel):
    criterion: str
    value: float
    weight: int
    points: float
    explanation: str


class ResultOut(BaseModel):
    id: int
    post_id: int
    person_id: int
    name: str
    rank: int | None
    score: float | None
    contributions: list[Contribution]
    filtered_because: str | None
    proposed: bool
    accepted: bool | None


class RunOut(BaseModel):
    id: int
    kind: MatchKind
    region_id: int
    post_id: int | None
    weights: dict[str, int]
    include_other_regions: bool
    include_national: bool
    candidates_considered: int
    run_at: datetime
    #: Region-wide runs: post id → why it was left unfilled.
    unfilled: dict[str, str]
    results: list[ResultOut]


def _result(result) -> ResultOut:
    return ResultOut(
        id=result.id,
        post_id=result.post_id,
        person_id=result.person_id,
        name=result.person.full_name,
        rank=result.rank,
        score=result.score,
        contributions=[
            Contribution(criterion=code, value=value, weight=weight, points=points, explanation=words)
            for code, (value, weight, points, words) in json.loads(result.contributions).items()
        ],
        filtered_because=result.filtered_because,
        proposed=result.proposed,
        accepted=result.accepted,
    )


def _run(run) -> RunOut:
    results = [_result(result) for result in pipeline_queries.run_results(run)]
    return RunOut(
        id=run.id,
        kind=run.kind,
        region_id=run.region_id,
        post_id=run.post_id,
        weights=json.loads(run.weights),
        include_other_regions=run.include_other_regions,
        include_national=run.include_national,
        candidates_considered=run.candidates_considered,
        run_at=run.run_at,
        unfilled=json.loads(run.unfilled or "{}"),
        results=results,
    )


class MatchRequest(Strict):
    include_other_regions: bool = False
    include_national: bool = False


@api_route(
    "/challenged-posts/<id:post_id>/match-runs",
    method="POST",
    operation_id="matchCandidates",
    permission="challenged_post.manage",
    load=pipeline_queries.get_challenged_post,
    body=MatchRequest,
    response=RunOut,
    status=201,
    summary="Rank the candidates for a post with each criterion's contribution, and why anyone was filtered",
    tag=TAG,
)
def match_candidates(post, body: MatchRequest):
    run = challenged.match_post(
        post,
        include_other_regions=body.include_other_regions,
        include_national=body.include_national,
        actor=g.api_account,
    )
    return _run(run)


@api_route(
    "/match-runs/<id:run_id>",
    method="GET",
    operation_id="getMatchRun",
    permission="challenged_post.manage",
    load=pipeline_queries.get_run,
    response=RunOut,
    summary="A saved match run: its weights, and each result with its explanation",
    tag=TAG,
)
def get_match_run(run):
    return _run(run)


@api_route(
    "/regions/<id:region_id>/assignments",
    method="POST",
    operation_id="proposeRegionalAssignment",
    permission="challenged_post.manage",
    load=org_queries.get_region,
    body=MatchRequest,
    response=RunOut,
    status=201,
    summary="For all the region's open challenged posts, the assignment with the greatest total fit",
    tag=TAG,
)
def propose_regional_assignment(region, body: MatchRequest):
    proposal = challenged.propose_assignment(
        region,
        include_other_regions=body.include_other_regions,
        include_national=body.include_national,
        actor=g.api_account,
    )
    return _run(proposal.run)


class AcceptRequest(Strict):
    accept: bool


@api_route(
    "/match-results/<id:result_id>/decision",
    method="POST",
    operation_id="acceptAssignment",
    permission="challenged_post.manage",
    load=pipeline_queries.get_result,
    body=AcceptRequest,
    response=ResultOut,
    summary="Accept or set aside one proposed pair of a region-wide assignment",
    tag=TAG,
)
def accept_assignment(result, body: AcceptRequest):
    challenged.decide_pair(result, accept=body.accept, actor=g.api_account)
    return _result(result)


# --- Shortlists, offers and placements ------------------------------------------------------


class EntryOut(BaseModel):
    id: int
    post_id: int
    person_id: int
    name: str
    run_id: int | None
    run_rank: int | None
    reason: str
    status: ShortlistStatus
    version: int


def _entry(entry) -> EntryOut:
    return EntryOut(
        id=entry.id,
        post_id=entry.post_id,
        person_id=entry.person_id,
        name=entry.person.full_name,
        run_id=entry.run_id,
        run_rank=entry.run_rank,
        reason=entry.reason,
        status=entry.status,
        version=entry.version,
    )


class ShortlistRequest(Strict):
    person_ids: list[RecordId] = Field(min_length=1, max_length=50)
    reason: str = Field("", max_length=2000, description="Needed when the shortlist differs from the run's ranking")


class ShortlistOut(BaseModel):
    entries: list[EntryOut]


@api_route(
    "/match-runs/<id:run_id>/shortlist",
    method="POST",
    operation_id="createShortlist",
    permission="challenged_post.manage",
    load=pipeline_queries.get_run,
    body=ShortlistRequest,
    response=ShortlistOut,
    status=201,
    summary="Shortlist from a run for one post; changes from its ranking need a reason",
    tag=TAG,
)
def create_shortlist(run, body: ShortlistRequest):
    if run.post is None:
        raise RuleViolation("Shortlists are made from a run for one post")
    entries = challenged.create_shortlist(
        run.post, run=run, person_ids=body.person_ids, reason=body.reason, actor=g.api_account
    )
    return ShortlistOut(entries=[_entry(entry) for entry in entries])


class InterviewRequest(Strict):
    selected: bool
    notes: str = Field("", max_length=4000)


@api_route(
    "/shortlist-entries/<id:entry_id>/interview",
    method="POST",
    operation_id="recordInterviewOutcome",
    permission="challenged_post.manage",
    load=pipeline_queries.get_shortlist_entry,
    body=InterviewRequest,
    response=EntryOut,
    summary="Selected or not at interview",
    tag=TAG,
)
def record_interview_outcome(entry, body: InterviewRequest):
    return _entry(challenged.record_interview(entry, selected=body.selected, notes=body.notes, actor=g.api_account))


@api_route(
    "/shortlist-entries/<id:entry_id>/offer",
    method="POST",
    operation_id="offerPost",
    permission="challenged_post.manage",
    load=pipeline_queries.get_shortlist_entry,
    response=EntryOut,
    summary="Offer the post with its package to the person selected (not before a package is approved)",
    tag=TAG,
)
def offer_post(entry):
    return _entry(challenged.make_offer(entry, actor=g.api_account))


class PlacementRequest(Strict):
    starts_on: date


class PlacementOut(BaseModel):
    id: int
    challenged_post_id: int
    person_id: int
    name: str
    post_id: int
    region_id: int
    starts_on: date
    segment_at_placement: int | None
    left_on: date | None
    left_reason: str
    in_post_at_12_months: bool | None = None
    in_post_at_24_months: bool | None = None
    segment_now: int | None = None
    early_leaver: bool | None = None


def _placement(placement, outcome=None) -> PlacementOut:
    out = PlacementOut(
        id=placement.id,
        challenged_post_id=placement.challenged_post_id,
        person_id=placement.person_id,
        name=placement.person.full_name,
        post_id=placement.post_id,
        region_id=placement.region_id,
        starts_on=placement.starts_on,
        segment_at_placement=placement.segment_at_placement,
        left_on=placement.left_on,
        left_reason=placement.left_reason,
    )
    if outcome is not None:
        out.in_post_at_12_months = outcome.in_post_at_12_months
        out.in_post_at_24_months = outcome.in_post_at_24_months
        out.segment_now = outcome.segment_now
        out.early_leaver = outcome.early_leaver
    return out


@api_route(
    "/shortlist-entries/<id:entry_id>/placement",
    method="POST",
    operation_id="recordPlacement",
    permission="challenged_post.manage",
    load=pipeline_queries.get_shortlist_entry,
    body=PlacementRequest,
    response=PlacementOut,
    status=201,
    summary="The accepted offer: a new post through the prerequisite check; the person leaves their pools",
    tag=TAG,
)
def record_placement(entry, body: PlacementRequest):
    return _placement(challenged.record_placement(entry, starts_on=body.starts_on, principal=current_principal()))


class OutcomesOut(BaseModel):
    placements: list[PlacementOut]
    in_post_at_12_months: int
    reached_12_months: int
    in_post_at_24_months: int
    reached_24_months: int
    early_leavers: int


@api_route(
    "/placements",
    method="GET",
    operation_id="getPlacementOutcomes",
    permission="challenged_post.manage",
    response=OutcomesOut,
    summary="Placements in your reach with their outcomes: in post at 12 and 24 months, segment then and now",
    tag=TAG,
)
def get_placement_outcomes():
    scope = list_scope(current_principal(), "challenged_post.manage")
    outcomes = challenged.placement_outcomes(pipeline_queries.placements(scope), date.today())
    return OutcomesOut(
        placements=[_placement(o.placement, o) for o in outcomes],
        in_post_at_12_months=sum(o.in_post_at_12_months is True for o in outcomes),
        reached_12_months=sum(o.in_post_at_12_months is not None for o in outcomes),
        in_post_at_24_months=sum(o.in_post_at_24_months is True for o in outcomes),
        reached_24_months=sum(o.in_post_at_24_months is not None for o in outcomes),
        early_leavers=sum(o.early_leaver for o in outcomes),
    )
