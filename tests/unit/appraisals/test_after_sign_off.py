"""Service-level tests (no test client); the page tests are in
tests/integration/test_appraisal_after_sign_off.py.

After sign-off: the appraisal is read-only except through audited corrections; a recorded
disagreement can be escalated and its outcome recorded; trust and ICB board members' appraisals
go to the region for endorsement. Also: development needs name programmes.
"""

from datetime import timedelta

import pytest
from sqlalchemy import select

from talent.appraisals import services as appraisal_services
from talent.appraisals.models import AppraisalStatus
from talent.audit.models import AuditEvent
from talent.auth.models import Role
from talent.errors import Conflict, Forbidden, RuleViolation
from talent.extensions import db
from talent.orgs.models import OrganisationType
from talent.programmes import services as programme_services
from talent.programmes.models import Programme
from tests.factories import account_for, create_account, create_organisation, create_person, get_region
from tests.integration.test_appraisal_after_sign_off import TODAY, signed_off, trust  # noqa: F401 (fixtures and helpers shared with the page tests)


def test_corrections_are_only_for_signed_off_appraisals_and_must_change_something(trust):
    matron = create_account(person=create_person(organisation=trust, band="8a"))
    nurse = create_person(organisation=trust, manager=matron.person)
    draft = appraisal_services.start_current_appraisal(nurse)
    with pytest.raises(RuleViolation, match="Only a signed-off appraisal is amended"):
        appraisal_services.amend_appraisal(draft, actor=matron, field="development_needs", text="x", reason="y")
    draft.status = AppraisalStatus.SIGNED_OFF
    draft.development_needs = "Budget management"
    with pytest.raises(RuleViolation, match="same as the current text"):
        appraisal_services.amend_appraisal(
            draft, actor=matron, field="development_needs", text="Budget management", reason="typo"
        )
    with pytest.raises(Conflict):
        appraisal_services.amend_appraisal(
            draft, actor=matron, field="development_needs", text="Budgets", reason="typo", expected_version=99
        )
    hr_without_person = create_account(roles=[(Role.HR_ADMIN, trust)])
    with pytest.raises(Forbidden, match="not linked to a staff record"):
        appraisal_services.amend_appraisal(
            draft, actor=hr_without_person, field="development_needs", text="B", reason="y"
        )
    assert draft.amendments == []


def test_board_appraisals_elsewhere_stop_at_sign_off(trust):
    other = create_organisation(org_type=OrganisationType.OTHER)
    appraisal_services.create_cycle(
        other, year=2026, opens_on=TODAY - timedelta(days=60), due_on=TODAY + timedelta(days=120)
    )
    chair = create_person(organisation=other, band="chair", title="Chair")
    ned = create_person(organisation=other, band="ned", title="Non-executive director", manager=chair)
    appraisal = signed_off(ned, chair, fppt=TODAY - timedelta(days=30), edi=True)
    with pytest.raises(RuleViolation, match="Only chairs' and non-executive directors' appraisals at trusts and ICBs"):
        appraisal_services.submit_to_region(appraisal, actor=account_for(chair))


def test_development_needs_name_programmes_from_the_catalogue(trust):
    programme_services.seed_programmes()
    matron = create_person(organisation=trust, band="8a")
    nurse = create_person(organisation=trust, manager=matron)
    appraisal = appraisal_services.start_current_appraisal(nurse)
    mid_career = db.session.scalar(select(Programme).where(Programme.code == "MID-CAREER"))
    values = {
        "actor": account_for(nurse),
        "ratings": [],
        "objectives": [],
        "wellbeing": "",
        "career": "",
        "development_needs": "Leading a team",
    }
    with pytest.raises(RuleViolation, match="Choose programmes from the catalogue"):
        appraisal_services.save_self_assessment(appraisal, **values, development_programme_ids=[mid_career.id, 999999])
    assert appraisal.development_programmes == []
    appraisal_services.save_self_assessment(appraisal, **values, development_programme_ids=[mid_career.id])
    assert [p.code for p in appraisal.development_programmes] == ["MID-CAREER"]


def test_a_talent_lead_does_not_endorse_their_own_board_appraisal(trust):
    chair = create_person(organisation=trust, band="chair", title="Chair")
    ned = create_account(
        person=create_person(organisation=trust, band="ned", title="Non-executive director", manager=chair),
        roles=[(Role.TALENT_LEAD, get_region("Y62"))],
    )
    appraisal = signed_off(ned.person, chair, fppt=TODAY - timedelta(days=30), edi=True)
    appraisal_services.submit_to_region(appraisal, actor=account_for(chair))
    with pytest.raises(Forbidden, match="You cannot endorse an appraisal on your own record"):
        appraisal_services.endorse_appraisal(appraisal, actor=ned)
    assert appraisal.status is AppraisalStatus.SUBMITTED


def test_decisions_on_an_appraisal_are_in_the_audit_chain(trust):
    from talent.audit.services import verify_chain

    chair = create_account(person=create_person(organisation=trust, band="chair", title="Chair"))
    ned = create_account(
        person=create_person(organisation=trust, band="ned", title="Non-executive director", manager=chair.person)
    )
    lead = create_account(person=create_person(organisation=trust), roles=[(Role.TALENT_LEAD, get_region("Y62"))])
    hr = create_account(person=create_person(organisation=trust), roles=[(Role.HR_ADMIN, trust)])
    appraisal = signed_off(ned.person, chair.person, disagreement="Too low", fppt=TODAY - timedelta(days=30), edi=True)
    appraisal_services.submit_to_region(appraisal, actor=chair)
    appraisal_services.endorse_appraisal(appraisal, actor=lead)
    appraisal_services.escalate_disagreement(appraisal, actor=ned)
    appraisal_services.resolve_escalation(appraisal, actor=hr, outcome="Ratings stand")
    events = db.session.scalars(
        select(AuditEvent).where(AuditEvent.subject_type == "appraisals", AuditEvent.subject_id == appraisal.id)
    ).all()
    kinds = [(event.kind, event.actor_account_id) for event in events]
    assert ("appraisal_signed", ned.id) in kinds
    assert ("appraisal_signed", chair.id) in kinds
    assert [e.data for e in events if e.kind == "appraisal_signed"][-1] == {
        "party": "appraiser",
        "status": "signed_off",
    }
    assert ("appraisal_submitted_to_region", chair.id) in kinds
    assert ("appraisal_endorsed", lead.id) in kinds
    assert ("appraisal_escalated", ned.id) in kinds
    assert ("appraisal_escalation_resolved", hr.id) in kinds
    # The outcome's words stay on the appraisal, out of the log admins can search.
    assert not any("Ratings stand" in str(event.data) for event in events)
    assert verify_chain().broken_at is None
