"""Service-level tests (no test client); the page tests are in
tests/integration/test_audit.py.

The audit log: what is recorded, that tampering is detected, and who can search it.
"""

import pytest
from sqlalchemy import delete, select

from talent.audit import services as audit_services
from talent.audit.models import AuditEvent
from talent.auth import services as auth_services
from talent.auth.models import Role
from talent.extensions import db
from tests.factories import create_account, create_organisation, create_person
from tests.integration.test_audit import kinds, record_three  # noqa: F401 (fixtures and helpers shared with the page tests)


def test_role_changes_are_recorded_with_who_did_them(db_session):
    admin = create_account(roles=[(Role.SYSTEM_ADMIN, None)])
    trust = create_organisation()
    account = create_account(person=create_person(organisation=trust))
    auth_services.grant_role(account, Role.HR_ADMIN, organisation=trust, actor=admin)
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.kind == "role_granted"))
    assert (event.actor_account_id, event.subject_id) == (admin.id, account.id)
    assert event.data == {"role": "hr_admin", "organisation_id": trust.id, "region_id": None}


def test_events_must_carry_exactly_their_declared_fields(db_session):
    with pytest.raises(ValueError, match="missing"):
        audit_services.record_event("sign_in_failed", email="a@nhs.net")
    with pytest.raises(ValueError, match="unexpected"):
        audit_services.record_event("password_changed", note="extra")
    with pytest.raises(ValueError, match="unknown audit event kind"):
        audit_services.record_event("coffee_made")


def test_an_intact_log_verifies(db_session):
    record_three()
    assert audit_services.verify_chain().reason == ""


def test_a_deleted_row_is_found(db_session):
    events = record_three()
    db.session.execute(delete(AuditEvent).where(AuditEvent.id == events[1].id))
    db.session.expire_all()
    result = audit_services.verify_chain()
    assert result.broken_at.id == events[2].id
    assert "removed" in result.reason


def test_a_log_cut_short_is_found(db_session):
    events = record_three()
    db.session.execute(delete(AuditEvent).where(AuditEvent.id == events[2].id))
    db.session.expire_all()
    assert "cut short" in audit_services.verify_chain().reason
