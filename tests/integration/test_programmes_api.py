"""The programme API: enrol past capacity, record completion, eligibility, and createPost
refusing a move into a senior post with what is missing (override for admins only)."""

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from talent.audit.models import AuditEvent
from talent.auth.models import Role
from talent.extensions import db
from talent.people.models import Band
from talent.programmes import services as programme_services
from talent.programmes.models import PrerequisiteRule, Programme
from talent.standards import services as standard_services
from tests.factories import PASSWORD, create_account, create_organisation, create_person


@pytest.fixture
def catalogue(db_session):
    standard_services.seed_frameworks()
    programme_services.seed_programmes()
    programmes = {p.code: p for p in db.session.scalars(select(Programme))}
    rule = PrerequisiteRule(
        title="Board roles", min_band=Band.NED, required_level=None, effective_from=date(2026, 4, 1)
    )
    rule.programmes = [programmes["NYE-BEVAN"]]
    db.session.add(rule)
    db.session.flush()
    return programmes


def bearer(client, account) -> dict:
    token = client.post("/api/v1/tokens", json={"email": account.email, "password": PASSWORD}).json["token"]
    return {"Authorization": f"Bearer {token}"}


def test_enrol_past_capacity_then_record_a_completion(client, catalogue):
    admin = bearer(client, create_account(person=create_person(), roles=[(Role.PROGRAMME_ADMIN, None)]))
    today = date.today()
    cohort = programme_services.create_cohort(
        catalogue["NYE-BEVAN"], title="Autumn", starts_on=today - timedelta(days=90), ends_on=today, capacity=1
    )
    first, second = create_person(), create_person()
    made = [
        client.post("/api/v1/enrolments", headers=admin, json={"person_id": p.id, "cohort_id": cohort.id}).json
        for p in (first, second)
    ]
    assert [m["status"] for m in made] == ["enrolled", "waiting"]
    again = client.post("/api/v1/enrolments", headers=admin, json={"person_id": first.id, "cohort_id": cohort.id})
    assert (again.status_code, again.json["errors"][0]["field"]) == (400, "body.person_id")
    done = client.post(
        f"/api/v1/enrolments/{made[0]['id']}/completion",
        headers=admin,
        json={"completed_on": today.isoformat(), "passed": True, "evidence": "NB-2026-114"},
    )
    assert (done.status_code, done.json["status"]) == (200, "completed")
    staff = bearer(client, create_account(person=create_person()))
    refused = client.post("/api/v1/enrolments", headers=staff, json={"person_id": second.id, "cohort_id": cohort.id})
    assert refused.status_code == 403

    eligibility = client.get(f"/api/v1/people/{first.id}/eligibility?band=ned", headers=admin).json
    assert eligibility["eligible"] is True
    eligibility = client.get(f"/api/v1/people/{second.id}/eligibility?band=chair", headers=admin).json
    assert eligibility["missing"] == [{"title": "Complete Nye Bevan Programme", "detail": "required by: Board roles"}]


def test_create_post_refuses_with_what_is_missing_and_only_admins_may_override(client, catalogue):
    trust = create_organisation()
    candidate = create_person(organisation=trust)
    body = {"organisation_id": trust.id, "title": "Non-executive director", "band": "ned", "start_date": "2026-12-01"}
    hr = bearer(client, create_account(person=create_person(organisation=trust), roles=[(Role.HR_ADMIN, trust)]))
    refused = client.post(f"/api/v1/people/{candidate.id}/posts", headers=hr, json=body)
    assert refused.status_code == 400
    assert refused.json["errors"] == [{"field": "body.band", "message": refused.json["message"]}]
    assert "Missing: Complete Nye Bevan Programme" in refused.json["message"]
    forbidden = client.post(
        f"/api/v1/people/{candidate.id}/posts", headers=hr, json={**body, "override_reason": "We are short"}
    )
    assert forbidden.status_code == 403
    team = bearer(client, create_account(person=create_person(), roles=[(Role.NED_TEAM, None)]))
    made = client.post(
        f"/api/v1/people/{candidate.id}/posts",
        headers=team,
        json={**body, "override_reason": "Appointed by the Secretary of State; programme starts in January"},
    )
    assert made.status_code == 201
    assert made.json["band"] == "ned"
    assert db.session.scalar(select(AuditEvent.id).where(AuditEvent.kind == "eligibility_overridden"))
    # HR cannot put someone into a post in another organisation.
    elsewhere = create_organisation()
    other = client.post(
        f"/api/v1/people/{candidate.id}/posts",
        headers=hr,
        json={**body, "organisation_id": elsewhere.id, "band": "5", "title": "Clerk"},
    )
    assert other.status_code == 404
