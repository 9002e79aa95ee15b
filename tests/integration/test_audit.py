"""The audit log: what is recorded, that tampering is detected, and who can search it."""

from click.testing import CliRunner
from sqlalchemy import select, update

from talent.audit import services as audit_services
from talent.audit.models import AuditEvent
from talent.auth.models import Role
from talent.extensions import db
from tests.factories import create_account, create_person


def kinds() -> list[str]:
    return list(db.session.scalars(select(AuditEvent.kind).order_by(AuditEvent.id)))


def test_sign_ins_and_failed_sign_ins_are_recorded(pages, db_session):
    account = create_account(person=create_person())
    page = pages.get("auth.sign_in")
    from tests.pages import csrf_token

    pages.client.post(
        pages.url("auth.sign_in"),
        data={"email": account.email, "password": "not-the-password", "csrf_token": csrf_token(page)},
    )
    pages.sign_in(account)
    events = db.session.scalars(select(AuditEvent).order_by(AuditEvent.id)).all()
    assert [(e.kind, e.data.get("reason")) for e in events] == [
        ("sign_in_failed", "wrong password"),
        ("signed_in", None),
    ]
    assert events[1].actor_account_id == account.id


def record_three():
    for email in ("a@nhs.net", "b@nhs.net", "c@nhs.net"):
        audit_services.record_event("sign_in_failed", email=email, reason="no such account")
    return db.session.scalars(select(AuditEvent).order_by(AuditEvent.id)).all()


def test_a_row_altered_in_the_database_is_found(app, db_session):
    events = record_three()
    db.session.execute(
        update(AuditEvent).where(AuditEvent.id == events[1].id).values(data={"email": "x@nhs.net", "reason": "edited"})
    )
    db.session.expire_all()
    result = audit_services.verify_chain()
    assert result.broken_at.id == events[1].id
    assert "altered" in result.reason
    output = CliRunner().invoke(app.cli, ["audit", "verify"], catch_exceptions=False)
    assert output.exit_code == 1
    assert f"Audit log broken at entry {events[1].id}" in output.output


def test_system_admins_search_the_log_by_event_and_person(pages, db_session):
    admin = create_account(person=create_person(), roles=[(Role.SYSTEM_ADMIN, None)])
    pages.sign_in(admin)
    audit_services.record_event("sign_in_failed", email="someone@nhs.net", reason="no such account")
    page = pages.get("audit.search_audit_log", kind="signed_in", actor=admin.email)
    rows = page.select("tbody tr")
    assert len(rows) == 1
    assert "signed in" in rows[0].text
    assert admin.email in rows[0].text
