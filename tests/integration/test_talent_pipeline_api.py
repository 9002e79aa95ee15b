"""The talent pipeline's API: the whole journey by bearer token, the same refusals as the pages
(field paths, 409 on a stale version, 404 across regions), and suppressed dashboard counts."""

from datetime import date, timedelta

from sqlalchemy import select

from talent.edi.models import EthnicGroup
from talent.extensions import db
from talent.pipeline.models import ReadinessLevel
from tests.factories import create_edi_profile, get_region
from tests.integration.test_programmes_api import bearer
from tests.integration.test_talent_pipeline import region  # noqa: F401  (fixture)


def readiness_id(code: str) -> int:
    return db.session.scalar(select(ReadinessLevel.id).where(ReadinessLevel.code == code))


def test_record_agree_nominate_decide_and_list_members_by_api(client, region):  # noqa: F811
    manager, person, lead = (bearer(client, region[key]) for key in ("manager_account", "person_account", "lead"))
    person_id = region["person"].id
    body = {
        "held_on": (date.today() - timedelta(days=2)).isoformat(),
        "impact": "high",
        "growth": "high",
        "direction": "stretch",
        "readiness_id": readiness_id("ready_now"),
        "target_band": "8c",
        "willing_challenged": True,
        "region_ids": [get_region("Y62").id],
    }
    bad = client.post(
        f"/api/v1/people/{person_id}/talent-conversations", json={**body, "max_travel_km": 50}, headers=manager
    )
    assert bad.status_code == 400
    assert bad.json["errors"][0]["field"] == "body.travel_from"
    created = client.post(f"/api/v1/people/{person_id}/talent-conversations", json=body, headers=manager)
    assert created.status_code == 201, created.json
    conversation = created.json
    assert conversation["response"] == "awaiting"

    stale = client.post(
        f"/api/v1/talent-conversations/{conversation['id']}/response",
        json={"agree": True, "version": conversation["version"] + 1},
        headers=person,
    )
    assert stale.status_code == 409
    agreed = client.post(
        f"/api/v1/talent-conversations/{conversation['id']}/response",
        json={"agree": True, "version": conversation["version"]},
        headers=person,
    )
    assert agreed.json["response"] == "agreed"

    pool = client.post(
        "/api/v1/talent-pools",
        json={
            "name": "Aspiring COOs",
            "region_id": get_region("Y62").id,
            "level": "8c",
            "min_band": "8a",
            "max_band": "8d",
            "readiness_id": readiness_id("ready_12_months"),
            "conversation_within_months": 12,
            "review_on": (date.today() + timedelta(days=200)).isoformat(),
        },
        headers=lead,
    )
    assert pool.status_code == 201, pool.json
    nomination = client.post(
        "/api/v1/talent-pool-nominations",
        json={"pool_id": pool.json["id"], "person_id": person_id, "case": "I lead the division"},
        headers=person,
    )
    assert nomination.status_code == 201, nomination.json
    assert nomination.json["route"] == "self"
    decided = client.post(
        f"/api/v1/talent-pool-nominations/{nomination.json['id']}/decision",
        json={"approve": True, "reason": "Strong record"},
        headers=lead,
    )
    assert decided.json["status"] == "member"
    members = client.get(f"/api/v1/talent-pools/{pool.json['id']}/members", headers=lead).json
    assert [m["person_id"] for m in members["items"]] == [person_id]
    assert members["next"] is None

    review = client.post(
        "/api/v1/calibration-reviews", json={"title": "Spring review", "pool_id": pool.json["id"]}, headers=lead
    )
    assert review.status_code == 201, review.json
    [position] = review.json["positions"]
    moved = client.post(
        f"/api/v1/calibration-reviews/{review.json['id']}/people/{person_id}/position",
        json={
            "readiness_id": readiness_id("ready_12_months"),
            "impact": "high",
            "growth": "medium",
            "reason": "Needs a year on the board",
            "version": position["version"],
        },
        headers=lead,
    )
    assert moved.status_code == 200, moved.json
    assert moved.json["readiness"] == "ready_12_months"


def test_another_regions_talent_lead_gets_404_by_api(client, region):  # noqa: F811
    from talent.auth.policy import build_principal
    from talent.pipeline import services as pipeline_services
    from tests.integration.test_talent_pipeline import conversation_for, pool_for

    pool = pool_for(region)
    conversation = conversation_for(region)
    membership = pipeline_services.nominate(
        pool, region["person"], case="Strong", principal=build_principal(region["manager_account"])
    )
    london = bearer(client, region["london_lead"])
    assert client.get(f"/api/v1/talent-conversations/{conversation.id}", headers=london).status_code == 404
    assert client.get(f"/api/v1/talent-pools/{pool.id}/members", headers=london).status_code == 404
    decision = client.post(
        f"/api/v1/talent-pool-nominations/{membership.id}/decision",
        json={"approve": True, "reason": "Mine now"},
        headers=london,
    )
    assert decision.status_code == 404
    assert client.get("/api/v1/talent-pools", headers=london).json["items"] == []


def test_dashboard_api_withholds_small_counts(client, region, app):  # noqa: F811
    from tests.integration.test_talent_pipeline import conversation_for

    conversation_for(region)
    create_edi_profile(region["person"], ethnicity=EthnicGroup.WHITE_BRITISH)
    answer = client.get("/api/v1/pipeline-dashboard", headers=bearer(client, region["lead"])).json
    # Recording the conversation counted the person's organisation again.
    assert answer["counted_at"] is not None
    cells = answer["cells"]
    assert cells
    minimum = app.config["INSIGHTS_MIN_CELL"]
    assert all(cell["count"] is None or cell["count"] >= minimum for cell in cells)
    assert any(cell["table"] == "Pipeline by target level: Ethnicity" for cell in cells)


def test_a_talent_lead_cannot_open_a_pool_or_review_for_another_region(client, region):  # noqa: F811
    lead = bearer(client, region["lead"])
    body = {
        "name": "London directors",
        "region_id": get_region("Y56").id,
        "level": "vsm",
        "min_band": "8c",
        "max_band": "9",
        "review_on": (date.today() + timedelta(days=100)).isoformat(),
    }
    refused = client.post("/api/v1/talent-pools", json=body, headers=lead)
    assert refused.status_code == 403
    assert "your own region" in refused.json["message"]
    national = client.post("/api/v1/talent-pools", json={**body, "region_id": None}, headers=lead)
    assert national.status_code == 403
    home = client.post("/api/v1/talent-pools", json={**body, "region_id": get_region("Y62").id}, headers=lead)
    assert home.status_code == 201
    nomination = client.post(
        "/api/v1/talent-pool-nominations",
        json={"pool_id": home.json["id"], "person_id": region["person"].id},
        headers=lead,
    )
    assert nomination.status_code == 400
    assert nomination.json["errors"][0]["field"] == "body.case"
