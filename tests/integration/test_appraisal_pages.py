"""The manager and the staff member complete an appraisal in the pages; others cannot see it."""

from datetime import date, timedelta

from sqlalchemy import select

from talent.appraisals import services as appraisal_services
from talent.appraisals.models import Appraisal, AppraisalStatus
from talent.audit.models import AuditEvent
from talent.auth.models import Role
from talent.extensions import db
from talent.standards import services as standard_services
from tests.factories import create_account, create_organisation, create_person
from tests.pages import check_page, csrf_token, error_summary


def form_values(page) -> dict:
    """What the browser would send back: every input, checked radio and textarea as shown."""
    values = {}
    for field in page.select("form[method=post] input, form[method=post] textarea"):
        name = field.get("name")
        if not name or field.get("type") in ("checkbox", "radio") and not field.has_attr("checked"):
            continue
        values[name] = field.get_text() if field.name == "textarea" else field.get("value", "")
    return values


def section_url(pages, appraisal, side: str, key: str) -> str:
    return pages.url(f"appraisals.{side}_assessment_section", appraisal_id=appraisal.id, key=key)


def save_section(pages, appraisal, side: str, key: str, answers: dict, expect: int = 302):
    """Open a section's page and save it with ``answers`` on top of what it shows."""
    endpoint = f"appraisals.{side}_assessment_section"
    page = pages.get(endpoint, appraisal_id=appraisal.id, key=key)
    response = pages.client.post(section_url(pages, appraisal, side, key), data=form_values(page) | answers)
    assert response.status_code == expect, error_summary(check_page(response)) if response.status_code == 200 else ""
    return check_page(response) if expect == 200 else response


def section_states(page) -> dict:
    return {
        item.select_one(".nhsuk-task-list__name-and-hint a").get_text(strip=True): item.select_one(
            ".nhsuk-task-list__status"
        ).get_text(strip=True)
        for item in page.select(".nhsuk-task-list__item")
    }


def error_links(page) -> list[tuple[str, str]]:
    return [(link.get_text(strip=True), link["href"]) for link in page.select(".nhsuk-error-summary a")]


def test_manager_and_staff_complete_an_appraisal_and_a_third_person_gets_404(pages, db_session):
    standard_services.seed_frameworks()
    trust = create_organisation()
    manager = create_account(person=create_person(organisation=trust, band="7", title="Ward manager"))
    staff = create_account(person=create_person(organisation=trust, manager=manager.person))
    hr = create_account(person=create_person(organisation=trust), roles=[(Role.HR_ADMIN, trust)])
    outsider = create_account(person=create_person(organisation=trust))
    today = date.today()
    appraisal_services.create_cycle(
        trust, year=today.year, opens_on=today - timedelta(days=10), due_on=today + timedelta(days=200)
    )

    pages.sign_in(manager)
    pages.post("appraisals.start_appraisal", {}, _form_page="appraisals.list_appraisals", person_id=staff.person_id)
    appraisal = db.session.scalar(select(Appraisal).where(Appraisal.appraisee_id == staff.person_id))
    pages.post("auth.sign_out", {}, _form_page="home.show_home")

    pages.sign_in(staff)
    tasks = pages.get("appraisals.self_assessment", appraisal_id=appraisal.id)
    assert section_states(tasks) == {
        "Objectives": "Not started",
        "Behaviours": "Not started",
        "Wellbeing conversation": "Optional",
        "Career conversation": "Optional",
        "Development needs": "Optional",
    }
    # Submitting straight away lists everything still to do, each linked to its section.
    check_url = pages.url("appraisals.self_assessment_check", appraisal_id=appraisal.id)
    check = pages.get("appraisals.self_assessment_check", appraisal_id=appraisal.id)
    refused = check_page(pages.client.post(check_url, data=form_values(check)))
    assert error_links(refused) == [
        ("Add at least one objective before you submit", section_url(pages, appraisal, "self", "objectives")),
        (
            "Rate every behaviour before you submit: 9 still to rate",
            section_url(pages, appraisal, "self", "behaviours"),
        ),
    ]
    save_section(
        pages,
        appraisal,
        "self",
        "objectives",
        {
            "objective_1_text": "Lead the ward's falls prevention work",
            "objective_1_measure": "Falls down by a fifth on the quarterly audit",
            "objective_1_due[day]": "31",
            "objective_1_due[month]": "3",
            "objective_1_due[year]": str(today.year + 1),
        },
    )
    save_section(pages, appraisal, "self", "wellbeing", {"wellbeing": "Coping well with the new rota"})
    behaviours = pages.get("appraisals.self_assessment_section", appraisal_id=appraisal.id, key="behaviours")
    ratings = {
        name: "3"
        for name in (f.get("name") for f in behaviours.select("input[type=radio]"))
        if name.startswith("rating_")
    }
    assert len(ratings) == 9
    # Each level of the scale says what it means.
    assert "Shows it reliably and without prompting" in behaviours.get_text(" ", strip=True)
    save_section(pages, appraisal, "self", "behaviours", ratings)
    db.session.refresh(appraisal)
    assert appraisal.wellbeing_conversation == "Coping well with the new rota"  # kept by the later sections
    assert len(appraisal.objectives) == 1
    tasks = pages.get("appraisals.self_assessment", appraisal_id=appraisal.id)
    assert section_states(tasks)["Behaviours"] == "Completed"
    check = pages.get("appraisals.self_assessment_check", appraisal_id=appraisal.id)
    assert "Lead the ward's falls prevention work" in check.get_text(" ", strip=True)
    assert pages.client.post(check_url, data=form_values(check)).status_code == 302
    db.session.refresh(appraisal)
    assert appraisal.status is AppraisalStatus.SELF_ASSESSED
    stale = save_section(pages, appraisal, "self", "wellbeing", {"wellbeing": "Changed my mind"}, expect=200)
    assert "You cannot change the self-assessment now" in error_summary(stale)[0]
    pages.post("auth.sign_out", {}, _form_page="home.show_home")

    pages.sign_in(manager)
    behaviours = pages.get("appraisals.manager_assessment_section", appraisal_id=appraisal.id, key="behaviours")
    # The manager is asked about the appraisee by name, not in the appraisee's own first person.
    legends = [legend.get_text(" ", strip=True) for legend in behaviours.select("legend")]
    assert legends
    assert all(legend.startswith(f"Does {staff.person.given_name} ") for legend in legends)
    save_section(pages, appraisal, "manager", "objectives", {"outcome_1": "met"})
    save_section(pages, appraisal, "manager", "behaviours", {n: "2" for n in ratings})
    save_section(pages, appraisal, "manager", "overall", {"objectives_rating": "3", "behaviours_rating": "2"})
    check = pages.get("appraisals.manager_assessment_check", appraisal_id=appraisal.id)
    done = pages.client.post(
        pages.url("appraisals.manager_assessment_check", appraisal_id=appraisal.id), data=form_values(check)
    )
    assert done.status_code == 302
    day = {"discussed_on[day]": today.day, "discussed_on[month]": today.month, "discussed_on[year]": today.year}
    pages.post("appraisals.record_discussion", day, appraisal_id=appraisal.id)
    pages.post("appraisals.sign_off", {}, appraisal_id=appraisal.id)
    pages.post("auth.sign_out", {}, _form_page="home.show_home")

    pages.sign_in(staff)
    pages.post("appraisals.sign_off", {"disagreement": "I rate my teamwork higher"}, appraisal_id=appraisal.id)
    shown = pages.get("appraisals.view_appraisal", appraisal_id=appraisal.id).get_text(" ", strip=True)
    assert "You have signed off the appraisal: it is complete" in shown
    assert (
        "Signed off" in pages.get("appraisals.view_appraisal", appraisal_id=appraisal.id).select_one(".nhsuk-tag").text
    )
    assert "Appraisee disagrees I rate my teamwork higher" in shown
    pages.post("auth.sign_out", {}, _form_page="home.show_home")

    pages.sign_in(hr)
    pages.get("appraisals.view_appraisal", appraisal_id=appraisal.id)
    viewers = set(db.session.scalars(select(AuditEvent.actor_account_id).where(AuditEvent.kind == "appraisal_viewed")))
    assert hr.id in viewers
    pages.post("auth.sign_out", {}, _form_page="home.show_home")

    pages.sign_in(outsider)
    assert pages.client.get(pages.url("appraisals.view_appraisal", appraisal_id=appraisal.id)).status_code == 404


def test_hr_sets_up_a_cycle_once_per_year(pages, db_session):
    trust = create_organisation()
    pages.sign_in(create_account(person=create_person(organisation=trust), roles=[(Role.HR_ADMIN, trust)]))
    page = pages.get("appraisals.new_cycle", organisation_id=trust.id)
    url = pages.url("appraisals.new_cycle", organisation_id=trust.id)
    data = {
        "csrf_token": csrf_token(page),
        "year": "2027",
        "opens_on[day]": "1",
        "opens_on[month]": "4",
        "opens_on[year]": "2027",
        "due_on[day]": "31",
        "due_on[month]": "3",
        "due_on[year]": "2028",
    }
    assert pages.client.post(url, data=data).status_code == 302
    again = check_page(pages.client.post(url, data=data))
    assert error_summary(again) == [f"{trust.display_name} already has a 2027 cycle"]


def test_submitting_someone_elses_assessment_is_refused_for_who_is_asking_not_for_what_is_missing(pages, db_session):
    """The appraisee posting the manager's check-answers page is told it is not theirs to submit,
    not handed the manager's list of unfinished sections."""
    standard_services.seed_frameworks()
    trust = create_organisation()
    manager = create_account(person=create_person(organisation=trust, band="7", title="Ward manager"))
    staff = create_account(person=create_person(organisation=trust, manager=manager.person))
    today = date.today()
    cycle = appraisal_services.create_cycle(
        trust, year=today.year, opens_on=today - timedelta(days=10), due_on=today + timedelta(days=200)
    )
    appraisal = appraisal_services.start_appraisal(cycle, staff.person)
    pages.sign_in(staff)
    page = pages.get("appraisals.manager_assessment_check", appraisal_id=appraisal.id)
    refused = check_page(
        pages.client.post(
            pages.url("appraisals.manager_assessment_check", appraisal_id=appraisal.id),
            data={"csrf_token": csrf_token(page), "version": str(appraisal.version)},
        )
    )
    assert error_summary(refused) == [appraisal_services.refusal(appraisal, staff.person_id, "manager_assess").message]
