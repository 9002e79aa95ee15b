"""Every route, every role: who is allowed, who gets 403, and who gets 404 for an object outside
their organisation or region. The same table also proves the policy denies by default: a route
missing from it fails ``test_every_route_is_in_the_matrix``."""

from datetime import date, timedelta

import pytest
from flask import url_for
from sqlalchemy import select

from talent.appraisals import services as appraisal_services
from talent.appraisals.models import FeedbackRequest
from talent.auth.models import Role
from talent.auth.policy import build_principal
from talent.edi.models import Disability, EthnicGroup, Sex
from talent.extensions import db
from talent.ned import services as ned_services
from talent.ned.models import BoardRole, PanelRole, VacancyStatus
from talent.people.models import Band
from talent.pipeline import challenged
from talent.pipeline import queries as pipeline_queries
from talent.pipeline import services as pipeline_services
from talent.pipeline.models import Placement, TargetRole
from talent.programmes import services as programme_services
from talent.programmes.models import Programme
from talent.standards import queries as standard_queries
from talent.standards import services as standard_services
from tests.factories import (
    PASSWORD,
    create_account,
    create_board_term,
    create_edi_profile,
    create_open_talent_pool,
    create_organisation,
    create_person,
    create_talent_conversation,
    get_region,
)

ROLES = ["staff", "manager", "hr", "programmes", "talent_lead", "ned_team", "ned_panel", "board_secretary", "admin"]


@pytest.fixture
def world(db_session):
    home = create_organisation(region_code="Y62", segment=2)
    neighbour = create_organisation(region_code="Y62", segment=4)
    elsewhere = create_organisation(region_code="Y56", segment=1)
    manager = create_person(organisation=home, band="7", title="Ward manager")
    staff = create_person(organisation=home, manager=manager)
    outsider = create_person(organisation=elsewhere)
    create_edi_profile(staff, ethnicity=EthnicGroup.ASIAN_INDIAN, disability=Disability.NO)
    create_edi_profile(outsider, sex=Sex.FEMALE)
    standard_services.seed_frameworks()
    framework = standard_queries.active_framework("hlm")
    draft = standard_services.start_new_version(framework)
    programme_services.seed_programmes()
    programme = db.session.scalar(select(Programme).where(Programme.code == "MID-CAREER"))
    cohort = programme_services.create_cohort(
        programme, title="Spring", starts_on=date.today(), ends_on=date.today() + timedelta(days=90), capacity=5
    )
    enrolment = programme_services.enrol(staff, cohort)
    rule = programme_services.create_rule(
        title="Board roles", min_band=Band.NED, programmes=[programme], required_level=None, effective_from=date.today()
    )
    cycle = appraisal_services.create_cycle(
        home, year=2026, opens_on=date.today() - timedelta(days=30), due_on=date.today() + timedelta(days=300)
    )
    appraisal = appraisal_services.start_appraisal(cycle, staff)
    accounts = {
        "staff": create_account(person=staff),
        "manager": create_account(person=manager),
        "hr": create_account(person=create_person(organisation=home), roles=[(Role.HR_ADMIN, home)]),
        "programmes": create_account(person=create_person(organisation=home), roles=[(Role.PROGRAMME_ADMIN, None)]),
        "talent_lead": create_account(
            person=create_person(organisation=home), roles=[(Role.TALENT_LEAD, get_region("Y62"))]
        ),
        "ned_team": create_account(person=create_person(organisation=home), roles=[(Role.NED_TEAM, None)]),
        "ned_panel": create_account(person=create_person(organisation=elsewhere), roles=[(Role.NED_PANEL, None)]),
        "board_secretary": create_account(
            person=create_person(organisation=home), roles=[(Role.BOARD_SECRETARY, home)]
        ),
        "admin": create_account(person=create_person(organisation=home), roles=[(Role.SYSTEM_ADMIN, None)]),
    }
    # The programme admin has been asked for feedback on the staff member's appraisal.
    feedback_request = FeedbackRequest(
        appraisal_id=appraisal.id,
        respondent_id=accounts["programmes"].person_id,
        respondent_email=accounts["programmes"].email,
        requested_by_id=staff.id,
        due_on=date.today() + timedelta(days=14),
    )
    db.session.add(feedback_request)
    db.session.flush()
    talent = _talent_world(accounts, staff)
    talent |= _challenged_world(accounts, neighbour)
    ned = _ned_world(accounts, staff, home, neighbour, elsewhere)
    return {
        **talent,
        **ned,
        "accounts": accounts,
        "home": home.id,
        "neighbour": neighbour.id,
        "elsewhere": elsewhere.id,
        "staff": staff.id,
        "staff_post": staff.posts[0].id,
        "outsider": outsider.id,
        "outsider_post": outsider.posts[0].id,
        "framework": framework.id,
        "draft_statement": draft.domains[0].standards[0].statements[0].id,
        "programme": programme.id,
        "cohort": cohort.id,
        "enrolment": enrolment.id,
        "rule": rule.id,
        "behaviours": "behaviours",
        "overall": "overall",
        "band_8c": "8c",
        "appraisal": appraisal.id,
        "feedback_request": feedback_request.id,
    }


def _talent_world(accounts, staff) -> dict:
    """A conversation, a pool with a nomination approved and a review open on it in the home
    region, and a London pool."""
    conversation = create_talent_conversation(staff, recorded_by=accounts["manager"])

    def pool_in(region_code, principal):
        return create_open_talent_pool(region_id=get_region(region_code).id, principal=principal, name=region_code)

    pool = pool_in("Y62", build_principal(accounts["talent_lead"]))
    london_pool = pool_in("Y56", build_principal(accounts["admin"]))
    membership = pipeline_services.nominate(pool, staff, case="Ready", principal=build_principal(accounts["manager"]))
    pipeline_services.decide_nomination(membership, approve=True, reason="Yes", actor=accounts["talent_lead"])
    review = pipeline_services.open_review(
        title="Spring", pool=pool, principal=build_principal(accounts["talent_lead"])
    )
    return {
        "conversation": conversation.id,
        "pool": pool.id,
        "london_pool": london_pool.id,
        "membership": membership.id,
        "review": review.id,
    }


def _challenged_world(accounts, neighbour) -> dict:
    """A package template and a challenged post at the neighbouring trust (segment 4), a match
    run for it and a region-wide proposal; a challenged post in London."""
    lead, admin = accounts["talent_lead"], accounts["admin"]
    north_west = get_region("Y62")
    package = challenged.create_package(
        north_west,
        challenged.PackageTerms(name="Turnaround", base_salary_pounds=180_000, uplift_percent=10, uplift_months=12),
        template=True,
        actor=lead,
    )

    def post_at(organisation, actor):
        return challenged.create_post(
            organisation,
            title="Chief operating officer",
            band=Band.AFC_9,
            role_type=TargetRole.CHIEF_OPERATING_OFFICER,
            min_behaviours_rating=None,
            experience=[],
            interim=False,
            starts_on=date.today() + timedelta(days=90),
            closing_on=date.today() + timedelta(days=30),
            template=None,
            actor=actor,
        )

    post = post_at(neighbour, lead)
    london_post = post_at(create_organisation(region_code="Y56", segment=4), admin)
    run = challenged.match_post(post, actor=lead)
    proposal = challenged.propose_assignment(north_west, actor=lead)
    result = next(r for r in pipeline_queries.run_results(proposal.run) if r.proposed)
    [entry] = challenged.create_shortlist(post, run=run, person_ids=[result.person_id], reason="", actor=lead)
    placement = _placement_at(london_post.organisation, london_post)
    return {
        "shortlist_entry": entry.id,
        "placement": placement.id,
        "package": package.id,
        "challenged_post": post.id,
        "london_post": london_post.id,
        "match_run": run.id,
        "match_result": result.id,
        "home_region": north_west.id,
    }


def _placement_at(organisation, challenged_post) -> Placement:
    """A placement already made (as if recorded a year ago), for pages that list or change one."""
    person = create_person(organisation=organisation, band="9", title=challenged_post.title)
    placement = Placement(
        challenged_post_id=challenged_post.id,
        person_id=person.id,
        post_id=person.posts[0].id,
        region_id=challenged_post.region_id,
        previous_organisation_id=organisation.id,
        starts_on=date.today() - timedelta(days=365),
        segment_at_placement=4,
    )
    db.session.add(placement)
    db.session.flush()
    return placement


def _ned_world(accounts, staff, home, neighbour, elsewhere) -> dict:
    """A NED vacancy at the neighbouring trust in shortlisting, with the staff member's
    application and the panel member demo account on its panel; another vacancy elsewhere."""
    team = accounts["ned_team"]

    def vacancy_at(organisation):
        vacancy = ned_services.create_vacancy(
            organisation,
            role=BoardRole.NED,
            title=f"NED at {organisation.ods_code}",
            role_description="Audit",
            lcf_domains=["D1"],
            skills=[],
            remuneration_pounds=None,
            time_commitment="3 days a month",
            term_months=36,
            closing_on=date.today() + timedelta(days=20),
            actor=team,
        )
        ned_services.move_vacancy(vacancy, VacancyStatus.OPEN, actor=team)
        return vacancy

    vacancy, elsewhere_vacancy = vacancy_at(neighbour), vacancy_at(elsewhere)
    application = ned_services.apply(
        vacancy,
        staff,
        experience="Ward leadership",
        skills=[],
        interests_declared="",
        not_an_employee=True,
        not_disqualified=True,
        actor=accounts["staff"],
    )
    ned_services.move_vacancy(vacancy, VacancyStatus.CLOSED, actor=team)
    ned_services.assign_panel_member(vacancy, accounts["ned_panel"].person, panel_role=PanelRole.CHAIR, actor=team)
    ned_services.move_vacancy(vacancy, VacancyStatus.SHORTLISTING, actor=team)
    [score] = ned_services.save_scores(application, {vacancy.criteria[0].id: (2, "Some")}, actor=accounts["ned_panel"])
    # Terms of office on the home board (its secretary's) and elsewhere, held by people with no account.
    first = date.today() - timedelta(days=700)
    home_term = create_board_term(create_person(organisation=elsewhere), home, first_appointed_on=first)
    elsewhere_term = create_board_term(create_person(organisation=neighbour), elsewhere, first_appointed_on=first)
    return {
        "vacancy": vacancy.id,
        "elsewhere_vacancy": elsewhere_vacancy.id,
        "application": application.id,
        "home_term": home_term.id,
        "score": score.id,
        "elsewhere_term": elsewhere_term.id,
    }


def everyone(status):
    return dict.fromkeys(ROLES, status)


def only(allowed: dict, otherwise: int = 403):
    return {role: allowed.get(role, otherwise) for role in ROLES}


_TALENT_READERS = only({"staff": 200, "manager": 200, "hr": 200, "talent_lead": 200, "admin": 200}, 404)
_TALENT_TEAM = only({"talent_lead": 200, "admin": 200})
_CHALLENGED = only({"talent_lead": 200, "admin": 200})
_TERM_READERS = only({"board_secretary": 200, "ned_team": 200, "admin": 200}, 404)

#: (endpoint, URL arguments naming objects in ``world``, expected status per role).
MATRIX = [
    ("home.show_home", {}, everyone(200)),
    ("orgs.list_organisations", {}, everyone(200)),
    ("orgs.view_organisation", {"organisation_id": "elsewhere"}, everyone(200)),
    ("orgs.view_board", {"organisation_id": "home"}, only({"board_secretary": 200, "ned_team": 200, "admin": 200})),
    (
        "orgs.view_board",
        {"organisation_id": "elsewhere"},
        only({"board_secretary": 404, "ned_team": 200, "admin": 200}),
    ),
    ("orgs.record_segment", {"organisation_id": "neighbour"}, only({"talent_lead": 200, "admin": 200})),
    ("orgs.record_segment", {"organisation_id": "elsewhere"}, only({"talent_lead": 404, "admin": 200})),
    ("people.list_people", {}, only({"hr": 200, "talent_lead": 200, "ned_team": 200, "admin": 200})),
    (
        "people.view_person",
        {"person_id": "staff"},
        only(
            {"staff": 200, "manager": 200, "hr": 200, "talent_lead": 200, "ned_team": 200, "admin": 200}, otherwise=404
        ),
    ),
    ("people.view_person", {"person_id": "outsider"}, only({"ned_team": 200, "admin": 200}, otherwise=404)),
    ("people.edit_post", {"post_id": "staff_post"}, only({"hr": 200, "admin": 200})),
    ("people.edit_post", {"post_id": "outsider_post"}, only({"hr": 404, "admin": 200})),
    ("people.new_post", {"person_id": "staff"}, only({"hr": 200, "ned_team": 200, "admin": 200})),
    ("people.new_post", {"person_id": "outsider"}, only({"hr": 404, "ned_team": 200, "admin": 200})),
    ("auth.list_accounts", {}, only({"admin": 200})),
    ("audit.search_audit_log", {}, only({"admin": 200})),
    ("jobs.list_jobs", {}, only({"admin": 200})),
    ("notifications.list_notifications", {}, everyone(200)),
    # Equality information: the person alone; HR, their manager and admins get 404 like anyone else.
    ("edi.view_edi_profile", {"person_id": "staff"}, only({"staff": 200}, otherwise=404)),
    ("edi.edit_edi_profile", {"person_id": "staff"}, only({"staff": 200}, otherwise=404)),
    ("edi.download_edi_profile", {"person_id": "staff"}, only({"staff": 200}, otherwise=404)),
    ("edi.delete_edi_profile", {"person_id": "staff"}, only({"staff": 200}, otherwise=404)),
    ("edi.view_edi_profile", {"person_id": "outsider"}, everyone(404)),
    ("insights.workforce_profile", {}, only({"hr": 200, "talent_lead": 200, "admin": 200})),
    ("programmes.list_programmes", {}, everyone(200)),
    ("programmes.view_programme", {"programme_id": "programme"}, everyone(200)),
    ("programmes.new_cohort", {"programme_id": "programme"}, only({"programmes": 200, "admin": 200})),
    ("programmes.view_cohort", {"cohort_id": "cohort"}, only({"programmes": 200, "admin": 200})),
    ("programmes.record_outcome", {"enrolment_id": "enrolment"}, only({"programmes": 200, "admin": 200})),
    ("programmes.withdraw_enrolment", {"enrolment_id": "enrolment"}, only({"programmes": 200, "admin": 200})),
    ("programmes.defer_enrolment", {"enrolment_id": "enrolment"}, only({"programmes": 200, "admin": 200})),
    ("programmes.new_rule", {}, only({"programmes": 200, "admin": 200})),
    ("programmes.view_rule", {"rule_id": "rule"}, everyone(200)),
    ("programmes.retire_rule", {"rule_id": "rule"}, only({"programmes": 200, "admin": 200})),
    ("programmes.new_programme", {}, only({"programmes": 200, "admin": 200})),
    ("programmes.new_module", {"programme_id": "programme"}, only({"programmes": 200, "admin": 200})),
    ("programmes.new_accreditation", {"programme_id": "programme"}, only({"programmes": 200, "admin": 200})),
    ("programmes.record_attendance", {"enrolment_id": "enrolment"}, only({"programmes": 200, "admin": 200})),
    ("programmes.my_learning", {}, everyone(302)),
    (
        "programmes.view_learning",
        {"person_id": "staff"},
        only(
            {"staff": 200, "manager": 200, "hr": 200, "talent_lead": 200, "programmes": 200, "admin": 200},
            otherwise=404,
        ),
    ),
    ("programmes.view_learning", {"person_id": "outsider"}, only({"programmes": 200, "admin": 200}, otherwise=404)),
    ("programmes.team_learning", {}, only({"manager": 200})),
    (
        "appraisals.list_appraisals",
        {"person_id": "staff"},
        only({"staff": 200, "manager": 200, "hr": 200}, otherwise=404),
    ),
    ("appraisals.list_appraisals", {"person_id": "outsider"}, everyone(404)),
    (
        "appraisals.view_appraisal",
        {"appraisal_id": "appraisal"},
        only({"staff": 200, "manager": 200, "hr": 200}, otherwise=404),
    ),
    ("appraisals.self_assessment", {"appraisal_id": "appraisal"}, only({"staff": 200, "manager": 200}, 404)),
    ("appraisals.manager_assessment", {"appraisal_id": "appraisal"}, only({"staff": 200, "manager": 200}, 404)),
    (
        "appraisals.self_assessment_section",
        {"appraisal_id": "appraisal", "key": "behaviours"},
        only({"staff": 200, "manager": 200}, 404),
    ),
    (
        "appraisals.manager_assessment_section",
        {"appraisal_id": "appraisal", "key": "overall"},
        only({"staff": 200, "manager": 200}, 404),
    ),
    ("appraisals.self_assessment_check", {"appraisal_id": "appraisal"}, only({"staff": 200, "manager": 200}, 404)),
    ("appraisals.manager_assessment_check", {"appraisal_id": "appraisal"}, only({"staff": 200, "manager": 200}, 404)),
    ("appraisals.record_discussion", {"appraisal_id": "appraisal"}, only({"staff": 200, "manager": 200}, 404)),
    ("appraisals.sign_off", {"appraisal_id": "appraisal"}, only({"staff": 200, "manager": 200}, 404)),
    ("appraisals.request_feedback", {"appraisal_id": "appraisal"}, only({"staff": 200, "manager": 200}, 404)),
    ("appraisals.escalate", {"appraisal_id": "appraisal"}, only({"staff": 200, "manager": 200}, 404)),
    ("appraisals.amend_appraisal", {"appraisal_id": "appraisal"}, only({"manager": 200, "hr": 200})),
    ("appraisals.resolve_escalation", {"appraisal_id": "appraisal"}, only({"manager": 200, "hr": 200})),
    ("appraisals.feedback_requests", {}, everyone(200)),
    ("appraisals.give_feedback", {"request_id": "feedback_request"}, only({"programmes": 200}, 404)),
    ("appraisals.endorsements", {}, only({"talent_lead": 200})),
    # The region sees a board member's appraisal only once it is submitted to them: this one is not.
    ("appraisals.endorse", {"appraisal_id": "appraisal"}, only({"talent_lead": 404})),
    ("appraisals.completion", {}, only({"manager": 200, "hr": 200, "talent_lead": 200, "admin": 200})),
    ("appraisals.fairness", {}, only({"hr": 200, "talent_lead": 200, "admin": 200})),
    ("appraisals.new_cycle", {"organisation_id": "home"}, only({"hr": 200, "admin": 200})),
    ("appraisals.new_cycle", {"organisation_id": "elsewhere"}, only({"hr": 404, "admin": 200})),
    ("pipeline.person_talent", {"person_id": "staff"}, _TALENT_READERS),
    ("pipeline.person_talent", {"person_id": "outsider"}, only({"admin": 200}, 404)),
    ("pipeline.view_conversation", {"conversation_id": "conversation"}, _TALENT_READERS),
    ("pipeline.record_conversation", {"person_id": "staff"}, only({"manager": 200})),
    ("pipeline.record_conversation", {"person_id": "outsider"}, only({"manager": 404})),
    ("pipeline.respond", {"conversation_id": "conversation"}, only({"staff": 200}, 404)),
    (
        "pipeline.nominate",
        {"person_id": "staff"},
        only({"staff": 200, "manager": 200, "hr": 200, "talent_lead": 200}, 404),
    ),
    ("pipeline.nominate", {"person_id": "outsider"}, only({}, 404)),
    ("pipeline.list_pools", {}, _TALENT_TEAM),
    ("pipeline.new_pool", {}, _TALENT_TEAM),
    ("pipeline.view_pool", {"pool_id": "pool"}, _TALENT_TEAM),
    ("pipeline.view_pool", {"pool_id": "london_pool"}, only({"talent_lead": 404, "admin": 200})),
    ("pipeline.decide_nomination", {"membership_id": "membership"}, _TALENT_TEAM),
    ("pipeline.leave_pool", {"membership_id": "membership"}, _TALENT_TEAM),
    ("pipeline.list_reviews", {}, _TALENT_TEAM),
    ("pipeline.new_review", {}, _TALENT_TEAM),
    ("pipeline.view_review", {"review_id": "review"}, _TALENT_TEAM),
    ("pipeline.move_position", {"review_id": "review", "person_id": "staff"}, _TALENT_TEAM),
    ("pipeline.close_review", {"review_id": "review"}, _TALENT_TEAM),
    ("pipeline.dashboard", {}, _TALENT_TEAM),
    ("pipeline.dashboard_csv", {}, _TALENT_TEAM),
    ("ned.list_vacancies", {}, only({"ned_team": 200, "admin": 200, "ned_panel": 200, "board_secretary": 200})),
    ("ned.new_vacancy", {}, only({"ned_team": 200, "admin": 200})),
    (
        "ned.view_vacancy",
        {"vacancy_id": "vacancy"},
        only({"ned_team": 200, "admin": 200, "ned_panel": 200, "board_secretary": 404}),
    ),
    (
        "ned.view_vacancy",
        {"vacancy_id": "elsewhere_vacancy"},
        only({"ned_team": 200, "admin": 200, "ned_panel": 404, "board_secretary": 404}),
    ),
    ("ned.add_panel_member", {"vacancy_id": "vacancy"}, only({"ned_team": 200, "admin": 200})),
    ("ned.opportunities", {}, everyone(200)),
    ("ned.apply", {"vacancy_id": "vacancy"}, everyone(200)),
    ("ned.score", {"application_id": "application"}, only({"ned_panel": 200})),
    ("ned.declare_conflict", {"application_id": "application"}, only({"ned_panel": 200})),
    ("ned.panel_scores", {"vacancy_id": "vacancy"}, only({"ned_team": 200, "admin": 200, "ned_panel": 200})),
    ("ned.panel_scores", {"vacancy_id": "elsewhere_vacancy"}, only({"ned_team": 200, "admin": 200, "ned_panel": 404})),
    ("ned.shortlist", {"vacancy_id": "vacancy"}, only({"ned_team": 200, "admin": 200, "ned_panel": 200})),
    ("ned.final_decision", {"vacancy_id": "vacancy"}, only({"ned_team": 200, "admin": 200, "ned_panel": 200})),
    ("ned.appoint", {"vacancy_id": "vacancy"}, only({"ned_team": 200, "admin": 200})),
    ("pipeline.list_challenged_posts", {}, _CHALLENGED),
    ("pipeline.new_challenged_post", {}, _CHALLENGED),
    ("pipeline.view_challenged_post", {"post_id": "challenged_post"}, _CHALLENGED),
    ("pipeline.view_challenged_post", {"post_id": "london_post"}, only({"talent_lead": 404, "admin": 200})),
    ("pipeline.view_match_run", {"run_id": "match_run"}, _CHALLENGED),
    ("pipeline.match_weights", {"region_id": "home_region"}, _CHALLENGED),
    ("pipeline.list_packages", {}, _CHALLENGED),
    ("pipeline.new_package", {"region_id": "home_region"}, _CHALLENGED),
    ("pipeline.view_package", {"package_id": "package"}, _CHALLENGED),
    ("pipeline.decide_package", {"package_id": "package"}, only({"admin": 200})),
    ("pipeline.shortlist_from_run", {"run_id": "match_run"}, _CHALLENGED),
    ("pipeline.record_interview", {"entry_id": "shortlist_entry"}, _CHALLENGED),
    ("pipeline.record_placement", {"entry_id": "shortlist_entry"}, _CHALLENGED),
    ("pipeline.list_placements", {}, _CHALLENGED),
    ("pipeline.declare_conflict", {"post_id": "challenged_post"}, _CHALLENGED),
    ("pipeline.declare_conflict", {"post_id": "london_post"}, only({"talent_lead": 404, "admin": 200})),
    ("pipeline.record_leaving", {"placement_id": "placement"}, only({"talent_lead": 404, "admin": 200})),
    ("ned.view_appointment", {"appointment_id": "home_term"}, _TERM_READERS),
    ("ned.view_appointment", {"appointment_id": "elsewhere_term"}, only({"ned_team": 200, "admin": 200}, 404)),
    ("ned.reappoint", {"appointment_id": "home_term"}, only({"ned_team": 200, "admin": 200})),
    ("ned.reappoint", {"appointment_id": "elsewhere_term"}, only({"ned_team": 200, "admin": 200})),
    ("ned.end_term", {"appointment_id": "home_term"}, only({"ned_team": 200, "admin": 200})),
    ("ned.board_terms", {"organisation_id": "home"}, _TERM_READERS),
    ("ned.board_terms", {"organisation_id": "elsewhere"}, only({"ned_team": 200, "admin": 200}, 404)),
    # Everyone may list terms: their own, if they hold one; the board's for its secretaries.
    ("ned.expiring_terms", {}, everyone(200)),
    ("ned.diversity", {}, only({"ned_team": 200, "admin": 200})),
    ("ned.change_score", {"score_id": "score"}, only({"ned_team": 200, "admin": 200, "ned_panel": 200})),
    ("ned.candidate_pool", {}, everyone(200)),
    ("ned.list_candidates", {}, only({"ned_team": 200, "admin": 200})),
    ("standards.list_frameworks", {}, everyone(200)),
    ("standards.view_framework", {"framework_id": "framework"}, everyone(200)),
    ("standards.edit_statement", {"statement_id": "draft_statement"}, only({"programmes": 200, "admin": 200})),
]
#: The API's GET operations, called with each role's bearer token: the same policy, the same answers.
API_MATRIX = [
    ("api.getMe", {}, everyone(200)),
    ("api.listTokens", {}, everyone(200)),
    ("api.listNotifications", {}, everyone(200)),
    ("api.listOrganisations", {}, everyone(200)),
    ("api.getOrganisation", {"organisation_id": "elsewhere"}, everyone(200)),
    ("api.listPeople", {}, only({"hr": 200, "talent_lead": 200, "ned_team": 200, "admin": 200})),
    (
        "api.getPerson",
        {"person_id": "staff"},
        only(
            {"staff": 200, "manager": 200, "hr": 200, "talent_lead": 200, "ned_team": 200, "admin": 200}, otherwise=404
        ),
    ),
    ("api.getPerson", {"person_id": "outsider"}, only({"ned_team": 200, "admin": 200}, otherwise=404)),
    ("api.getEdiProfile", {"person_id": "staff"}, only({"staff": 200}, otherwise=404)),
    ("api.listStandards", {}, everyone(200)),
    ("api.listFeedbackRequests", {}, everyone(200)),
    ("api.listProgrammes", {}, everyone(200)),
    ("api.getAppraisalCompletion", {}, only({"manager": 200, "hr": 200, "talent_lead": 200, "admin": 200})),
    ("api.getAppraisalFairness", {}, only({"hr": 200, "talent_lead": 200, "admin": 200})),
    (
        "api.getAppraisal",
        {"appraisal_id": "appraisal"},
        only({"staff": 200, "manager": 200, "hr": 200}, otherwise=404),
    ),
    (
        "api.getEligibility",
        {"person_id": "staff", "band": "band_8c"},
        only(
            {"staff": 200, "manager": 200, "hr": 200, "talent_lead": 200, "programmes": 200, "admin": 200},
            otherwise=404,
        ),
    ),
]
API_MATRIX += [
    ("api.getTalentConversation", {"conversation_id": "conversation"}, _TALENT_READERS),
    ("api.listTalentPools", {}, _TALENT_TEAM),
    ("api.listPoolMembers", {"pool_id": "pool"}, _TALENT_TEAM),
    ("api.listPoolMembers", {"pool_id": "london_pool"}, only({"talent_lead": 404, "admin": 200})),
    ("api.getPipelineDashboard", {}, _TALENT_TEAM),
]
API_MATRIX += [
    ("api.listNedVacancies", {}, only({"ned_team": 200, "admin": 200, "ned_panel": 200, "board_secretary": 200})),
    ("api.getPanelScores", {"vacancy_id": "vacancy"}, only({"ned_team": 200, "admin": 200, "ned_panel": 200})),
    (
        "api.getPanelScores",
        {"vacancy_id": "elsewhere_vacancy"},
        only({"ned_team": 200, "admin": 200, "ned_panel": 404}),
    ),
    ("api.listExpiringTerms", {}, everyone(200)),
    ("api.getChallengedPost", {"post_id": "challenged_post"}, _CHALLENGED),
    ("api.getChallengedPost", {"post_id": "london_post"}, only({"talent_lead": 404, "admin": 200})),
    ("api.getMatchRun", {"run_id": "match_run"}, _CHALLENGED),
    ("api.getPlacementOutcomes", {}, _CHALLENGED),
    ("api.getAppointmentDiversity", {}, only({"ned_team": 200, "admin": 200})),
]
PUBLIC = {"auth.sign_in", "auth.sign_out", "home.health", "home.ready", "api.openapi_document", "api.createToken"}
#: Routes that change things, each checked by its own module's tests for other people's objects.
POST_ONLY = {
    "notifications.dismiss_notification",
    "api.revokeToken",
    "edi.withdraw_edi_consent",
    "api.updateEdiProfile",
    "api.deleteEdiProfile",
    "api.withdrawEdiConsent",
    "standards.start_new_version",
    "appraisals.start_appraisal",
    "api.createAppraisal",
    "api.submitSelfAssessment",
    "api.submitManagerAssessment",
    "api.recordAppraisalDiscussion",
    "api.signOffAppraisal",
    "api.requestFeedback",
    "api.submitFeedback",
    "api.amendAppraisal",
    "api.endorseAppraisal",
    "appraisals.submit_to_region",
    "api.createEnrolment",
    "api.recordCompletion",
    "api.createPost",
    "standards.publish_framework",
    "api.createTalentConversation",
    "api.agreeTalentConversation",
    "api.createTalentPool",
    "api.nominateToTalentPool",
    "api.decidePoolNomination",
    "api.createCalibrationReview",
    "api.moveCalibrationPosition",
    "ned.move_vacancy",
    "api.createNedVacancy",
    "api.createNedApplication",
    "api.assignPanelMember",
    "api.declareConflict",
    "api.submitPanelScore",
    "api.recordPanelDecision",
    "ned.submit_scores",
    "api.createAppointment",
    "api.reappoint",
    "ned.leave_candidate_pool",
    "pipeline.match_challenged_post",
    "pipeline.propose_assignment",
    "pipeline.decide_pair",
    "api.createIncentivePackage",
    "api.approveIncentivePackage",
    "api.createChallengedPost",
    "api.matchCandidates",
    "api.proposeRegionalAssignment",
    "api.acceptAssignment",
    "pipeline.make_offer",
    "api.createShortlist",
    "api.recordInterviewOutcome",
    "api.offerPost",
    "api.recordPlacement",
}


def test_every_route_is_in_the_matrix(app):
    covered = {endpoint for endpoint, _, _ in MATRIX + API_MATRIX} | PUBLIC | POST_ONLY
    routes = {rule.endpoint for rule in app.url_map.iter_rules() if rule.endpoint != "static"}
    assert routes == covered


@pytest.mark.parametrize("role", ROLES)
def test_each_role_gets_exactly_what_the_api_matrix_says(client, world, role):
    account = world["accounts"][role]
    token = client.post("/api/v1/tokens", json={"email": account.email, "password": PASSWORD}).json["token"]
    headers = {"Authorization": f"Bearer {token}"}
    outcomes = {}
    with client.application.test_request_context():
        for endpoint, arguments, expected in API_MATRIX:
            url = url_for(endpoint, **{name: world[key] for name, key in arguments.items()})
            status = client.get(url, headers=headers).status_code
            outcomes[(endpoint, tuple(arguments.values()))] = (status, expected[role])
    wrong = {key: got_expected for key, got_expected in outcomes.items() if got_expected[0] != got_expected[1]}
    assert wrong == {}, "(got, expected)"


@pytest.mark.parametrize("role", ROLES)
def test_each_role_gets_exactly_what_the_matrix_says(pages, world, role):
    pages.sign_in(world["accounts"][role])
    outcomes = {}
    for endpoint, arguments, expected in MATRIX:
        values = {name: world[key] for name, key in arguments.items()}
        response = pages.client.get(pages.url(endpoint, **values))
        outcomes[(endpoint, tuple(arguments.values()))] = (response.status_code, expected[role])
    wrong = {key: got_expected for key, got_expected in outcomes.items() if got_expected[0] != got_expected[1]}
    assert wrong == {}, "(got, expected)"


def test_signed_out_visitors_are_sent_to_sign_in(pages, world):
    for endpoint, arguments, _ in MATRIX:
        values = {name: world[key] for name, key in arguments.items()}
        response = pages.client.get(pages.url(endpoint, **values))
        assert response.status_code == 302, endpoint
        assert "/sign-in" in response.headers["Location"]


def test_navigation_shows_only_what_the_role_may_open(pages, world):
    pages.sign_in(world["accounts"]["staff"])
    links = [
        # The first words only: the notifications link also says how many are waiting.
        next(link.stripped_strings)
        for link in pages.get("home.show_home").select("a.nhsuk-header__navigation-link")
    ]
    assert links == ["Home", "Organisations", "Your learning", "Feedback", "Standards", "Notifications"]
    pages.post("auth.sign_out", {}, _form_page="home.show_home")
    pages.sign_in(world["accounts"]["talent_lead"])
    header = pages.get("home.show_home").select_one(".nhsuk-header__navigation")
    assert "Talent pipeline" in header.get_text()


def test_each_account_gets_its_own_header_from_a_process_that_keeps_them(pages, world):
    """Headers are built once per account and navigation and kept (talent.templating); whoever
    signs in next on the same process must still see their own name, links and sign-out token."""

    def header_of(page):
        header = page.select_one("header")
        return (
            header.select_one(".nhsuk-header__account-item").get_text(strip=True),
            [next(link.stripped_strings) for link in header.select("a.nhsuk-header__navigation-link")],
        )

    staff, lead = world["accounts"]["staff"], world["accounts"]["talent_lead"]
    for account in (staff, lead, staff):
        pages.sign_in(account)
        email, links = header_of(pages.get("home.show_home"))
        assert email == account.email
        assert ("Talent pipeline" in links) == (account is lead)
        # The kept header carries this session's token: signing out with it works.
        pages.post("auth.sign_out", {}, _form_page="home.show_home")
    # Signed out, the header names nobody and offers no links.
    signed_out = pages.get("auth.sign_in").select_one("header")
    assert signed_out.select(".nhsuk-header__account-item, a.nhsuk-header__navigation-link") == []
