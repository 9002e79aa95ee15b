"""A full appraisal through the API; each step by the wrong person or out of order is refused."""

from datetime import date, timedelta

from talent.appraisals import services as appraisal_services
from talent.standards import services as standard_services
from tests.factories import PASSWORD, create_account, create_organisation, create_person


def bearer(client, account) -> dict:
    token = client.post("/api/v1/tokens", json={"email": account.email, "password": PASSWORD}).json["token"]
    return {"Authorization": f"Bearer {token}"}


def test_a_full_appraisal_through_the_api(client, db_session):
    standard_services.seed_frameworks()
    trust = create_organisation()
    manager = create_account(person=create_person(organisation=trust, band="7"))
    staff = create_account(person=create_person(organisation=trust, manager=manager.person))
    other = create_account(person=create_person(organisation=trust))
    today = date.today()
    appraisal_services.create_cycle(trust, year=today.year, opens_on=today - timedelta(days=1), due_on=today)
    as_manager, as_staff, as_other = bearer(client, manager), bearer(client, staff), bearer(client, other)

    assert client.post("/api/v1/appraisals", headers=as_other, json={"person_id": staff.person_id}).status_code == 403
    created = client.post("/api/v1/appraisals", headers=as_manager, json={"person_id": staff.person_id})
    assert created.status_code == 201
    appraisal = created.json
    url = f"/api/v1/appraisals/{appraisal['id']}"
    assert client.get(url, headers=as_other).status_code == 404

    early = client.post(
        f"{url}/manager-assessment",
        headers=as_manager,
        json={"ratings": [], "objectives_rating": 3, "behaviours_rating": 3},
    )
    assert early.status_code == 400
    assert "next step is that the appraisee submits" in early.json["message"]
    statements = [r["statement_id"] for r in appraisal["ratings"]]
    self_assessment = {
        "ratings": [{"statement_id": s, "rating": 3, "evidence": "Led handovers"} for s in statements],
        "objectives": [{"text": "Reduce falls", "measure": "A fifth fewer", "due_on": f"{today.year + 1}-03-31"}],
        "version": appraisal["version"],
    }
    by_manager = client.post(f"{url}/self-assessment", headers=as_manager, json=self_assessment)
    assert by_manager.status_code == 403
    submitted = client.post(f"{url}/self-assessment", headers=as_staff, json=self_assessment)
    assert submitted.json["status"] == "self_assessed"
    stale = client.post(f"{url}/self-assessment", headers=as_staff, json=self_assessment)
    assert stale.status_code == 400  # no longer a draft
    assessed = client.post(
        f"{url}/manager-assessment",
        headers=as_manager,
        json={
            "ratings": [{"statement_id": s, "rating": 2} for s in statements],
            "objectives_rating": 3,
            "behaviours_rating": 2,
            "objective_outcomes": [{"position": 1, "outcome": "met"}],
        },
    )
    assert assessed.json["status"] == "manager_assessed"
    client.post(f"{url}/discussion", headers=as_manager, json={"discussed_on": today.isoformat()})
    client.post(f"{url}/sign-off", headers=as_manager, json={})
    signed = client.post(f"{url}/sign-off", headers=as_staff, json={"disagreement": "My teamwork rates higher"})
    assert (signed.json["status"], signed.json["appraisee_disagreement"]) == ("signed_off", "My teamwork rates higher")
    assert {r["manager_rating"] for r in client.get(url, headers=as_staff).json["ratings"]} == {2}
