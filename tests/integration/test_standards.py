"""Standards as versioned data: three frameworks seeded, a new version never disturbs the old."""

from click.testing import CliRunner
from sqlalchemy import select

from talent.auth.models import Role
from talent.extensions import db
from talent.standards import queries as standard_queries
from talent.standards import services as standard_services
from talent.standards.models import BehaviourStatement, FrameworkStatus
from tests.factories import PASSWORD, create_account, create_person
from tests.pages import check_page, csrf_token, error_summary


def seeded() -> dict:
    standard_services.seed_frameworks()
    return {code: standard_queries.active_framework(code) for code in ("lcf", "hlm", "mls")}


def test_a_new_version_is_a_draft_copy_and_the_old_rows_stay_as_they_were(pages, db_session):
    hlm = seeded()["hlm"]
    old_statement = hlm.domains[0].standards[0].statements[0]
    old_text = old_statement.text
    admin = create_account(person=create_person(), roles=[(Role.PROGRAMME_ADMIN, None)])
    pages.sign_in(admin)
    response = pages.post("standards.start_new_version", {}, _form_page="standards.view_framework", framework_id=hlm.id)
    draft_id = int(response.headers["Location"].rsplit("/", 1)[1])
    draft = standard_queries.get_framework(draft_id)
    assert (draft.version, draft.status) == (2, FrameworkStatus.DRAFT)
    new_statement = draft.domains[0].standards[0].statements[0]
    assert new_statement.id != old_statement.id
    assert draft.domains[0].standards[0].code == hlm.domains[0].standards[0].code

    page = pages.get("standards.edit_statement", statement_id=new_statement.id)
    url = pages.url("standards.edit_statement", statement_id=new_statement.id)
    empty = pages.client.post(url, data={"text": "  ", "csrf_token": csrf_token(page)})
    assert error_summary(check_page(empty)) == ["Enter the behaviour statement"]
    changed = pages.client.post(url, data={"text": "Do I put patients first?", "csrf_token": csrf_token(page)})
    assert changed.status_code == 302
    pages.post("standards.publish_framework", {}, _form_page="standards.view_framework", framework_id=draft_id)

    db.session.expire_all()
    assert db.session.get(BehaviourStatement, old_statement.id).text == old_text
    assert standard_queries.active_framework("hlm").id == draft_id
    assert standard_queries.get_framework(hlm.id).status == FrameworkStatus.RETIRED
    # The version in use can no longer be edited in place.
    refused = pages.client.post(url, data={"text": "Something else", "csrf_token": csrf_token(page)})
    assert "Only a draft version can be changed" in " ".join(error_summary(check_page(refused)))


def test_the_api_lists_standards_by_framework_and_level(client, db_session):
    seeded()
    account = create_account(person=create_person())
    token = client.post("/api/v1/tokens", json={"email": account.email, "password": PASSWORD}).json["token"]
    page = client.get(
        "/api/v1/standards?framework=mls&level=4&per_page=100", headers={"Authorization": f"Bearer {token}"}
    ).json
    assert page["total"] == 5
    assert {item["level"] for item in page["items"]} == {4}
    assert all(item["statements"] for item in page["items"])
    assert db.session.scalar(select(BehaviourStatement.id).limit(1)) is not None


def test_the_seed_commands_add_the_frameworks_and_programmes_once(app, db_session):
    runner = CliRunner()
    assert runner.invoke(app.cli, ["standards", "seed"], catch_exceptions=False).output == "3 frameworks added\n"
    assert runner.invoke(app.cli, ["programmes", "seed"], catch_exceptions=False).output == "5 programmes added\n"
    assert runner.invoke(app.cli, ["programmes", "seed"], catch_exceptions=False).output == "0 programmes added\n"
