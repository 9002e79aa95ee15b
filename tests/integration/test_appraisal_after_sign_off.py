"""After sign-off: the appraisal is read-only except through audited corrections; a recorded
disagreement can be escalated and its outcome recorded; trust and ICB board members'
appraisals go to the region for endorsement. Also: development needs name programmes."""

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from talent.appraisals import services as appraisal_services
from talent.appraisals.models import AppraisalStatus
from talent.audit.models import AuditEvent
from talent.auth.models import Role
from talent.errors import Forbidden, RuleViolation
from talent.extensions import db
from talent.notifications.models import Notification
from talent.standards import services as standard_services
from tests.factories import account_for, create_account, create_organisation, create_person, get_region
from tests.integration.test_api import token_for
from tests.pages import error_summary

TODAY = date.today()


@pytest.fixture
def trust(db_session):
    standard_services.seed_frameworks()
    trust = create_organisation()
    appraisal_services.create_cycle(
        trust, year=2026, opens_on=TODAY - timedelta(days=60), due_on=TODAY + timedelta(days=120)
    )
    return trust


def signed_off(appraisee, appraiser, *, disagreement="", fppt=None, edi=False):
    appraisal = appraisal_services.start_current_appraisal(appraisee)
    objective = appraisal_services.ObjectiveInput(
        "Improve discharge planning", "Delayed discharges down 10%", TODAY, edi
    )
    appraisal_services.save_self_assessment(
        appraisal,
        actor=account_for(appraisee),
        ratings=[appraisal_services.RatingInput(r.statement_id, 3) for r in appraisal.ratings],
        objectives=[objective],
        wellbeing="",
        career="",
        development_needs="Budget management",
    )
    appraisal_services.submit_self_assessment(appraisal, actor=account_for(appraisee))
    appraisal_services.save_manager_assessment(
        appraisal,
        actor=account_for(appraiser),
        ratings=[appraisal_services.RatingInput(r.statement_id, 2) for r in appraisal.ratings],
        objectives_rating=3,
        behaviours_rating=2,
        objective_outcomes={1: "met"},
        fppt_assessed_on=fppt,
    )
    appraisal_services.submit_manager_assessment(appraisal, actor=account_for(appraiser))
    appraisal_services.record_discussion(appraisal, actor=account_for(appraiser), discussed_on=TODAY)
    appraisal_services.sign_off(appraisal, actor=account_for(appraisee), disagreement=disagreement)
    appraisal_services.sign_off(appraisal, actor=account_for(appraiser))
    return appraisal


def test_a_correction_keeps_the_old_value_and_is_audited_and_told(pages, trust):
    director = create_account(person=create_person(organisation=trust, band="8d", title="Director of nursing"))
    matron = create_account(person=create_person(organisation=trust, band="8a", manager=director.person))
    nurse = create_account(person=create_person(organisation=trust, manager=matron.person))
    appraisal = signed_off(nurse.person, matron.person)

    # Signed off: the appraisee's own form is closed, and nothing offers to change it.
    with pytest.raises(RuleViolation, match="You cannot change the self-assessment now"):
        appraisal_services.save_self_assessment(
            appraisal,
            actor=nurse,
            ratings=[],
            objectives=[],
            wellbeing="changed",
            career="",
            development_needs="",
        )
    pages.sign_in(nurse)
    own_view = pages.get("appraisals.view_appraisal", appraisal_id=appraisal.id)
    assert [a.get_text(strip=True) for a in own_view.select("a.nhsuk-button")] == []
    pages.post("auth.sign_out", {}, _form_page="home.show_home")

    pages.sign_in(director)
    missing = pages.post(
        "appraisals.amend_appraisal",
        {"field": "behaviours_rating", "rating": "3"},
        _expected_status=200,
        appraisal_id=appraisal.id,
    )
    assert error_summary(missing) == ["Say why it needs correcting"]
    pages.post(
        "appraisals.amend_appraisal",
        {"field": "behaviours_rating", "rating": "3", "reason": "The ward audit was misread"},
        appraisal_id=appraisal.id,
    )
    shown = pages.get("appraisals.view_appraisal", appraisal_id=appraisal.id).get_text(" ", strip=True)
    assert "Corrections after sign-off" in shown
    assert "Overall rating for behaviours" in shown
    assert "The ward audit was misread" in shown
    db.session.refresh(appraisal)
    assert appraisal.behaviours_rating == 3
    assert appraisal.amendments[0].previous_value != appraisal.amendments[0].corrected_value
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.kind == "appraisal_amended"))
    assert (event.actor_account_id, event.data) == (director.id, {"field": "behaviours_rating"})
    told = set(db.session.scalars(select(Notification.account_id).where(Notification.kind == "appraisal_amended")))
    assert told == {nurse.id, matron.id}


def test_a_disagreement_is_escalated_to_the_appraisers_manager_and_hr(pages, trust):
    director = create_account(person=create_person(organisation=trust, band="8d", title="Director of nursing"))
    matron = create_account(person=create_person(organisation=trust, band="8a", manager=director.person))
    nurse = create_account(person=create_person(organisation=trust, manager=matron.person))
    hr = create_account(person=create_person(organisation=trust), roles=[(Role.HR_ADMIN, trust)])
    quiet = signed_off(create_person(organisation=trust, manager=matron.person), matron.person)
    with pytest.raises(RuleViolation, match="Record your disagreement when you sign off"):
        appraisal_services.escalate_disagreement(quiet, actor=account_for(quiet.appraisee))
    appraisal = signed_off(nurse.person, matron.person, disagreement="My teamwork rating ignores the audit")

    pages.sign_in(nurse)
    pages.post("appraisals.escalate", {}, appraisal_id=appraisal.id)
    again = pages.post("appraisals.escalate", {}, _expected_status=200, appraisal_id=appraisal.id)
    assert "You escalated this disagreement on" in error_summary(again)[0]
    pages.post("auth.sign_out", {}, _form_page="home.show_home")
    told = set(db.session.scalars(select(Notification.account_id).where(Notification.kind == "appraisal_escalated")))
    assert told == {director.id, hr.id}

    db.session.refresh(appraisal)
    with pytest.raises(Forbidden, match="You cannot record the outcome of a disagreement on your own record"):
        appraisal_services.resolve_escalation(appraisal, actor=matron, outcome="No change")
    pages.sign_in(director)
    pages.post(
        "appraisals.resolve_escalation",
        {"outcome": "Rating raised to Strong; see correction"},
        appraisal_id=appraisal.id,
    )
    shown = pages.get("appraisals.view_appraisal", appraisal_id=appraisal.id).get_text(" ", strip=True)
    assert "Rating raised to Strong; see correction" in shown


def test_trust_board_appraisals_go_to_the_region_for_endorsement(pages, trust):
    chair = create_account(person=create_person(organisation=trust, band="chair", title="Chair"))
    ned = create_account(
        person=create_person(organisation=trust, band="ned", title="Non-executive director", manager=chair.person)
    )
    lead = create_account(person=create_person(organisation=trust), roles=[(Role.TALENT_LEAD, get_region("Y62"))])
    other_lead = create_account(person=create_person(organisation=trust), roles=[(Role.TALENT_LEAD, get_region("Y56"))])
    appraisal = signed_off(ned.person, chair.person, fppt=TODAY - timedelta(days=30), edi=True)
    assert appraisal_services.next_step(appraisal) == "the appraiser submits it to the region"

    pages.sign_in(lead)
    assert pages.client.get(pages.url("appraisals.endorse", appraisal_id=appraisal.id)).status_code == 404
    pages.post("auth.sign_out", {}, _form_page="home.show_home")

    pages.sign_in(ned)
    response = pages.post(
        "appraisals.submit_to_region", {}, _form_page="appraisals.view_appraisal", appraisal_id=appraisal.id
    )
    assert response.status_code == 302
    db.session.refresh(appraisal)
    assert appraisal.status is AppraisalStatus.SIGNED_OFF  # only the appraiser submits
    pages.post("auth.sign_out", {}, _form_page="home.show_home")
    pages.sign_in(chair)
    pages.post("appraisals.submit_to_region", {}, _form_page="appraisals.view_appraisal", appraisal_id=appraisal.id)
    db.session.refresh(appraisal)
    assert appraisal.status is AppraisalStatus.SUBMITTED
    pages.post("auth.sign_out", {}, _form_page="home.show_home")

    assert lead.id in set(
        db.session.scalars(select(Notification.account_id).where(Notification.kind == "appraisal_submitted_to_region"))
    )
    pages.sign_in(other_lead)
    assert pages.client.get(pages.url("appraisals.endorse", appraisal_id=appraisal.id)).status_code == 404
    pages.post("auth.sign_out", {}, _form_page="home.show_home")
    pages.sign_in(lead)
    waiting = pages.get("appraisals.endorsements").get_text(" ", strip=True)
    assert ned.person.full_name in waiting
    endorse_page = pages.get("appraisals.endorse", appraisal_id=appraisal.id)
    # The button comes after what it endorses.
    assert endorse_page.select("h2")[-2].get_text(strip=True) == "Endorse this appraisal"
    pages.post("appraisals.endorse", {"comment": "Thorough, with clear objectives"}, appraisal_id=appraisal.id)
    db.session.refresh(appraisal)
    assert (appraisal.status, appraisal.endorsed_by_id) == (AppraisalStatus.ENDORSED, lead.person_id)
    pages.post("auth.sign_out", {}, _form_page="home.show_home")
    pages.sign_in(ned)  # the appraisee sees who endorsed it and what they said
    history = pages.get("appraisals.view_appraisal", appraisal_id=appraisal.id).select_one(".talent-history")
    assert "Endorsed by the region" in history.get_text(" ", strip=True)
    assert '"Thorough, with clear objectives"' in history.get_text(" ", strip=True)
    assert db.session.scalar(
        select(AuditEvent).where(AuditEvent.kind == "appraisal_viewed", AuditEvent.actor_account_id == lead.id)
    )
    assert "viewed" not in history.get_text(" ", strip=True)  # who read it is for the audit log only


def test_corrections_and_endorsement_through_the_api(client, trust):
    chair = create_account(person=create_person(organisation=trust, band="chair", title="Chair"))
    ned = create_account(
        person=create_person(organisation=trust, band="ned", title="Non-executive director", manager=chair.person)
    )
    lead = create_account(person=create_person(organisation=trust), roles=[(Role.TALENT_LEAD, get_region("Y62"))])
    appraisal = signed_off(ned.person, chair.person, fppt=TODAY - timedelta(days=30), edi=True)
    url = f"/api/v1/appraisals/{appraisal.id}"
    as_chair, as_lead = token_for(client, chair), token_for(client, lead)
    early = client.post(f"{url}/endorsement", headers=as_lead)
    assert early.status_code == 404  # not submitted to the region yet
    unchanged = client.post(
        f"{url}/amendments", json={"field": "objectives_rating", "rating": 3, "reason": "x"}, headers=as_chair
    )
    assert unchanged.status_code == 400
    assert unchanged.json["errors"][0]["field"] == "body.rating"
    corrected = client.post(
        f"{url}/amendments",
        json={"field": "objectives_rating", "rating": 4, "reason": "The audit closed after the discussion"},
        headers=as_chair,
    )
    assert corrected.status_code == 201
    assert corrected.json["objectives_rating"] == 4
    db.session.refresh(appraisal)
    appraisal_services.submit_to_region(appraisal, actor=chair)
    endorsed = client.post(f"{url}/endorsement", headers=as_lead)
    assert endorsed.status_code == 200
    assert endorsed.json["status"] == "endorsed"
    assert client.post(f"{url}/endorsement", headers=as_chair).status_code == 403


def test_nobody_corrects_endorses_or_settles_their_own_appraisal(client, pages, trust):
    """An HR admin could correct their own signed-off appraisal (page and API); a talent lead who
    is a board member could endorse their own. Every such action is refused on one's own record."""
    matron = create_account(person=create_person(organisation=trust, band="8a"))
    hr = create_account(person=create_person(organisation=trust, manager=matron.person), roles=[(Role.HR_ADMIN, trust)])
    appraisal = signed_off(hr.person, matron.person, disagreement="I expected a higher rating")
    refused = client.post(
        f"/api/v1/appraisals/{appraisal.id}/amendments",
        json={"field": "objectives_rating", "rating": 4, "reason": "I think it was better"},
        headers=token_for(client, hr),
    )
    assert refused.status_code == 403
    assert "on your own record" in refused.json["message"]
    pages.sign_in(hr)
    page = pages.post(
        "appraisals.amend_appraisal",
        {"field": "objectives_rating", "rating": "4", "reason": "I think it was better", "text": ""},
        appraisal_id=appraisal.id,
        _expected_status=200,
    )
    assert any("on your own record" in message for message in error_summary(page))
    db.session.refresh(appraisal)
    assert appraisal.amendments == []
    appraisal_services.escalate_disagreement(appraisal, actor=hr)
    with pytest.raises(Forbidden, match="on your own record"):
        appraisal_services.resolve_escalation(appraisal, actor=hr, outcome="Upheld")
