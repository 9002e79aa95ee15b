"""The NED appointments API: the same services and policy as the pages. No response carries a
candidate's monitoring answers."""

from datetime import date, datetime

from flask import g
from pydantic import BaseModel, Field

from talent.api.routing import api_route
from talent.api.schemas import Page, PageQuery, RecordId, Strict
from talent.auth.policy import current_principal, list_scope
from talent.errors import NotFound, RuleViolation
from talent.ned import queries as ned_queries
from talent.ned import services as ned_services
from talent.ned.models import (
    ApplicationStatus,
    BoardRole,
    BoardSkill,
    CandidateScheme,
    PanelRole,
    ScoringStage,
    VacancyStatus,
)
from talent.orgs.queries import get_organisation
from talent.people.queries import get_person, person_in_scope


class CriterionOut(BaseModel):
    id: int
    title: str
    weight: int


class VacancyOut(BaseModel):
    id: int
    organisation_id: int
    role: BoardRole
    appointing_body: str
    title: str
    remuneration_pounds: int
    time_commitment: str
    term_months: int
    closing_on: date
    status: VacancyStatus
    required_skills: list[BoardSkill]
    criteria: list[CriterionOut]
    applications: int | None = None


def _vacancy(vacancy, applications: int | None = None) -> VacancyOut:
    return VacancyOut(
        id=vacancy.id,
        organisation_id=vacancy.organisation_id,
        role=vacancy.role,
        appointing_body=vacancy.appointing_body.value,
        title=vacancy.title,
        remuneration_pounds=vacancy.remuneration_pounds,
        time_commitment=vacancy.time_commitment,
        term_months=vacancy.term_months,
        closing_on=vacancy.closing_on,
        status=vacancy.status,
        required_skills=vacancy.skills,
        criteria=[CriterionOut(id=c.id, title=c.title, weight=c.weight) for c in vacancy.criteria],
        applications=applications,
    )


class VacancyRequest(Strict):
    organisation_id: RecordId
    role: BoardRole
    title: str = Field(max_length=200)
    role_description: str = Field("", max_length=8000)
    lcf_domains: list[str] = Field([], max_length=10, description="Leadership Competency Framework domain codes")
    required_skills: list[BoardSkill] = Field([], max_length=10)
    remuneration_pounds: int | None = Field(None, ge=1, le=200000)
    time_commitment: str = Field("", max_length=100)
    term_months: int = Field(36, ge=12, le=48)
    closing_on: date


@api_route(
    "/ned-vacancies",
    method="POST",
    operation_id="createNedVacancy",
    permission="ned_vacancy.manage",
    body=VacancyRequest,
    response=VacancyOut,
    status=201,
    summary="A draft vacancy on a board, with scoring criteria from its LCF domains and skills",
    tag="NED appointments",
)
def create_ned_vacancy(body: VacancyRequest):
    try:
        organisation = get_organisation(body.organisation_id)
    except NotFound:
        raise RuleViolation("No such organisation", field="organisation_id") from None
    vacancy = ned_services.create_vacancy(
        organisation,
        role=body.role,
        title=body.title,
        role_description=body.role_description,
        lcf_domains=body.lcf_domains,
        skills=body.required_skills,
        remuneration_pounds=body.remuneration_pounds,
        time_commitment=body.time_commitment,
        term_months=body.term_months,
        closing_on=body.closing_on,
        actor=g.api_account,
    )
    return _vacancy(vacancy)


@api_route(
    "/ned-vacancies",
    method="GET",
    operation_id="listNedVacancies",
    permission="ned_vacancy.view",
    query=PageQuery,
    response=Page[VacancyOut],
    summary="Vacancies you may see: all for the appointments team, your panels' for a panel member",
    tag="NED appointments",
)
def list_ned_vacancies(query: PageQuery):
    rows = ned_queries.vacancies_in_scope(list_scope(current_principal(), "ned_vacancy.view"))
    start = (query.page - 1) * query.per_page
    items = [_vacancy(vacancy, count) for vacancy, count in rows[start : start + query.per_page]]
    return Page[VacancyOut](items=items, page=query.page, per_page=query.per_page, total=len(rows))


class ApplicationRequest(Strict):
    experience: str = Field("", max_length=8000)
    skills: list[BoardSkill] = Field([], max_length=10)
    scheme: CandidateScheme = CandidateScheme.NONE
    interests_declared: str = Field("", max_length=4000)
    not_an_employee: bool = False
    not_disqualified: bool = False
    wres_group: str = Field("not_stated", max_length=20)
    disability: str = Field("not_stated", max_length=20)
    sex: str = Field("not_stated", max_length=20)
    age_band: str = Field("not_stated", max_length=20)


class ApplicationOut(BaseModel):
    id: int
    vacancy_id: int
    person_id: int
    status: ApplicationStatus
    submitted_at: datetime


@api_route(
    "/ned-vacancies/<id:vacancy_id>/applications",
    method="POST",
    operation_id="createNedApplication",
    permission="ned_vacancy.apply",
    load=ned_queries.get_vacancy,
    body=ApplicationRequest,
    response=ApplicationOut,
    status=201,
    summary="Apply for an open vacancy yourself; monitoring answers are kept apart from the application",
    tag="NED appointments",
)
def create_ned_application(vacancy, body: ApplicationRequest):
    if g.api_account.person_id is None:
        raise RuleViolation("Only people with a staff record can apply")
    application = ned_services.apply(
        vacancy,
        get_person(g.api_account.person_id),
        experience=body.experience,
        skills=body.skills,
        interests_declared=body.interests_declared,
        not_an_employee=body.not_an_employee,
        not_disqualified=body.not_disqualified,
        scheme=body.scheme,
        monitoring=ned_services.Monitoring(body.wres_group, body.disability, body.sex, body.age_band),
        actor=g.api_account,
    )
    return ApplicationOut.model_validate(application, from_attributes=True)


class PanelMemberRequest(Strict):
    person_id: RecordId
    panel_role: PanelRole = PanelRole.MEMBER
    interests_declared: str = Field("", max_length=4000)


class PanelMemberOut(BaseModel):
    id: int
    vacancy_id: int
    person_id: int
    panel_role: PanelRole


@api_route(
    "/ned-vacancies/<id:vacancy_id>/panel",
    method="POST",
    operation_id="assignPanelMember",
    permission="ned_vacancy.manage",
    load=ned_queries.get_vacancy,
    body=PanelMemberRequest,
    response=PanelMemberOut,
    status=201,
    summary="Put someone with a Talent account on the vacancy's panel",
    tag="NED appointments",
)
def assign_panel_member(vacancy, body: PanelMemberRequest):
    person = person_in_scope(list_scope(current_principal(), "ned_vacancy.manage"), body.person_id)
    if person is None:
        raise NotFound("No such person")
    member = ned_services.assign_panel_member(
        vacancy, person, panel_role=body.panel_role, interests_declared=body.interests_declared, actor=g.api_account
    )
    return PanelMemberOut.model_validate(member, from_attributes=True)


class ConflictRequest(Strict):
    reason: str = Field("", max_length=2000)


class ConflictOut(BaseModel):
    id: int
    application_id: int
    declared_at: datetime


@api_route(
    "/ned-applications/<id:application_id>/conflict",
    method="POST",
    operation_id="declareConflict",
    permission="ned_panel.score",
    load=ned_queries.get_application,
    body=ConflictRequest,
    response=ConflictOut,
    status=201,
    summary="Declare your conflict of interest with a candidate: you no longer score or see them",
    tag="NED appointments",
)
def declare_conflict(application, body: ConflictRequest):
    conflict = ned_services.declare_conflict(application, reason=body.reason, actor=g.api_account)
    return ConflictOut.model_validate(conflict, from_attributes=True)


class ScoreIn(Strict):
    criterion_id: RecordId
    score: int = Field(ge=0, le=4)
    evidence: str = Field("", max_length=2000)


class ScoresRequest(Strict):
    scores: list[ScoreIn] = Field(max_length=50)
    submit_stage: bool = Field(False, description="Also submit all your scores for the stage (then fixed)")


class ScoreOut(BaseModel):
    application_id: int
    panel_member_id: int
    criterion_id: int
    stage: ScoringStage
    score: int
    evidence: str


class ScoresOut(BaseModel):
    stage: ScoringStage | None
    scores: list[ScoreOut]
    #: Candidates' weighted average over the scores shown (out of 4).
    totals: dict[int, float]


@api_route(
    "/ned-applications/<id:application_id>/scores",
    method="POST",
    operation_id="submitPanelScore",
    permission="ned_panel.score",
    load=ned_queries.get_application,
    body=ScoresRequest,
    response=ScoresOut,
    summary="Save your scores for one candidate at the stage in progress (and optionally submit the stage)",
    tag="NED appointments",
)
def submit_panel_score(application, body: ScoresRequest):
    ned_services.save_scores(
        application, {item.criterion_id: (item.score, item.evidence) for item in body.scores}, actor=g.api_account
    )
    if body.submit_stage:
        ned_services.submit_scores(application.vacancy, actor=g.api_account)
    return _scores(application.vacancy)


def _scores(vacancy) -> ScoresOut:
    stage = ned_services.STAGE_FOR_STATUS.get(vacancy.status)
    scores = ned_services.visible_scores(vacancy, stage, actor=g.api_account) if stage else []
    return ScoresOut(
        stage=stage,
        scores=[ScoreOut.model_validate(score, from_attributes=True) for score in scores],
        totals=ned_services.weighted_totals(vacancy, scores),
    )


@api_route(
    "/ned-vacancies/<id:vacancy_id>/scores",
    method="GET",
    operation_id="getPanelScores",
    permission="ned_scores.view",
    load=ned_queries.get_vacancy,
    response=ScoresOut,
    summary="The scores you may see: your own until you submit, then every submitted member's",
    tag="NED appointments",
)
def get_panel_scores(vacancy):
    return _scores(vacancy)


class DecisionRequest(Strict):
    shortlisted: list[RecordId] = Field([], max_length=200, description="At shortlisting: application ids to shortlist")
    preferred: RecordId | None = Field(None, description="After interview: the preferred candidate's application id")
    reserve: RecordId | None = Field(None, description="After interview: a reserve, if any")
    reasons: str = Field("", max_length=4000)


@api_route(
    "/ned-vacancies/<id:vacancy_id>/decision",
    method="POST",
    operation_id="recordPanelDecision",
    permission="ned_scores.view",
    load=ned_queries.get_vacancy,
    body=DecisionRequest,
    response=VacancyOut,
    summary="The panel's decision with reasons: the shortlist, or after interview the preferred and reserve",
    tag="NED appointments",
)
def record_panel_decision(vacancy, body: DecisionRequest):
    if vacancy.status is VacancyStatus.INTERVIEWING:
        ned_services.record_final_decision(
            vacancy, preferred=body.preferred, reserve=body.reserve, reasons=body.reasons, actor=g.api_account
        )
    else:
        ned_services.record_shortlist(vacancy, shortlisted=body.shortlisted, reasons=body.reasons, actor=g.api_account)
    return _vacancy(vacancy)
