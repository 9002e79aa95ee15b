"""Input holding the NUL character (which PostgreSQL cannot store) is refused with a clear 400,
never a 500, in forms, query strings and JSON."""

from tests.factories import PASSWORD, create_account, create_person
from tests.pages import csrf_token


def test_nul_characters_are_refused_everywhere_with_the_field_named(pages, client, db_session):
    account = create_account(person=create_person())
    api = client.post("/api/v1/tokens", json={"email": account.email, "password": PASSWORD, "name": "a\u0000b"})
    assert api.status_code == 400
    assert api.json["errors"] == [{"field": "body.name", "message": "Text must not contain the NUL character"}]
    page = pages.get("auth.sign_in")
    form = client.post(
        pages.url("auth.sign_in"), data={"email": "x\x00@example.com", "password": "y", "csrf_token": csrf_token(page)}
    )
    assert form.status_code == 400
    pages.sign_in(account)
    assert client.get("/organisations?q=a%00b").status_code == 400
