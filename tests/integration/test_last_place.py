"""Two programme admins enrolling the last place at the same moment: only one gets it.

Two threads, each with its own database connection and transaction, against a database both
can see (PostgreSQL in CI, an SQLite file otherwise). Counting the places taken is slowed down
so that, without the cohort lock, both would count before either commits.
"""

import threading
import time
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from talent.extensions import db
from talent.people.models import Person
from talent.programmes import services as programme_services
from talent.programmes.models import Cohort, Enrolment, EnrolmentStatus, Programme, ProgrammeKind
from tests.conftest import migrated_scratch_app, run_together
from tests.factories import create_organisation, create_person


@pytest.fixture
def shared_database(tmp_path_factory):
    app = migrated_scratch_app(tmp_path_factory, "last_place")
    with app.app_context():
        programme = Programme(code="MC", title="Mid-career", kind=ProgrammeKind.MID_CAREER, provider="NHS England")
        cohort = Cohort(
            programme=programme,
            title="Spring",
            starts_on=date.today(),
            ends_on=date.today() + timedelta(days=90),
            capacity=1,
        )
        trust = create_organisation()
        people = [create_person(organisation=trust) for _ in range(2)]
        db.session.add_all([programme, cohort])
        db.session.commit()
        ids = {"cohort": cohort.id, "people": [person.id for person in people]}
    yield app, ids
    with app.app_context():
        db.engine.dispose()


def test_only_one_of_two_simultaneous_enrolments_gets_the_last_place(shared_database, monkeypatch):
    app, ids = shared_database
    counted = programme_services.places_taken

    def slow_count(cohort):
        taken = counted(cohort)
        time.sleep(0.3)
        return taken

    monkeypatch.setattr(programme_services, "places_taken", slow_count)
    start = threading.Barrier(2)
    errors = []

    def admin_enrols(person_id):
        try:
            with app.app_context():
                start.wait(timeout=10)
                person = db.session.get(Person, person_id)
                cohort = db.session.get(Cohort, ids["cohort"])
                programme_services.enrol(person, cohort)
                db.session.commit()
        except Exception as error:  # noqa: BLE001 (reported by the test below)
            errors.append(error)

    run_together([threading.Thread(target=admin_enrols, args=(person_id,)) for person_id in ids["people"]])
    assert errors == []
    with app.app_context():
        statuses = sorted(s.value for s in db.session.scalars(select(Enrolment.status)))
    assert statuses == [EnrolmentStatus.ENROLLED.value, EnrolmentStatus.WAITING.value]
