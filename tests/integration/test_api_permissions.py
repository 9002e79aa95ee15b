"""Every API operation × every role × an object from another organisation in the region and
from another region: the API must refuse (403 or 404) exactly as the HTML pages do, and let
through only the roles whose reach covers the object.

Operations are read from the API's own registry, so an operation added later is covered
without editing this file; an id it takes that this file has no out-of-scope object for fails
``test_every_id_an_operation_takes_has_an_object_out_of_scope``.
"""

import re
from datetime import date, timedelta

import pytest
from pydantic import BaseModel
from sqlalchemy import select

from talent.api.routing import OPERATIONS
from talent.appraisals import services as appraisal_services
from talent.appraisals.models import FeedbackRequest
from talent.auth import tokens
from talent.auth.models import Account
from talent.auth.policy import build_principal
from talent.extensions import db
from talent.ned import services as ned_services
from talent.ned.models import BoardRole, VacancyStatus
from talent.orgs.models import Organisation
from talent.people.models import Band
from talent.pipeline import challenged
from talent.pipeline import queries as pipeline_queries
from talent.pipeline import services as pipeline_services
from talent.pipeline.models import TargetRole
from talent.programmes import services as programme_services
from talent.programmes.models import Cohort
from tests.factories import (
    PASSWORD,
    create_account,
    create_board_term,
    create_open_talent_pool,
    create_organisation,
    create_person,
    create_talent_conversation,
)
from tests.integration.test_permissions import ROLES, world  # noqa: F401 (the fixture)

WHERE = ["neighbour", "elsewhere"]
#: Roles whose reach covers an object in another organisation (neighbour) or another region
#: (elsewhere), for each operation. Everything else must be refused with 403 or 404.
LET_THROUGH = {
    # National roles, and the region's talent lead for its own region's people.
    ("getPerson", "neighbour"): {"talent_lead", "ned_team", "admin"},
    ("getPerson", "elsewhere"): {"ned_team", "admin"},
    ("getEligibility", "neighbour"): {"talent_lead", "programmes", "admin"},
    ("getEligibility", "elsewhere"): {"programmes", "admin"},
    # Organisations are public reference data (the ODS list).
    ("getOrganisation", "neighbour"): set(ROLES),
    ("getOrganisation", "elsewhere"): set(ROLES),
    # The national appointments team and admins appoint anywhere; programme admins enrol anyone.
    ("createPost", "neighbour"): {"ned_team", "admin"},
    ("createPost", "elsewhere"): {"ned_team", "admin"},
    ("createEnrolment", "neighbour"): {"programmes", "admin"},
    ("createEnrolment", "elsewhere"): {"programmes", "admin"},
    ("recordCompletion", "neighbour"): {"programmes", "admin"},
    ("recordCompletion", "elsewhere"): {"programmes", "admin"},
    # The talent pipeline: the region's talent lead for their own region, national admins
    # everywhere. Where the body carries only ids, the rest of it is missing, so a role that may
    # act is answered 400 (nothing written) rather than let through.
    ("getTalentConversation", "neighbour"): {"talent_lead", "admin"},
    ("getTalentConversation", "elsewhere"): {"admin"},
    ("listPoolMembers", "neighbour"): {"talent_lead", "admin"},
    ("listPoolMembers", "elsewhere"): {"admin"},
    ("decidePoolNomination", "neighbour"): {"talent_lead", "admin"},
    ("decidePoolNomination", "elsewhere"): {"admin"},
    ("moveCalibrationPosition", "neighbour"): {"talent_lead", "admin"},
    ("moveCalibrationPosition", "elsewhere"): {"admin"},
    ("createCalibrationReview", "neighbour"): {"talent_lead", "admin"},
    ("createCalibrationReview", "elsewhere"): {"admin"},
    # Talent leads nominate their region's people (into any region's pool).
    ("nominateToTalentPool", "neighbour"): {"talent_lead"},
    # A pool's body needs more than its ids: its validation answers before the region is
    # checked (test_talent_pipeline_api checks a talent lead is refused another region's pool).
    ("createTalentPool", "neighbour"): {"talent_lead", "admin"},
    ("createTalentPool", "elsewhere"): {"talent_lead", "admin"},
    # NED appointments are national: the appointments team and admins reach every vacancy (a body
    # of ids alone is incomplete, so some answer 400). Adverts are open to everyone to apply to
    # (an incomplete application is a 400). A panel member reaches only their own panels.
    **{
        (op, where): {"ned_team", "admin"}
        for op in (
            "createNedVacancy",
            "assignPanelMember",
            "getPanelScores",
            "recordPanelDecision",
            "createAppointment",
            "reappoint",
        )
        for where in WHERE
    },
    **{("createNedApplication", where): set(ROLES) for where in WHERE},
    # Challenged posts: the region's talent lead for its own region, national admins everywhere.
    # A body of ids alone is incomplete, so creating answers 400 to anyone who may create at all.
    **{
        (op, "neighbour"): {"talent_lead", "admin"}
        for op in (
            "getChallengedPost",
            "matchCandidates",
            "getMatchRun",
            "acceptAssignment",
            "proposeRegionalAssignment",
            "createShortlist",
            "recordInterviewOutcome",
            "offerPost",
            "recordPlacement",
        )
    },
    **{
        (op, "elsewhere"): {"admin"}
        for op in (
            "getChallengedPost",
            "matchCandidates",
            "getMatchRun",
            "acceptAssignment",
            "proposeRegionalAssignment",
            "createShortlist",
            "recordInterviewOutcome",
            "offerPost",
            "recordPlacement",
        )
    },
    **{
        (op, where): {"talent_lead", "admin"}
        for op in ("createChallengedPost", "createIncentivePackage")
        for where in WHERE
    },
    **{("approveIncentivePackage", where): {"admin"} for where in WHERE},
}
PATH_ID = re.compile(r"<id:(\w+)>")


@pytest.fixture
def far(world):  # noqa: F811 (the fixture imported above)
    """Objects outside the home organisation: one set in a neighbour in the region, one elsewhere."""
    objects = {}
    cycles = {}
    for where in WHERE:
        organisation_id = world[where]
        person = create_person(organisation=db.session.get(Organisation, organisation_id))
        manager = create_person(organisation=person.organisation, band="7")
        person.posts[0].reports_to = manager.posts[0]
        db.session.flush()
        cycles[where] = appraisal_services.create_cycle(
            person.organisation,
            year=2026,
            opens_on=date.today() - timedelta(days=30),
            due_on=date.today() + timedelta(days=300),
        )
        appraisal = appraisal_services.start_appraisal(cycles[where], person)
        colleague = create_account(person=create_person(organisation=person.organisation))
        request = FeedbackRequest(
            appraisal_id=appraisal.id,
            respondent_id=colleague.person_id,
            respondent_email=colleague.email,
            requested_by_id=person.id,
            due_on=date.today() + timedelta(days=14),
        )
        db.session.add(request)
        cohort = db.session.get(Cohort, world["cohort"])
        enrolment = programme_services.enrol(person, cohort)
        owner = create_account(person=person)
        token, _ = tokens.create_token(owner.email, PASSWORD, address="192.0.2.1", name="theirs", expires_in_days=1)
        db.session.flush()
        talent = _far_talent(world, person, manager)
        talent |= _far_ned(world, person.organisation)
        talent |= _far_challenged(world, person.organisation)
        objects[where] = {
            **talent,
            "person_id": person.id,
            "appraisal_id": appraisal.id,
            "request_id": request.id,
            "enrolment_id": enrolment.id,
            "token_id": token.id,
            "organisation_id": organisation_id,
            "cohort_id": world["cohort"],
        }
    return objects


def _far_talent(world, person, manager) -> dict:  # noqa: F811
    """A conversation, a pool in the person's region with them in it, and a review of it."""
    conversation = create_talent_conversation(person, recorded_by=create_account(person=manager))
    admin = build_principal(world["accounts"]["admin"])
    region_id = person.organisation.region_id
    pool = create_open_talent_pool(region_id=region_id, principal=admin, name="Far pool")
    membership = pipeline_services.nominate(pool, person, case="Ready", principal=_as_manager(manager))
    pipeline_services.decide_nomination(membership, approve=True, reason="Yes", actor=world["accounts"]["admin"])
    review = pipeline_services.open_review(title="Far review", pool=pool, principal=admin)
    return {
        "conversation_id": conversation.id,
        "readiness_id": conversation.readiness_id,
        "pool_id": pool.id,
        "region_id": region_id,
        "membership_id": membership.id,
        "review_id": review.id,
    }


def _far_ned(world, organisation) -> dict:  # noqa: F811
    """An open vacancy on the organisation's board with an application, and a panel
    the panel member demo account is not on."""
    team = world["accounts"]["ned_team"]
    vacancy = ned_services.create_vacancy(
        organisation,
        role=BoardRole.NED,
        title="Far vacancy",
        role_description="",
        lcf_domains=["D1"],
        skills=[],
        remuneration_pounds=None,
        time_commitment="3 days a month",
        term_months=36,
        closing_on=date.today() + timedelta(days=10),
        actor=team,
    )
    ned_services.move_vacancy(vacancy, VacancyStatus.OPEN, actor=team)
    candidate = create_account(person=create_person(organisation=db.session.get(Organisation, world["home"])))
    application = ned_services.apply(
        vacancy,
        candidate.person,
        experience="Audit",
        skills=[],
        interests_declared="",
        not_an_employee=True,
        not_disqualified=True,
        actor=candidate,
    )
    holder = create_person(organisation=db.session.get(Organisation, world["home"]))
    term = create_board_term(holder, organisation, first_appointed_on=date.today() - timedelta(days=500))
    return {"vacancy_id": vacancy.id, "application_id": application.id, "appointment_id": term.id}


def _far_challenged(world, organisation) -> dict:  # noqa: F811
    """A package, a challenged post at a challenged trust in the organisation's region, a match
    run for it and a region-wide proposal there."""
    admin = world["accounts"]["admin"]
    region = organisation.region
    package = challenged.create_package(
        region, challenged.PackageTerms(name="Far package", base_salary_pounds=120_000), template=True, actor=admin
    )
    trust = create_organisation(region_code=region.code, segment=4)
    post = challenged.create_post(
        trust,
        title="Far post",
        band=Band.AFC_9,
        role_type=TargetRole.CHIEF_OPERATING_OFFICER,
        min_behaviours_rating=None,
        experience=[],
        interim=False,
        starts_on=date.today() + timedelta(days=90),
        closing_on=date.today() + timedelta(days=30),
        template=None,
        actor=admin,
    )
    run = challenged.match_post(post, actor=admin)
    proposal = challenged.propose_assignment(region, actor=admin)
    result = next(r for r in pipeline_queries.run_results(proposal.run) if r.proposed)
    [entry] = challenged.create_shortlist(post, run=run, person_ids=[result.person_id], reason="", actor=admin)
    return {
        "package_id": package.id,
        "post_id": post.id,
        "run_id": run.id,
        "result_id": result.id,
        "entry_id": entry.id,
    }


def _as_manager(manager):
    return build_principal(db.session.scalar(select(Account).where(Account.person_id == manager.id)))


def _body_ids(operation) -> list[str]:
    model = operation.body
    if not (isinstance(model, type) and issubclass(model, BaseModel)):
        return []
    return [name for name in model.model_fields if name.endswith("_id")]


def _scoped_operations():
    """Operations that name an object by id, in the path or the body."""
    return [op for op in OPERATIONS if PATH_ID.search(op.rule) or _body_ids(op)]


def test_every_id_an_operation_takes_has_an_object_out_of_scope(far):
    known = set(far["elsewhere"])
    for operation in _scoped_operations():
        names = set(PATH_ID.findall(operation.rule)) | set(_body_ids(operation))
        assert names <= known, f"{operation.operation_id}: add an out-of-scope object for {names - known}"


@pytest.mark.parametrize("role", ROLES)
def test_no_role_reaches_an_object_outside_its_scope_through_the_api(client, world, far, role):  # noqa: F811
    account = world["accounts"][role]
    token = client.post("/api/v1/tokens", json={"email": account.email, "password": PASSWORD}).json["token"]
    headers = {"Authorization": f"Bearer {token}"}
    wrong = {}
    for operation in _scoped_operations():
        if operation.permission is None:
            continue
        for where in WHERE:
            ids = far[where]
            path = "/api/v1" + PATH_ID.sub(lambda m, ids=ids: str(ids[m.group(1)]), operation.rule)
            body = {name: ids[name] for name in _body_ids(operation)}
            response = client.open(path, method=operation.method, json=body or {}, headers=headers)
            refused = response.status_code in (403, 404)
            expected_refused = role not in LET_THROUGH.get((operation.operation_id, where), set())
            if refused != expected_refused:
                wrong[(operation.operation_id, where)] = response.status_code
    assert wrong == {}, "status codes where the refusal was not as expected"
