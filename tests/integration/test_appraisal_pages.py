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
    url = pages.url("appraisals.self_assessment", appraisal_id=appraisal.id)
    page = pages.get("appraisals.self_assessment", appraisal_id=appraisal.id)
    data = form_values(page) | {
        "objective_1_text": "Lead the ward's falls prevention work",
        "objective_1_measure": "Falls down by a fifth on the quarterly audit",
        "objective_1_due[day]": "31",
        "objective_1_due[month]": "3",
        "objective_1_due[year]": str(today.year + 1),
        "wellbeing": "Coping well with the new rota",
    }
    refused = check_page(pages.client.post(url, data={**data, "action": "submit"}))
    assert error_summary(refused) == ["Rate every behaviour before you submit: 9 still to rate"]
    ratings = {
        name: "3" for name in (f.get("name") for f in page.select("input[type=radio]")) if name.startswith("rating_")
    }
    assert pages.client.post(url, data={**data, **ratings, "action": "submit"}).status_code == 302
    db.session.refresh(appraisal)
    assert appraisal.status is AppraisalStatus.SELF_ASSESSED
    stale = check_page(pages.client.post(url, data={**data, **ratings, "action": "save"}))
    assert "You cannot change the self-assessment now" in error_summary(stale)[0]
    pages.post("auth.sign_out", {}, _form_page="home.show_home")

    pages.sign_in(manager)
    page = pages.get("appraisals.manager_assessment", appraisal_id=appraisal.id)
    manager_data = (
        form_values(page)
        | {n: "2" for n in ratings}
        | {
            "objectives_rating": "3",
            "behaviours_rating": "2",
            "outcome_1": "met",
        }
    )
    done = pages.client.post(
        pages.url("appraisals.manager_assessment", appraisal_id=appraisal.id), data={**manager_data, "action": "submit"}
    )
    assert done.status_code == 302
    day = {"discussed_on[day]": today.day, "discussed_on[month]": today.month, "discussed_on[year]": today.year}
    pages.post("appraisals.record_discussion", day, appraisal_id=appraisal.id)
    pages.post("appraisals.sign_off", {}, appraisal_id=appraisal.id)
    pages.post("auth.sign_out", {}, _form_page="home.show_home")

    pages.sign_in(staff)
    pages.post("appraisals.sign_off", {"disagreement": "I rate my teamwork higher"}, appraisal_id=appraisal.id)
    shown = pages.get("appraisals.view_appraisal", appraisal_id=appraisal.id).get_text(" ", strip=True)
    assert "Signed off." in shown
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
