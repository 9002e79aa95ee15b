from datetime import date
from typing import Annotated, Literal

from flask import g
from pydantic import BaseModel, Field

from talent.api.routing import api_route
from talent.api.schemas import Page, PageQuery, RecordId, Strict, page_of
from talent.appraisals import feedback as appraisal_feedback
from talent.appraisals import queries as appraisal_queries
from talent.appraisals import services as appraisal_services
from talent.appraisals.models import AppraisalStatus, AppraisalVariant
from talent.auth.policy import can, current_principal
from talent.errors import NotFound
from talent.people.queries import get_person

_SCALE = Field(None, ge=1, le=10, description="A position on the framework's scale, from 1")


class AppraisalRequest(Strict):
    person_id: RecordId


class RatingIn(Strict):
    statement_id: RecordId
    rating: int | None = _SCALE
    evidence: str = Field("", max_length=4000)


class ObjectiveIn(Strict):
    text: str = Field(min_length=1, max_length=2000)
    measure: str = Field(min_length=1, max_length=500)
    due_on: date
    is_edi: bool = False
    progress: str = Field("", max_length=2000)


class ObjectiveOutcomeIn(Strict):
    position: int = Field(ge=1, le=10, description="The objective's number, from 1")
    outcome: Literal["met", "partly_met", "not_met", "not_yet_due"]


class SelfAssessmentIn(Strict):
    ratings: list[RatingIn] = Field(max_length=200)
    objectives: list[ObjectiveIn] = Field(min_length=1, max_length=10)
    wellbeing: str = Field("", max_length=4000)
    career: str = Field("", max_length=4000)
    development_needs: str = Field("", max_length=4000)
    development_programme_ids: list[RecordId] = Field([], max_length=20)
    version: int | None = Field(None, ge=1, le=2_000_000_000)


class ManagerAssessmentIn(Strict):
    ratings: list[RatingIn] = Field(max_length=200)
    objectives_rating: int = Field(ge=1, le=10)
    behaviours_rating: int = Field(ge=1, le=10)
    objective_outcomes: list[ObjectiveOutcomeIn] = Field(
        [], max_length=10, description="Every objective needs an outcome before the assessment is submitted"
    )
    fppt_assessed_on: date | None = None
    version: int | None = Field(None, ge=1, le=2_000_000_000)


class DiscussionIn(Strict):
    discussed_on: date


class SignOffIn(Strict):
    disagreement: str = Field("", max_length=4000)


class FeedbackRequestIn(Strict):
    respondent_emails: list[Annotated[str, Field(min_length=3, max_length=254)]] = Field(
        min_length=1, max_length=12, description="Colleagues' Talent account emails"
    )
    due_on: date | None = Field(None, description="The date to answer by; 14 days from today if not given")


class FeedbackAnswerIn(Strict):
    statement_id: RecordId
    rating: int | None = _SCALE
    comment: str = Field("", max_length=4000)


class FeedbackIn(Strict):
    answers: list[FeedbackAnswerIn] = Field(max_length=200)
    comment: str = Field("", max_length=4000)


class FeedbackRequestOut(BaseModel):
    id: int
    appraisal_id: int
    appraisee_name: str
    due_on: date
    answered: bool


class FeedbackRequestsOut(BaseModel):
    requests: list[FeedbackRequestOut]


class StatementFeedbackOut(BaseModel):
    statement_id: int
    #: Scale position (as a string, JSON object keys being strings) → how many chose it.
    counts: dict[str, int]
    comments: list[str]


class FeedbackSummaryOut(BaseModel):
    requested: int
    received: int
    shown: bool = Field(description="False until at least 3 colleagues have answered; statements are empty till then")
    waiting: int = Field(description="Answers given but not yet in the summary: they join it in groups of at least 3")
    statements: list[StatementFeedbackOut]
    comments: list[str]


class RatingOut(BaseModel):
    statement_id: int
    statement: str
    self_rating: int | None
    self_evidence: str
    manager_rating: int | None
    manager_evidence: str


class ObjectiveOut(BaseModel):
    position: int
    text: str
    measure: str
    due_on: date
    is_edi: bool
    progress: str
    outcome: str | None


#: Everything done to an appraisal takes the id that createAppraisal answers with.
APPRAISAL_LINKS = {
    target: {"appraisal_id": "$response.body#/id"}
    for target in (
        "getAppraisal",
        "submitSelfAssessment",
        "submitManagerAssessment",
        "recordAppraisalDiscussion",
        "signOffAppraisal",
        "requestFeedback",
        "amendAppraisal",
        "endorseAppraisal",
    )
}


class AppraisalOut(BaseModel):
    id: int
    cycle: str
    appraisee_id: int
    appraiser_id: int
    variant: AppraisalVariant
    framework_code: str
    framework_version: int
    status: AppraisalStatus
    objectives: list[ObjectiveOut]
    ratings: list[RatingOut]
    objectives_rating: int | None
    behaviours_rating: int | None
    wellbeing_conversation: str
    career_conversation: str
    development_needs: str
    development_programme_ids: list[int]
    appraisee_disagreement: str | None
    feedback: FeedbackSummaryOut
    version: int


def _out(appraisal) -> AppraisalOut:
    appraisal = appraisal_queries.get_appraisal(appraisal.id)
    return AppraisalOut(
        id=appraisal.id,
        cycle=appraisal.cycle.name,
        appraisee_id=appraisal.appraisee_id,
        appraiser_id=appraisal.appraiser_id,
        variant=appraisal.variant,
        framework_code=appraisal.framework.code,
        framework_version=appraisal.framework.version,
        status=appraisal.status,
        objectives=[ObjectiveOut.model_validate(o, from_attributes=True) for o in appraisal.objectives],
        ratings=[
            RatingOut(
                statement_id=r.statement_id,
                statement=r.statement.text,
                self_rating=r.self_rating,
                self_evidence=r.self_evidence,
                manager_rating=r.manager_rating,
                manager_evidence=r.manager_evidence,
            )
            for r in appraisal_queries.ordered_ratings(appraisal)
        ],
        objectives_rating=appraisal.objectives_rating,
        behaviours_rating=appraisal.behaviours_rating,
        wellbeing_conversation=appraisal.wellbeing_conversation,
        career_conversation=appraisal.career_conversation,
        development_needs=appraisal.development_needs,
        development_programme_ids=[p.id for p in appraisal.development_programmes],
        appraisee_disagreement=appraisal.appraisee_disagreement,
        feedback=_feedback_out(appraisal_feedback.feedback_summary(appraisal)),
        version=appraisal.version,
    )


def _feedback_out(summary) -> FeedbackSummaryOut:
    return FeedbackSummaryOut(
        requested=summary.requested,
        received=summary.received,
        shown=summary.shown,
        waiting=summary.waiting,
        statements=[
            StatementFeedbackOut(
                statement_id=item.statement.id,
                counts={str(position): n for position, n in item.counts.items()},
                comments=item.comments,
            )
            for item in summary.statements
        ],
        comments=summary.comments,
    )


def _request_out(request) -> FeedbackRequestOut:
    return FeedbackRequestOut(
        id=request.id,
        appraisal_id=request.appraisal_id,
        appraisee_name=request.appraisal.appraisee.full_name,
        due_on=request.due_on,
        answered=request.answered,
    )


def _ratings(items: list[RatingIn]) -> list:
    return [appraisal_services.RatingInput(i.statement_id, i.rating, i.evidence) for i in items]


@api_route(
    "/appraisals",
    method="POST",
    operation_id="createAppraisal",
    links=APPRAISAL_LINKS,
    permission="appraisal.start",
    body=AppraisalRequest,
    response=AppraisalOut,
    status=201,
    summary="Start a person's appraisal in their organisation's current cycle, with their line manager",
    tag="Appraisals",
)
def create_appraisal(body: AppraisalRequest):
    person = get_person(body.person_id)
    if not can(current_principal(), "appraisal.start", person):
        raise NotFound("No such person")
    return _out(appraisal_services.start_current_appraisal(person))


@api_route(
    "/appraisals/<id:appraisal_id>",
    method="GET",
    operation_id="getAppraisal",
    permission="appraisal.view",
    load=appraisal_queries.get_appraisal,
    response=AppraisalOut,
    summary="An appraisal: for the appraisee, their management chain and their HR admin; audited",
    tag="Appraisals",
)
def get_appraisal(appraisal):
    appraisal_services.read_appraisal(appraisal, actor=g.api_account)
    return _out(appraisal)


@api_route(
    "/appraisals/<id:appraisal_id>/self-assessment",
    method="POST",
    operation_id="submitSelfAssessment",
    permission="appraisal.edit",
    load=appraisal_queries.get_appraisal,
    body=SelfAssessmentIn,
    response=AppraisalOut,
    conflict=True,
    summary="The appraisee submits objectives, self-ratings and the conversations",
    tag="Appraisals",
)
def submit_self_assessment(appraisal, body: SelfAssessmentIn):
    appraisal_services.save_self_assessment(
        appraisal,
        actor=g.api_account,
        ratings=_ratings(body.ratings),
        objectives=[
            appraisal_services.ObjectiveInput(o.text, o.measure, o.due_on, o.is_edi, o.progress)
            for o in body.objectives
        ],
        wellbeing=body.wellbeing,
        career=body.career,
        development_needs=body.development_needs,
        development_programme_ids=body.development_programme_ids,
        expected_version=body.version,
    )
    appraisal_services.submit_self_assessment(appraisal, actor=g.api_account)
    return _out(appraisal)


@api_route(
    "/appraisals/<id:appraisal_id>/manager-assessment",
    method="POST",
    operation_id="submitManagerAssessment",
    permission="appraisal.edit",
    load=appraisal_queries.get_appraisal,
    body=ManagerAssessmentIn,
    response=AppraisalOut,
    conflict=True,
    summary="The appraiser submits their ratings and the overall ratings",
    tag="Appraisals",
)
def submit_manager_assessment(appraisal, body: ManagerAssessmentIn):
    appraisal_services.save_manager_assessment(
        appraisal,
        actor=g.api_account,
        ratings=_ratings(body.ratings),
        objectives_rating=body.objectives_rating,
        behaviours_rating=body.behaviours_rating,
        objective_outcomes={item.position: item.outcome for item in body.objective_outcomes},
        fppt_assessed_on=body.fppt_assessed_on,
        expected_version=body.version,
    )
    appraisal_services.submit_manager_assessment(appraisal, actor=g.api_account)
    return _out(appraisal)


@api_route(
    "/appraisals/<id:appraisal_id>/discussion",
    method="POST",
    operation_id="recordAppraisalDiscussion",
    permission="appraisal.edit",
    load=appraisal_queries.get_appraisal,
    body=DiscussionIn,
    response=AppraisalOut,
    summary="The appraiser records the date of the appraisal discussion",
    tag="Appraisals",
)
def record_discussion(appraisal, body: DiscussionIn):
    appraisal_services.record_discussion(appraisal, actor=g.api_account, discussed_on=body.discussed_on)
    return _out(appraisal)


@api_route(
    "/appraisals/<id:appraisal_id>/sign-off",
    method="POST",
    operation_id="signOffAppraisal",
    permission="appraisal.edit",
    load=appraisal_queries.get_appraisal,
    body=SignOffIn,
    response=AppraisalOut,
    summary="The caller signs off, as appraisee (with any disagreement) or appraiser",
    tag="Appraisals",
)
def sign_off_appraisal(appraisal, body: SignOffIn):
    appraisal_services.sign_off(appraisal, actor=g.api_account, disagreement=body.disagreement)
    return _out(appraisal)


@api_route(
    "/appraisals/<id:appraisal_id>/feedback-requests",
    method="POST",
    operation_id="requestFeedback",
    links={"submitFeedback": {"request_id": "$response.body#/requests/0/id"}},
    permission="appraisal.edit",
    load=appraisal_queries.get_appraisal,
    body=FeedbackRequestIn,
    response=FeedbackRequestsOut,
    status=201,
    summary="The appraisee or the appraiser asks named colleagues for anonymous feedback on behaviours",
    tag="Appraisals",
)
def request_feedback(appraisal, body: FeedbackRequestIn):
    requests = appraisal_feedback.request_feedback(
        appraisal, actor=g.api_account, respondent_emails=body.respondent_emails, due_on=body.due_on
    )
    return FeedbackRequestsOut(requests=[_request_out(r) for r in requests])


@api_route(
    "/feedback-requests",
    method="GET",
    operation_id="listFeedbackRequests",
    links={"submitFeedback": {"request_id": "$response.body#/items/0/id"}},
    permission="feedback.give",
    query=PageQuery,
    response=Page[FeedbackRequestOut],
    summary="Requests for feedback sent to the caller, unanswered first",
    tag="Appraisals",
)
def list_feedback_requests(query: PageQuery):
    statement = appraisal_queries.feedback_requests_to_query(g.api_account.person_id)
    return page_of(FeedbackRequestOut, statement, query, convert=_request_out)


@api_route(
    "/feedback-requests/<id:request_id>/response",
    method="POST",
    operation_id="submitFeedback",
    permission="feedback.give",
    load=appraisal_queries.get_feedback_request,
    body=FeedbackIn,
    response=FeedbackRequestOut,
    status=201,
    summary="The colleague asked answers, anonymously: the answers are stored apart from the request",
    tag="Appraisals",
)
def submit_feedback(feedback_request, body: FeedbackIn):
    appraisal_feedback.give_feedback(
        feedback_request,
        actor=g.api_account,
        answers=[appraisal_feedback.FeedbackAnswerInput(a.statement_id, a.rating, a.comment) for a in body.answers],
        comment=body.comment,
    )
    return _request_out(feedback_request)


class AmendmentIn(Strict):
    field: Literal[tuple(appraisal_services.AMENDABLE)]
    rating: int | None = Field(None, ge=1, le=10, description="For an overall rating")
    text: str = Field("", max_length=4000, description="For a conversation or development needs")
    reason: str = Field(min_length=1, max_length=2000)
    version: int | None = Field(None, ge=1, le=2_000_000_000)


@api_route(
    "/appraisals/<id:appraisal_id>/amendments",
    method="POST",
    operation_id="amendAppraisal",
    permission="appraisal.review",
    load=appraisal_queries.get_appraisal,
    body=AmendmentIn,
    response=AppraisalOut,
    status=201,
    conflict=True,
    summary="Correct a signed-off appraisal, with a reason; the value it replaces is kept and the change audited",
    tag="Appraisals",
)
def amend_appraisal(appraisal, body: AmendmentIn):
    appraisal_services.amend_appraisal(
        appraisal,
        actor=g.api_account,
        field=body.field,
        rating=body.rating,
        text=body.text,
        reason=body.reason,
        expected_version=body.version,
    )
    return _out(appraisal)


@api_route(
    "/appraisals/<id:appraisal_id>/endorsement",
    method="POST",
    operation_id="endorseAppraisal",
    permission="appraisal.endorse",
    load=appraisal_queries.get_appraisal,
    response=AppraisalOut,
    summary="The region endorses a trust or ICB board member's appraisal submitted to it",
    tag="Appraisals",
)
def endorse_appraisal(appraisal):
    appraisal_services.endorse_appraisal(appraisal, actor=g.api_account)
    # The answer carries the whole appraisal, so it counts as a read.
    appraisal_services.read_appraisal(appraisal, actor=g.api_account)
    return _out(appraisal)
