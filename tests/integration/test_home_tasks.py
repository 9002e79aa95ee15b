"""The to-do list on the home page: each person sees what needs their action now, and a task
goes as soon as it is done."""

from datetime import date, timedelta

import pytest
import sqlalchemy as sa

from talent.appraisals import feedback as appraisal_feedback
from talent.appraisals import services as appraisal_services
from talent.auth.models import Role
from talent.extensions import db
from talent.people.models import Person
from talent.standards import services as standard_services
from tests.factories import create_account, create_organisation, create_person

TODAY = date.today()


@pytest.fixture
def team(db_session):
    standard_services.seed_frameworks()
    trust = create_organisation()
    appraisal_services.create_cycle(
        trust, year=2026, opens_on=TODAY - timedelta(days=60), due_on=TODAY + timedelta(days=120)
    )
    manager = create_account(person=create_person(organisation=trust, band="7"))
    return {
        "trust": trust,
        "manager": manager,
        "nurse": create_account(person=create_person(organisation=trust, manager=manager.person)),
        "colleague": create_account(person=create_person(organisation=trust, manager=manager.person)),
    }


def to_do(pages, account) -> list[str]:
    pages.client.delete_cookie("session", domain="localhost")
    pages.sign_in(account)
    page = pages.get("home.show_home")
    return [link.get_text(" ", strip=True) for link in page.select(".nhsuk-task-list__link")]


def test_each_step_is_on_the_to_do_list_of_whoever_takes_it_and_goes_when_done(pages, team):
    nurse, manager, colleague = team["nurse"], team["manager"], team["colleague"]
    assert to_do(pages, nurse) == []
    appraisal = appraisal_services.start_current_appraisal(nurse.person)
    appraisal_feedback.request_feedback(appraisal, actor=nurse, respondent_emails=[colleague.email])
    assert to_do(pages, nurse) == ["Complete your self-assessment"]
    assert to_do(pages, manager) == []
    name = nurse.person.full_name
    assert to_do(pages, colleague) == [f"Give feedback on {name}'s appraisal"]
    page = pages.get("home.show_home")
    assert "Due " in page.select_one(".nhsuk-task-list__status").get_text()

    appraisal_services.save_self_assessment(
        appraisal,
        actor=nurse,
        ratings=[appraisal_services.RatingInput(r.statement_id, 3) for r in appraisal.ratings],
        objectives=[appraisal_services.ObjectiveInput("Improve discharge", "Fewer delays", TODAY)],
        wellbeing="",
        career="",
        development_needs="",
    )
    appraisal_services.submit_self_assessment(appraisal, actor=nurse)
    assert to_do(pages, nurse) == []
    assert to_do(pages, manager) == [f"Complete the manager assessment for {name}"]


def test_answering_a_feedback_request_takes_it_off_the_list(pages, team):
    nurse, colleague = team["nurse"], team["colleague"]
    appraisal = appraisal_services.start_current_appraisal(nurse.person)
    (request,) = appraisal_feedback.request_feedback(appraisal, actor=nurse, respondent_emails=[colleague.email])
    assert len(to_do(pages, colleague)) == 1
    appraisal_feedback.give_feedback(request, actor=colleague, answers=[], comment="Kind and careful")
    assert to_do(pages, colleague) == []


def test_hr_sees_escalations_to_settle(pages, team):
    from tests.integration.test_appraisal_after_sign_off import signed_off

    hr = create_account(person=create_person(organisation=team["trust"]), roles=[(Role.HR_ADMIN, team["trust"])])
    appraisal = signed_off(team["nurse"].person, team["manager"].person, disagreement="Too low")
    appraisal_services.escalate_disagreement(appraisal, actor=team["nurse"])
    assert to_do(pages, hr) == [f"Record the outcome of {team['nurse'].person.full_name}'s escalated disagreement"]


def test_the_home_page_asks_the_same_number_of_questions_for_2_and_10_reports(pages, team, count_queries):
    manager = team["manager"]
    counts = []
    for total in (2, 10):
        for _ in range(total):
            report = create_person(organisation=team["trust"], manager=manager.person)
            appraisal = appraisal_services.start_current_appraisal(report)
            appraisal.status = appraisal_services.AppraisalStatus.SELF_ASSESSED
        db.session.flush()
        pages.client.delete_cookie("session", domain="localhost")
        pages.sign_in(manager)
        with count_queries() as counter:
            page = pages.get("home.show_home")
        counts.append(counter.count)
    assert len(page.select(".nhsuk-task-list__link")) == 12
    assert counts[0] == counts[1]


def test_a_programme_admin_is_asked_for_the_outcomes_of_a_finished_cohort(pages, team):
    from talent.programmes import services as programme_services
    from talent.programmes.models import Programme

    programme_services.seed_programmes()
    programme = db.session.scalar(db.select(Programme).where(Programme.code == "MID-CAREER"))
    cohort = programme_services.create_cohort(
        programme, title="Autumn", starts_on=TODAY - timedelta(days=90), ends_on=TODAY + timedelta(days=1), capacity=5
    )
    enrolment = programme_services.enrol(team["nurse"].person, cohort)
    admin = create_account(person=create_person(organisation=team["trust"]), roles=[(Role.PROGRAMME_ADMIN, None)])
    assert to_do(pages, admin) == []  # still running
    cohort.ends_on = TODAY - timedelta(days=1)
    db.session.flush()
    assert to_do(pages, admin) == ["Record outcomes for Autumn"]
    programme_services.record_completion(
        enrolment, completed_on=TODAY - timedelta(days=1), passed=True, evidence="Certificate 12"
    )
    assert to_do(pages, admin) == []


def test_the_admins_people_count_stops_reading_rows_past_its_limit(pages, db_session, monkeypatch):
    """Exact for a trust-sized system; on PostgreSQL past the limit the planner's estimate,
    said to be one, rather than reading a national workforce on every visit."""
    trust = create_organisation()
    for _ in range(3):
        create_person(organisation=trust)
    admin = create_account(person=create_person(organisation=trust), roles=[(Role.SYSTEM_ADMIN, None)])
    pages.sign_in(admin)
    people = db.session.scalar(sa.select(sa.func.count(Person.id)))

    def shown() -> str:
        page = pages.get("home.show_home")
        row = next(div for div in page.select(".nhsuk-summary-list__row") if "People" in div.dt.get_text())
        return row.dd.get_text(" ", strip=True)

    assert shown() == f"{people:,}"
    monkeypatch.setattr("talent.home.queries.EXACT_PEOPLE_COUNT", 2)
    if db.engine.dialect.name == "postgresql":
        db.session.execute(sa.text("ANALYZE people"))
        assert shown().startswith("About ")
        assert shown().endswith("(estimated from the database's statistics)")
    else:
        assert shown() == f"{people:,}"
