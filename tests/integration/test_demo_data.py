"""Demo data: believable, idempotent, and announced on every page."""

from datetime import date

from click.testing import CliRunner
from sqlalchemy import func, select

from talent.appraisals import feedback as appraisal_feedback
from talent.appraisals import queries as appraisal_queries
from talent.appraisals.models import Appraisal, AppraisalStatus, AppraisalVariant, FeedbackRequest
from talent.audit.models import AuditEvent
from talent.auth.models import Account, Role
from talent.auth.policy import build_principal, list_scope
from talent.demo import services as demo_services
from talent.edi.models import EdiProfile
from talent.extensions import db
from talent.notifications.models import Notification, OutboundEmail
from talent.orgs import queries as org_queries
from talent.orgs.models import Organisation
from talent.people.models import Band, Person, Post
from talent.people.queries import list_direct_reports
from talent.programmes import services as programme_services
from talent.programmes.models import Cohort, Enrolment, EnrolmentStatus


def account(local_part: str) -> Account:
    return db.session.scalar(select(Account).where(Account.email == demo_services.demo_email(local_part)))


def test_small_demo_data_gives_each_role_something_to_see_and_loading_again_adds_nothing(app, db_session):
    first = demo_services.load_demo_data("small")
    assert first["accounts"] == 9
    assert first["people"] > 200
    people = db.session.scalar(select(func.count(Person.id)))

    second = demo_services.load_demo_data("small")
    assert second == {"organisations": 0, "people": 0, "accounts": 0, "segments": 0, "board terms": 0}
    assert db.session.scalar(select(func.count(Person.id))) == people

    manager, staff = account("manager"), account("staff")
    team = [post.person_id for post in list_direct_reports(manager.person_id, date.today())]
    assert staff.person_id in team
    assert Role.LINE_MANAGER in build_principal(manager).roles

    lead = build_principal(account("talent.lead"))
    [region_id] = lead.region_ids[Role.TALENT_LEAD]
    assert any(row.challenged for row in org_queries.list_organisations_in_region(region_id))


def test_demo_people_hold_posts_across_the_bands(app, db_session):
    demo_services.load_demo_data("small")
    bands = set(db.session.scalars(select(Post.band).where(Post.person_id.is_not(None)).distinct()))
    assert len(bands) >= 12


def test_every_page_says_when_demo_data_is_loaded(pages, db_session):
    assert "Demo data" not in pages.get("auth.sign_in").text
    demo_services.load_demo_data("small")
    assert "Demo data" in pages.get("auth.sign_in").text


def test_if_empty_leaves_a_database_with_people_alone(app, db_session):
    demo_services.load_demo_data("small")
    people = db.session.scalar(select(func.count(Person.id)))
    result = CliRunner().invoke(app.cli, ["demo-data", "--if-empty", "--size", "region"], catch_exceptions=False)
    assert "already has people" in result.output
    assert "admin@demo.nhs.uk" in result.output
    assert db.session.scalar(select(func.count(Person.id))) == people


def test_demo_people_have_equality_answers_more_diverse_overall_than_at_the_top(app, db_session):
    demo_services.load_demo_data("small")
    people = db.session.scalar(select(func.count(Person.id)))
    profiles = db.session.scalar(select(func.count(EdiProfile.id)))
    assert 0.75 * people < profiles < people

    senior = [Band.AFC_8C, Band.AFC_8D, Band.AFC_9, Band.VSM, Band.NED, Band.CHAIR]
    rows = db.session.execute(
        select(Post.band, EdiProfile.ethnicity).join(EdiProfile, EdiProfile.person_id == Post.person_id)
    ).all()

    def bme_share(selected):
        stated = [ethnicity for _, ethnicity in selected if ethnicity.wres_group != "prefer_not_to_say"]
        return sum(ethnicity.wres_group == "bme" for ethnicity in stated) / len(stated)

    overall, top = bme_share(rows), bme_share([row for row in rows if row[0] in senior])
    assert overall > 0.2
    assert top < overall * 0.7
    assert account("staff").person_id not in set(db.session.scalars(select(EdiProfile.person_id)))
    assert db.session.scalar(select(func.count(Notification.id)).where(Notification.account_id == account("staff").id))
    assert db.session.scalar(select(func.count(AuditEvent.id)).where(AuditEvent.kind == "role_granted")) >= 7


def test_demo_programmes_make_some_people_eligible_for_senior_posts_and_some_not(app, db_session):
    demo_services.load_demo_data("small")
    talent_lead, board_secretary = account("talent.lead"), account("board.secretary")
    today = date.today()
    assert programme_services.check_eligibility(talent_lead.person_id, Band.AFC_8D, today).eligible
    assert not programme_services.check_eligibility(board_secretary.person_id, Band.AFC_8D, today).eligible
    senior = db.session.scalars(
        select(Post.person_id).where(Post.band == Band.AFC_8C, Post.person_id.is_not(None)).limit(60)
    ).all()
    results = programme_services.check_eligibility_for_many([(pid, Band.AFC_9, today) for pid in senior])
    assert {result.eligible for result in results} == {True, False}
    waiting = db.session.scalar(
        select(func.count(Enrolment.id)).join(Cohort).where(Enrolment.status == EnrolmentStatus.WAITING)
    )
    assert waiting >= 1
    assert db.session.scalar(select(func.count(OutboundEmail.id))) == 0  # invented addresses get no email
    assert demo_services.load_demo_data("small")["people"] == 0
    assert (
        db.session.scalar(select(func.count(Enrolment.id)).where(Enrolment.status == EnrolmentStatus.WAITING))
        == waiting
    )


def test_demo_appraisals_cover_every_state_and_leave_the_staff_account_for_its_manager(app, db_session):
    demo_services.load_demo_data("small")
    states = set(db.session.scalars(select(Appraisal.status).distinct()))
    assert {AppraisalStatus.DRAFT, AppraisalStatus.SIGNED_OFF} <= states
    assert db.session.scalar(select(Appraisal.id).where(Appraisal.appraisee_id == account("staff").person_id)) is None
    signed = db.session.scalar(select(func.count(Appraisal.id)).where(Appraisal.status == AppraisalStatus.SIGNED_OFF))
    assert signed > 20


def test_demo_feedback_and_a_board_appraisal_for_the_region(app, db_session):
    demo_services.load_demo_data("small")
    staff, lead = account("staff"), account("talent.lead")
    asked_of_staff = db.session.scalars(
        select(FeedbackRequest).where(FeedbackRequest.respondent_id == staff.person_id)
    ).all()
    assert len(asked_of_staff) == 2
    assert not any(request.answered for request in asked_of_staff)
    shown = appraisal_feedback.feedback_summary(appraisal_queries.get_appraisal(asked_of_staff[0].appraisal_id))
    assert (shown.received, shown.shown) == (3, True)
    scope = list_scope(build_principal(lead), "appraisal.endorse")
    waiting = appraisal_queries.awaiting_endorsement(scope)
    assert [a.variant for a in waiting] == [AppraisalVariant.BOARD]


def test_demo_pipeline_has_conversations_in_each_staffed_region_pools_and_a_flagged_review(app, db_session):
    from talent.pipeline import reports as pipeline_reports
    from talent.pipeline.models import CalibrationReview, PoolMembership, TalentConversation, TalentPool

    demo_services.load_demo_data("small")
    staffed_regions = set(db.session.scalars(select(Organisation.region_id).join(Person).distinct()))
    with_conversations = set(
        db.session.scalars(
            select(Organisation.region_id)
            .join(Person, Person.organisation_id == Organisation.id)
            .join(TalentConversation, TalentConversation.person_id == Person.id)
            .distinct()
        )
    )
    assert with_conversations == staffed_regions
    pools_by_region = dict(
        db.session.execute(select(TalentPool.region_id, func.count()).group_by(TalentPool.region_id)).all()
    )
    assert pools_by_region.pop(None) == 2
    assert len(pools_by_region) == 7
    assert set(pools_by_region.values()) == {2}
    assert db.session.scalar(select(func.count(PoolMembership.id)).where(PoolMembership.status == "nominated")) >= 1
    lead = account("talent.lead")
    [review] = db.session.scalars(select(CalibrationReview).where(CalibrationReview.opened_by_id == lead.id)).all()
    assert review.is_open
    assert any(item.flagged for item in pipeline_reports.review_distribution(review, actor=lead))


def test_demo_ned_panel_has_a_vacancy_to_score_with_a_conflict_and_part_submitted_scores(app, db_session):
    from talent.ned.models import NedApplication, NedVacancy, PanelConflict, ScoreSubmission, VacancyStatus

    demo_services.load_demo_data("small")
    panel = account("ned.panel")
    vacancies = db.session.scalars(select(NedVacancy)).all()
    [scoring] = [vacancy for vacancy in vacancies if vacancy.status is VacancyStatus.SHORTLISTING]
    assert panel.person_id in {member.person_id for member in scoring.panel}
    assert len({vacancy.organisation.region_id for vacancy in vacancies if vacancy.status is VacancyStatus.OPEN}) >= 2
    assert db.session.scalar(select(func.count(NedApplication.id))) >= 10
    assert db.session.scalar(select(func.count(PanelConflict.id))) == 1
    assert db.session.scalar(select(func.count(ScoreSubmission.id))) == 1
    assert Role.NED_PANEL in build_principal(account("talent.lead")).roles
    from talent.ned.models import CandidateScheme, NedCandidate

    schemes = set(db.session.scalars(select(NedCandidate.scheme)))
    assert {CandidateScheme.NEXT_DIRECTOR, CandidateScheme.ASPIRANT_CHAIR} <= schemes


def test_demo_boards_have_terms_some_past_six_years_and_one_near_nine(app, db_session):
    from talent.ned import services as ned_services
    from talent.ned.models import BoardAppointment

    demo_services.load_demo_data("small")
    today = date.today()
    terms = db.session.scalars(select(BoardAppointment)).all()
    boards = {term.organisation_id for term in terms}
    assert len(boards) >= 4
    past_six = [t for t in terms if t.ends_on > ned_services.add_months(t.first_appointed_on, 72)]
    assert past_six
    assert all(term.tenure_review for term in past_six)
    near_nine = [
        t for t in terms if t.ends_on <= ned_services.add_months(today, 9) and t.years_on_board(t.ends_on) > 8.5
    ]
    assert len(near_nine) >= 1
    # The term reminders job finds it (and the appointments team demo account is told).
    assert ned_services.send_term_reminders(today)["reminded"] >= 1
    assert ned_services.send_term_reminders(today)["reminded"] == 0


def test_demo_challenged_posts_with_packages_a_run_and_a_proposal_for_the_talent_lead(app, db_session):
    from talent.pipeline.models import ChallengedPost, MatchKind, MatchRun

    demo_services.load_demo_data("small")
    posts = db.session.scalars(select(ChallengedPost)).all()
    assert len({post.region_id for post in posts}) >= 2
    assert all(post.package is not None for post in posts if post.status.value == "open")
    lead = account("talent.lead")
    runs = db.session.scalars(select(MatchRun).where(MatchRun.run_by_id == lead.id)).all()
    assert {run.kind for run in runs} == {MatchKind.POST, MatchKind.REGION}
    from talent.pipeline import challenged
    from talent.pipeline.models import Placement

    outcomes = challenged.placement_outcomes(db.session.scalars(select(Placement)).all(), date.today())
    assert sorted((o.in_post_at_12_months, o.early_leaver) for o in outcomes) == [(False, True), (True, False)]


def test_loading_demo_data_refreshes_the_planners_statistics(app, db_session):
    from tests.integration.test_import_files import _planner_has_statistics_for

    assert not _planner_has_statistics_for("posts")
    result = CliRunner().invoke(app.cli, ["demo-data", "--size", "small"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert _planner_has_statistics_for("posts")
