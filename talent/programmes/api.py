from datetime import date, datetime

from pydantic import BaseModel, Field, model_validator

from talent.api.routing import api_route
from talent.api.schemas import Page, PageQuery, RecordId, Strict, page_of
from talent.auth.policy import can, current_principal
from talent.errors import NotFound
from talent.orgs.queries import get_organisation
from talent.people import services as people_services
from talent.people.models import Band
from talent.people.queries import get_person, get_post
from talent.programmes import queries as programme_queries
from talent.programmes import services as programme_services
from talent.programmes.models import EnrolmentStatus, ProgrammeKind


class ProgrammeQuery(PageQuery):
    kind: ProgrammeKind | None = None


class AccreditationOut(BaseModel):
    body: str
    valid_from: date
    valid_to: date | None


class ModuleOut(BaseModel):
    title: str
    standard_codes: list[str]


class ProgrammeOut(BaseModel):
    id: int
    code: str
    title: str
    kind: ProgrammeKind
    provider: str
    accreditations: list[AccreditationOut]
    modules: list[ModuleOut]


def _programme(programme) -> ProgrammeOut:
    return ProgrammeOut(
        id=programme.id,
        code=programme.code,
        title=programme.title,
        kind=programme.kind,
        provider=programme.provider,
        accreditations=[AccreditationOut.model_validate(a, from_attributes=True) for a in programme.accreditations],
        modules=[ModuleOut(title=m.title, standard_codes=[s.code for s in m.standards]) for m in programme.modules],
    )


@api_route(
    "/programmes",
    method="GET",
    operation_id="listProgrammes",
    permission="programme.view",
    query=ProgrammeQuery,
    response=Page[ProgrammeOut],
    summary="Programmes with their accreditation and the standards each module develops",
    tag="Programmes",
)
def list_programmes(query: ProgrammeQuery):
    return page_of(ProgrammeOut, programme_queries.programmes_query(query.kind), query, convert=_programme)


class EnrolmentRequest(Strict):
    person_id: RecordId
    cohort_id: RecordId


class EnrolmentOut(BaseModel):
    id: int
    person_id: int
    programme_id: int
    cohort_id: int | None
    status: EnrolmentStatus
    waiting_since: datetime | None
    completed_on: date | None


@api_route(
    "/enrolments",
    method="POST",
    operation_id="createEnrolment",
    links={"recordCompletion": {"enrolment_id": "$response.body#/id"}},
    permission="programme.manage",
    body=EnrolmentRequest,
    response=EnrolmentOut,
    status=201,
    summary="Enrol a person on a cohort: a place if there is one, else the waiting list",
    tag="Programmes",
)
def create_enrolment(body: EnrolmentRequest):
    person = get_person(body.person_id)
    cohort = programme_queries.get_cohort(body.cohort_id)
    enrolment = programme_services.enrol(person, cohort)
    return EnrolmentOut.model_validate(enrolment, from_attributes=True)


class CompletionRequest(Strict):
    completed_on: date
    passed: bool = Field(description="True for completed; false for did not complete")
    assessment_result: str = Field("", max_length=100)
    evidence: str = Field("", max_length=2000, description="Needed for a completion, such as a certificate number")


@api_route(
    "/enrolments/<id:enrolment_id>/completion",
    method="POST",
    operation_id="recordCompletion",
    permission="programme.manage",
    load=programme_queries.get_enrolment,
    body=CompletionRequest,
    response=EnrolmentOut,
    summary="Record the outcome of an enrolment with a place",
    tag="Programmes",
)
def record_completion(enrolment, body: CompletionRequest):
    programme_services.record_completion(
        enrolment,
        completed_on=body.completed_on,
        passed=body.passed,
        assessment_result=body.assessment_result,
        evidence=body.evidence,
    )
    return EnrolmentOut.model_validate(enrolment, from_attributes=True)


class EligibilityQuery(Strict):
    band: Band | None = Field(None, description="The band of the post; or give post_id")
    post_id: RecordId | None = None
    start_date: date | None = Field(None, description="When the post would start; today if not given")

    @model_validator(mode="after")
    def band_or_post(self):
        if (self.band is None) == (self.post_id is None):
            raise ValueError("give either band or post_id")
        return self


class MissingItem(BaseModel):
    title: str
    detail: str


class EligibilityOut(BaseModel):
    person_id: int
    band: Band
    start_date: date
    eligible: bool
    missing: list[MissingItem]


@api_route(
    "/people/<id:person_id>/eligibility",
    method="GET",
    operation_id="getEligibility",
    permission="learning.view",
    load=get_person,
    query=EligibilityQuery,
    response=EligibilityOut,
    summary="Whether a person meets the prerequisites for a band or post, and what is missing",
    tag="Programmes",
)
def get_eligibility(person, query: EligibilityQuery):
    band = query.band or get_post(query.post_id).band
    on = query.start_date or date.today()
    result = programme_services.check_eligibility(person.id, band, on)
    missing = [MissingItem(title=item.title, detail=item.detail) for item in result.missing]
    return EligibilityOut(person_id=person.id, band=band, start_date=on, eligible=result.eligible, missing=missing)


class PostRequest(Strict):
    organisation_id: RecordId
    title: str = Field(min_length=1, max_length=200)
    band: Band
    directorate: str | None = Field(None, max_length=120)
    start_date: date
    end_date: date | None = None
    override_reason: str | None = Field(
        None,
        max_length=500,
        description="System admins and the national appointments team only: appoint someone who does not "
        "meet the prerequisites, for this reason (audited)",
    )


class PostOut(BaseModel):
    id: int
    person_id: int | None
    organisation_id: int
    title: str
    band: Band
    directorate: str | None
    start_date: date
    end_date: date | None


@api_route(
    "/people/<id:person_id>/posts",
    method="POST",
    operation_id="createPost",
    permission="post.create",
    load=get_person,
    body=PostRequest,
    response=PostOut,
    status=201,
    summary="Put a person into a new post; refused with what is missing if they do not meet the prerequisites",
    tag="People",
)
def create_post(person, body: PostRequest):
    principal = current_principal()
    organisation = get_organisation(body.organisation_id)
    if not can(principal, "post.create", organisation):
        raise NotFound("No such organisation")
    post = people_services.add_post(
        person,
        organisation=organisation,
        title=body.title,
        band=body.band,
        directorate=body.directorate,
        start_date=body.start_date,
        end_date=body.end_date,
        principal=principal,
        override_reason=body.override_reason,
    )
    return PostOut.model_validate(post, from_attributes=True)
