"""Service-level tests (no test client); the page tests are in
tests/integration/test_organisations.py.

Organisations: the list with filters, segments, and the configurable challenged rule.
"""

from datetime import date

import pytest
from sqlalchemy import select

from talent.extensions import db
from talent.orgs import services as org_services
from tests.factories import create_organisation


@pytest.mark.parametrize(
    ("segment", "in_recovery_support", "challenged"),
    [(None, False, False), (3, False, False), (4, False, True), (5, False, True), (1, True, True)],
)
def test_challenged_means_segment_4_or_5_or_recovery_support(db_session, segment, in_recovery_support, challenged):
    organisation = create_organisation(segment=segment, in_recovery_support=in_recovery_support)
    assert org_services.is_challenged(organisation) is challenged


def test_the_newest_segment_in_force_counts(db_session):
    organisation = create_organisation(segment=4)
    org_services.record_segment(
        organisation, segment=2, effective_from=date(2026, 1, 1), framework_version="NOF 2025/26"
    )
    db.session.refresh(organisation)
    assert org_services.current_segment(organisation, date(2026, 6, 1)).segment == 2
    assert org_services.current_segment(organisation, date(2025, 12, 1)).segment == 4
    assert not org_services.is_challenged(organisation, date(2026, 6, 1))


def test_segment_and_recovery_support_changes_are_audited(db_session):
    from datetime import date

    from talent.audit.models import AuditEvent
    from talent.extensions import db

    organisation = create_organisation(segment=2)
    org_services.record_segment(
        organisation, segment=4, effective_from=date(2026, 10, 1), framework_version="NOF 2025/26"
    )
    org_services.set_recovery_support(organisation, True)
    org_services.set_recovery_support(organisation, True)  # no change, nothing recorded
    events = db.session.scalars(
        select(AuditEvent).where(AuditEvent.subject_type == "organisations", AuditEvent.subject_id == organisation.id)
    ).all()
    assert [(e.kind, e.data) for e in events] == [
        ("segment_recorded", {"segment": 4, "effective_from": "2026-10-01", "framework_version": "NOF 2025/26"}),
        ("recovery_support_changed", {"in_programme": True}),
    ]
