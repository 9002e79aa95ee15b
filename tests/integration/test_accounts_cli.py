"""``flask accounts``: create accounts and give roles from the command line."""

from click.testing import CliRunner
from sqlalchemy import select

from talent.auth.models import Account, Role
from talent.extensions import db
from tests.factories import create_organisation, create_person
from tests.pages import PageClient


def invoke(app, *arguments, input=None):
    return CliRunner().invoke(app.cli, ["accounts", *arguments], input=input, catch_exceptions=False)


def test_create_an_account_for_a_person_and_make_them_hr_admin(app, db_session):
    trust = create_organisation(ods_code="RZH")
    person = create_person(organisation=trust)
    result = invoke(
        app,
        "create",
        "New.Admin@NHS.net",
        "--person-email",
        person.work_email,
        input="quiet-lantern-orchard-71\nquiet-lantern-orchard-71\n",
    )
    assert result.exit_code == 0, result.output
    result = invoke(app, "grant-role", "new.admin@nhs.net", "hr_admin", "--organisation", "rzh")
    assert "is now Organisation HR admin" in result.output
    account = db.session.scalar(select(Account).where(Account.email == "new.admin@nhs.net"))
    assert [(a.role, a.organisation_id) for a in account.role_assignments] == [(Role.HR_ADMIN, trust.id)]
    assert account.person_id == person.id


def test_a_weak_password_is_refused_with_the_reason(app, db_session):
    result = invoke(app, "create", "weak@nhs.net", input="password1234\npassword1234\n")
    assert result.exit_code == 1
    assert "too common" in result.output
    assert db.session.scalar(select(Account).where(Account.email == "weak@nhs.net")) is None


def test_a_role_without_the_scope_it_needs_is_refused(app, db_session):
    invoke(app, "create", "lead@nhs.net", input="quiet-lantern-orchard-71\nquiet-lantern-orchard-71\n")
    result = invoke(app, "grant-role", "lead@nhs.net", "talent_lead")
    assert result.exit_code == 1
    assert "Regional talent lead needs a region" in result.output


def test_setting_a_password_checks_it_signs_the_account_out_and_revokes_its_tokens(app, db_session):
    invoke(app, "create", "reset@nhs.net", input="quiet-lantern-orchard-71\nquiet-lantern-orchard-71\n")
    client = app.test_client()
    token = client.post(
        "/api/v1/tokens", json={"email": "reset@nhs.net", "password": "quiet-lantern-orchard-71"}
    ).get_json()["token"]
    headers = {"Authorization": f"Bearer {token}"}
    assert client.get("/api/v1/me", headers=headers).status_code == 200
    PageClient(client).sign_in("reset@nhs.net", "quiet-lantern-orchard-71")
    assert client.get("/").status_code == 200
    assert invoke(app, "set-password", "reset@nhs.net", input="short\nshort\n").exit_code == 1
    result = invoke(app, "set-password", "reset@nhs.net", input="amber-kettle-harbour-93\namber-kettle-harbour-93\n")
    assert "existing sessions are signed out" in result.output
    assert client.get("/").status_code == 302
    # A token made with the old password stops working with it.
    assert client.get("/api/v1/me", headers=headers).status_code == 401
