"""Two requests recounting one organisation's summary at the same moment (two HR admins
changing posts in one trust, two managers recording talent conversations there): both land,
and the summary holds one count, not a unique-constraint error for the second.

Each recount replaces the organisation's rows in its request's transaction; without a lock on
the organisation, the second transaction's delete cannot see the rows the first inserted, so
its insert collides with them. PostgreSQL only: SQLite never has two writers.
"""

import threading
from datetime import date

import pytest
from sqlalchemy import select

from talent.extensions import db
from talent.insights import services as insight_services
from talent.insights.models import WorkforceCount
from talent.pipeline import reports as pipeline_reports
from talent.pipeline.models import PipelineCount
from tests.conftest import POSTGRESQL_ONLY, migrated_scratch_app, run_together
from tests.factories import create_organisation, create_person

pytestmark = POSTGRESQL_ONLY


@pytest.fixture
def shared_database(tmp_path_factory):
    app = migrated_scratch_app(tmp_path_factory, "summary_races")
    with app.app_context():
        trust = create_organisation()
        for _ in range(12):
            create_person(organisation=trust, band="8a")
        db.session.commit()
        trust_id = trust.id
    yield app, trust_id
    with app.app_context():
        db.engine.dispose()


@pytest.mark.parametrize(
    ("recount", "model"),
    [(insight_services.recount_workforce, WorkforceCount), (pipeline_reports.recount_pipeline, PipelineCount)],
)
def test_two_recounts_of_one_organisation_at_once_both_land(shared_database, recount, model):
    app, trust_id = shared_database
    first_counted, errors = threading.Event(), []

    def first():
        try:
            with app.app_context():
                recount([trust_id], on=date.today())
                first_counted.set()
                # Still in its transaction while the second recount starts.
                threading.Event().wait(0.5)
                db.session.commit()
        except Exception as error:  # noqa: BLE001 (reported by the test below)
            first_counted.set()
            errors.append(error)

    def second():
        try:
            with app.app_context():
                first_counted.wait(timeout=10)
                recount([trust_id], on=date.today())
                db.session.commit()
        except Exception as error:  # noqa: BLE001 (reported by the test below)
            errors.append(error)

    run_together([threading.Thread(target=first), threading.Thread(target=second)])
    assert errors == []
    with app.app_context():
        rows = db.session.execute(
            select(model.organisation_id, model.headcount).where(model.organisation_id == trust_id)
        ).all()
        assert rows
        if model is WorkforceCount:
            counted = db.session.scalars(
                select(WorkforceCount.headcount).where(
                    WorkforceCount.organisation_id == trust_id, WorkforceCount.characteristic == "wres_group"
                )
            ).all()
            assert sum(counted) == 12
