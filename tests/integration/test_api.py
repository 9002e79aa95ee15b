"""The JSON API: tokens, the same permissions as the HTML pages, field-level errors, pagination."""

from datetime import timedelta

import pytest
from openapi_spec_validator import validate
from sqlalchemy import select

from talent.auth.models import ApiToken, Role
from talent.db import utcnow
from talent.extensions import db
from talent.orgs.models import Organisation, Region
from talent.people.models import Person, Post
from tests.factories import PASSWORD, create_account, create_organisation, create_person, get_region

REQUIRED_OPERATIONS = {
    "createToken",
    "revokeToken",
    "getMe",
    "listOrganisations",
    "getOrganisation",
    "listPeople",
    "getPerson",
    "listNotifications",
}


def token_for(client, account) -> dict:
    response = client.post("/api/v1/tokens", json={"email": account.email, "password": PASSWORD, "name": "test"})
    assert response.status_code == 201, response.json
    return {"Authorization": f"Bearer {response.json['token']}"}


def test_the_document_is_valid_openapi_and_lists_every_operation(client):
    document = client.get("/api/v1/openapi.json").json
    validate(document)
    operations = {op["operationId"] for path in document["paths"].values() for op in path.values()}
    assert REQUIRED_OPERATIONS <= operations


def test_get_me_shows_roles_and_scopes(client, db_session):
    trust = create_organisation()
    account = create_account(person=create_person(organisation=trust), roles=[(Role.HR_ADMIN, trust)])
    me = client.get("/api/v1/me", headers=token_for(client, account)).json
    assert me["email"] == account.email
    assert {(r["role"], r["organisation_id"]) for r in me["roles"]} == {("hr_admin", trust.id), ("staff", None)}


def test_no_token_wrong_password_and_expired_or_revoked_tokens_are_refused(client, db_session):
    account = create_account(person=create_person())
    assert client.get("/api/v1/me").status_code == 401
    wrong = client.post("/api/v1/tokens", json={"email": account.email, "password": "not-it-at-all"})
    assert wrong.status_code == 403
    headers = token_for(client, account)
    record = db.session.scalar(select(ApiToken).where(ApiToken.account_id == account.id))
    record.expires_at = utcnow() - timedelta(seconds=1)
    db.session.flush()
    assert client.get("/api/v1/me", headers=headers).status_code == 401
    headers = token_for(client, account)
    live = max(client.get("/api/v1/tokens", headers=headers).json["items"], key=lambda token: token["id"])
    assert client.delete(f"/api/v1/tokens/{live['id']}", headers=headers).status_code == 204
    assert client.get("/api/v1/me", headers=headers).status_code == 401


def test_owners_alone_see_and_revoke_their_tokens(client, db_session):
    mine, theirs = create_account(person=create_person()), create_account(person=create_person())
    my_headers, their_headers = token_for(client, mine), token_for(client, theirs)
    their_token = client.get("/api/v1/tokens", headers=their_headers).json["items"][0]["id"]
    assert client.delete(f"/api/v1/tokens/{their_token}", headers=my_headers).status_code == 404
    assert [t["id"] for t in client.get("/api/v1/tokens", headers=my_headers).json["items"]] != [their_token]


def test_bad_input_names_each_field_by_its_path_and_unknown_fields_are_refused(client, db_session):
    response = client.post(
        "/api/v1/tokens", json={"email": "a@nhs.net", "password": "x", "expires_in_days": 400, "admin": True}
    )
    assert response.status_code == 400
    fields = {error["field"] for error in response.json["errors"]}
    assert fields == {"body.expires_in_days", "body.admin"}
    account = create_account(person=create_person(), roles=[(Role.SYSTEM_ADMIN, None)])
    response = client.get("/api/v1/organisations?per_page=500&colour=blue", headers=token_for(client, account))
    assert {error["field"] for error in response.json["errors"]} == {"query.per_page", "query.colour"}


def test_people_are_scoped_the_same_as_the_html_pages(client, db_session):
    home, elsewhere = create_organisation(region_code="Y62"), create_organisation(region_code="Y56")
    colleague, outsider = create_person(organisation=home), create_person(organisation=elsewhere)
    hr = create_account(person=create_person(organisation=home), roles=[(Role.HR_ADMIN, home)])
    headers = token_for(client, hr)
    listed = {p["id"] for p in client.get("/api/v1/people?per_page=100", headers=headers).json["items"]}
    assert colleague.id in listed
    assert outsider.id not in listed
    assert client.get(f"/api/v1/people/{colleague.id}", headers=headers).status_code == 200
    assert client.get(f"/api/v1/people/{outsider.id}", headers=headers).status_code == 404
    staff = create_account(person=create_person(organisation=home))
    assert client.get("/api/v1/people", headers=token_for(client, staff)).status_code == 403


@pytest.mark.parametrize("local_part", ["staff", "talent_lead"])
def test_lists_are_paginated(client, db_session, local_part):
    for _ in range(3):
        create_organisation(region_code="Y62", segment=4)
    roles = [(Role.TALENT_LEAD, get_region("Y62"))] if local_part == "talent_lead" else []
    headers = token_for(client, create_account(person=create_person(), roles=roles))
    page = client.get("/api/v1/organisations?per_page=2&page=2&challenged=true", headers=headers).json
    assert (page["page"], page["per_page"], len(page["items"])) == (2, 2, min(2, page["total"] - 2))
    assert page["total"] >= 3


def test_every_demo_account_gets_a_token_and_is_refused_outside_its_scope(client, app, db_session):
    from talent.demo import services as demo_services

    demo_services.load_demo_data("small")
    password = app.config["DEMO_PASSWORD"]
    outsider = db.session.scalar(
        select(Person.id)
        .join(Post, Post.person_id == Person.id)
        .join(Organisation)
        .join(Region)
        .where(Region.code != "Y62")
    )
    for local_part, *_ in demo_services.DEMO_ACCOUNTS:
        email = demo_services.demo_email(local_part)
        response = client.post("/api/v1/tokens", json={"email": email, "password": password})
        assert response.status_code == 201, email
        headers = {"Authorization": f"Bearer {response.json['token']}"}
        assert client.get("/api/v1/me", headers=headers).json["email"] == email
        people = client.get("/api/v1/people", headers=headers).status_code
        assert people == (200 if local_part in {"hr", "talent.lead", "ned.team", "admin"} else 403), email
        elsewhere = client.get(f"/api/v1/people/{outsider}", headers=headers).status_code
        assert elsewhere == (200 if local_part in {"ned.team", "admin"} else 404), email


def test_field_paths_made_from_names_the_client_sent_match_the_error_schema(client, db_session):
    """An unknown query parameter whose name holds NUL or a newline was echoed back raw, breaking
    the documented pattern of ``FieldError.field``."""
    headers = token_for(client, create_account(person=create_person()))
    for name in ("bad%00name", "bad%0Aname", "x" * 500):
        response = client.get(f"/api/v1/feedback-requests?{name}=1", headers=headers)
        assert response.status_code == 400
        for error in response.get_json()["errors"]:
            assert not any(ord(c) < 32 for c in error["field"])
            assert len(error["field"]) <= 200
    response = client.get("/api/v1/feedback-requests?bad%00name=1", headers=headers)
    assert response.get_json()["errors"][0]["field"] == "query.bad\\u0000name"


def test_a_url_under_the_api_that_matches_no_route_answers_json(client, db_session):
    for path in ("/api/v1/appraisals/-1", "/api/v1/no-such-thing", "/api/v1/people/0"):
        response = client.get(path)
        assert response.status_code == 404
        assert response.get_json() == {"message": "Not found", "errors": []}
    assert client.delete("/api/v1/me").get_json()["message"] == "Method not allowed"


def test_people_are_listed_a_page_at_a_time_by_cursor_with_none_missed_or_repeated(client, db_session, count_queries):
    home = create_organisation(region_code="Y62")
    # Shared surnames and given names, so the order has to fall back on the id to be stable.
    for index in range(23):
        create_person(organisation=home, given_name=["Ann", "Bo"][index % 2], family_name=["Shah", "Ng"][index % 3 % 2])
    hr = create_account(person=create_person(organisation=home), roles=[(Role.HR_ADMIN, home)])
    headers = token_for(client, hr)
    everyone = {person.id for person in db.session.scalars(select(Person).where(Person.organisation_id == home.id))}
    seen, cursor, counts = [], None, []
    while True:
        url = "/api/v1/people?per_page=5" + (f"&after={cursor}" if cursor else "")
        with count_queries() as counter:
            page = client.get(url, headers=headers).json
        counts.append(counter.count)
        seen += [person["id"] for person in page["items"]]
        cursor = page["next"]
        if cursor is None:
            break
    assert sorted(seen) == sorted(everyone)
    assert len(seen) == len(set(seen))
    assert len(set(counts)) == 1  # the last page costs what the first does
    for forged in ("not-a-cursor", "WzEsMiwzXQ", "WyJhIiwiYiIsOTk5OTk5OTk5OTk5OTk5OTk5OV0"):
        refused = client.get(f"/api/v1/people?after={forged}", headers=headers)
        assert refused.status_code == 400
        assert refused.json["errors"][0]["field"] == "query.after"
