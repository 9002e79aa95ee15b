"""The NED appointments API: the same services and policy as the pages. No response carries a
candidate's monitoring answers."""

from datetime import date, datetime

from flask import g
from pydantic import BaseModel, Field

from talent.api.routing import api_route
from talent.api.schemas import CursorPage, Page, PageQuery, RecordId, Strict
from talent.auth.policy import current_principal, list_scope
from talent.errors import NotFound, RuleViolation
from talent.ned import queries as ned_queries
from talent.ned import reports as ned_reports
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


# --- Appointments and terms -----------------------------------------------------------------


class AppointmentOut(BaseModel):
    id: int
    person_id: int
    name: str
    organisation_id: int
    post_id: int
    vacancy_id: int | None
    role: BoardRole
    appointing_body: str
    first_appointed_on: date
    starts_on: date
    ends_on: date
    term_number: int
    remuneration_pounds: int
    supplement_pounds: int
    supplement_for: str
    status: str
    tenure: str
    version: int


def _appointment(appointment) -> AppointmentOut:
    return AppointmentOut(
        id=appointment.id,
        person_id=appointment.person_id,
        name=appointment.person.full_name,
        organisation_id=appointment.organisation_id,
        post_id=appointment.post_id,
        vacancy_id=appointment.vacancy_id,
        role=appointment.role,
        appointing_body=appointment.appointing_body.value,
        first_appointed_on=appointment.first_appointed_on,
        starts_on=appointment.starts_on,
        ends_on=appointment.ends_on,
        term_number=appointment.term_number,
        remuneration_pounds=appointment.remuneration_pounds,
        supplement_pounds=appointment.supplement_pounds,
        supplement_for=appointment.supplement_for,
        status=appointment.status.value,
        tenure=ned_services.tenure_flag(appointment),
        version=appointment.version,
    )


_TENURE_REVIEW = Field("", max_length=4000, description="The rigorous review a term past six years needs")
_EXTENSION = Field(
    "", max_length=4000, description="The appointing body's approved extension a term past nine years needs"
)


class AppointmentRequest(Strict):
    application_id: RecordId
    starts_on: date
    term_months: int | None = Field(None, ge=12, le=48, description="By default the vacancy's term")
    supplement_pounds: int = Field(0, ge=0, le=50000)
    supplement_for: str = Field("", max_length=200)
    tenure_review: str = _TENURE_REVIEW
    extension_approval: str = _EXTENSION
    override_reason: str | None = Field(None, max_length=500)
    version: int | None = Field(None, ge=1, description="The vacancy's version you last saw")


@api_route(
    "/ned-vacancies/<id:vacancy_id>/appointment",
    method="POST",
    operation_id="createAppointment",
    permission="ned_appointment.manage",
    load=ned_queries.get_vacancy,
    body=AppointmentRequest,
    response=AppointmentOut,
    status=201,
    conflict=True,
    summary="Appoint the panel's preferred or reserve candidate into the board post, subject to the tenure rules",
    tag="NED appointments",
)
def create_appointment(vacancy, body: AppointmentRequest):
    try:
        application = ned_queries.get_application(body.application_id)
    except NotFound:
        raise RuleViolation("No such application", field="application_id") from None
    appointment = ned_services.appoint(
        vacancy,
        application,
        starts_on=body.starts_on,
        term_months=body.term_months,
        supplement_pounds=body.supplement_pounds,
        supplement_for=body.supplement_for,
        tenure_review=body.tenure_review,
        extension_approval=body.extension_approval,
        override_reason=body.override_reason,
        principal=current_principal(),
        expected_version=body.version,
    )
    return _appointment(appointment)


class ReappointRequest(Strict):
    term_months: int = Field(ge=12, le=48)
    tenure_review: str = _TENURE_REVIEW
    extension_approval: str = _EXTENSION
    version: int | None = Field(None, ge=1, description="The appointment's version you last saw")


@api_route(
    "/ned-appointments/<id:appointment_id>/reappointment",
    method="POST",
    operation_id="reappoint",
    permission="ned_appointment.manage",
    load=ned_queries.get_appointment,
    body=ReappointRequest,
    response=AppointmentOut,
    status=201,
    conflict=True,
    summary="A further term from the day after this one ends; past six years a review, past nine an extension",
    tag="NED appointments",
)
def reappoint(appointment, body: ReappointRequest):
    following = ned_services.reappoint(
        appointment,
        term_months=body.term_months,
        tenure_review=body.tenure_review,
        extension_approval=body.extension_approval,
        actor=g.api_account,
        expected_version=body.version,
    )
    return _appointment(following)


class TermsQuery(Strict):
    within_months: int = Field(9, ge=1, le=48)
    after: RecordId | None = Field(None, description="The `next` of the previous page")
    per_page: int = Field(25, ge=1, le=100)


@api_route(
    "/ned-terms",
    method="GET",
    operation_id="listExpiringTerms",
    permission="ned_term.view",
    query=TermsQuery,
    response=CursorPage[AppointmentOut],
    summary="Current terms of office ending within the months given, soonest first, read by cursor",
    tag="NED appointments",
)
def list_expiring_terms(query: TermsQuery):
    scope = list_scope(current_principal(), "ned_term.view")
    until = ned_services.add_months(date.today(), query.within_months)
    rows = ned_queries.expiring_terms(scope, until=until, after=query.after, limit=query.per_page + 1)
    items = [_appointment(row) for row in rows[: query.per_page]]
    next_cursor = str(rows[query.per_page - 1].id) if len(rows) > query.per_page else None
    return CursorPage[AppointmentOut](items=items, per_page=query.per_page, next=next_cursor)


class DiversityQuery(Strict):
    vacancy_id: RecordId | None = None
    region_id: RecordId | None = None


class CountOut(BaseModel):
    stage: str
    group: str
    #: Null when withheld (fewer than the disclosure threshold, or revealing one that is).
    count: int | None


class LikelihoodOut(BaseModel):
    reference: str
    comparison: str
    value: float | None
    reason: str | None
    p_band: str | None


class BreakdownOut(BaseModel):
    characteristic: str
    counts: list[CountOut]
    appointed_from_shortlist: LikelihoodOut | None


class DiversityOut(BaseModel):
    vacancy_id: int | None
    region_id: int | None
    breakdowns: list[BreakdownOut]


@api_route(
    "/ned-diversity",
    method="GET",
    operation_id="getAppointmentDiversity",
    permission="ned_diversity.view",
    query=DiversityQuery,
    response=DiversityOut,
    summary="Applicants, shortlisted and appointed by ethnicity, disability, sex and age band (suppressed, rounded)",
    tag="NED appointments",
)
def get_appointment_diversity(query: DiversityQuery):
    if query.vacancy_id is not None:
        try:
            ned_queries.get_vacancy(query.vacancy_id)
        except NotFound:
            raise RuleViolation("No such vacancy", field="query.vacancy_id") from None
    breakdowns = ned_reports.process_diversity(
        actor=g.api_account, vacancy_id=query.vacancy_id, region_id=None if query.vacancy_id else query.region_id
    )
    out = []
    for item in breakdowns:
        likelihood = item.appointed_from_shortlist
        out.append(
            BreakdownOut(
                characteristic=item.key,
                counts=[
                    CountOut(stage=stage, group=group, count=item.table.cell(stage, group).value)
                    for stage in item.table.rows
                    for group in item.table.columns
                ],
                appointed_from_shortlist=None
                if likelihood is None
                else LikelihoodOut(
                    reference=likelihood.reference.group,
                    comparison=likelihood.comparison.group,
                    value=likelihood.value,
                    reason=likelihood.reason,
                    p_band=likelihood.p_band,
                ),
            )
        )
    return DiversityOut(vacancy_id=query.vacancy_id, region_id=query.region_id, breakdowns=out)
