"""The NED API: a panel member scores by token and reaches nothing else; conflicts and hidden
scores hold as on the pages; no response carries monitoring answers."""

import json

from tests.integration.test_programmes_api import bearer


def scores_body(vacancy, value, **extra):
    return {
        "scores": [{"criterion_id": c.id, "score": value, "evidence": "Example"} for c in vacancy.criteria],
        **extra,
    }


def test_a_panel_member_scores_by_api_and_reaches_only_their_vacancy(client, process):
    main, other = process["main"], process["other"]
    conflicted, candidate = process["candidates"]
    chair, member = bearer(client, process["chair"]), bearer(client, process["member"])
    assert client.get(f"/api/v1/ned-vacancies/{other.id}/scores", headers=chair).status_code == 404
    listed = client.get("/api/v1/ned-vacancies", headers=chair).json["items"]
    assert [item["id"] for item in listed] == [main.id]
    refused = client.post(f"/api/v1/ned-applications/{conflicted.id}/scores", json=scores_body(main, 2), headers=member)
    assert refused.status_code == 403
    assert "conflict of interest" in refused.json["message"]
    saved = client.post(f"/api/v1/ned-applications/{candidate.id}/scores", json=scores_body(main, 4), headers=chair)
    assert saved.status_code == 200
    client.post(
        f"/api/v1/ned-applications/{candidate.id}/scores", json=scores_body(main, 1, submit_stage=True), headers=member
    )
    # The chair has not submitted: they see their own scores only, not the member's.
    seen = client.get(f"/api/v1/ned-vacancies/{main.id}/scores", headers=chair).json["scores"]
    assert {score["score"] for score in seen} == {4}
    client.post(f"/api/v1/ned-applications/{conflicted.id}/scores", json=scores_body(main, 3), headers=chair)
    done = client.post(
        f"/api/v1/ned-applications/{candidate.id}/scores", json=scores_body(main, 4, submit_stage=True), headers=chair
    )
    assert {score["score"] for score in done.json["scores"]} == {1, 3, 4}
    decision = client.post(
        f"/api/v1/ned-vacancies/{main.id}/decision",
        json={"shortlisted": [candidate.id], "reasons": "Strongest on audit"},
        headers=chair,
    )
    assert decision.json["status"] == "interviewing"
    client.post(f"/api/v1/ned-applications/{candidate.id}/scores", json=scores_body(main, 3), headers=chair)
    final = client.post(
        f"/api/v1/ned-vacancies/{main.id}/decision",
        json={"preferred": candidate.id, "reasons": "Clearest audit leadership"},
        headers=chair,
    )
    assert final.json["status"] == "decided"
    everything = json.dumps([seen, done.json, decision.json, listed])
    for words in ("55_to_64", "65_and_over", "bme", "female", "wres_group", "disability"):
        assert words not in everything
