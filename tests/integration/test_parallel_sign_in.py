"""Thirty wrong passwords sent at the same moment through the sign-in form all count.

Each thread has its own client, connection and transaction against a database all can see
(PostgreSQL in CI, an SQLite file otherwise). When the failure count was read and written back
in Python, parallel failures overwrote each other (30 guesses left a count of 2 and no wait);
the throttle rows are now locked, so attempts queue and each is counted or refused.
"""

import threading

import pytest
from flask_migrate import upgrade
from sqlalchemy import func, select

from talent import create_app
from talent.audit.models import AuditEvent
from talent.auth.models import SignInThrottle, ThrottleScope
from talent.extensions import db
from tests.conftest import reset_database, scratch_database_url
from tests.factories import create_account, create_person

GUESSES = 30


@pytest.fixture
def shared_database(tmp_path_factory):
    url = scratch_database_url(tmp_path_factory, "parallel_sign_in")
    reset_database(url)
    # CSRF is not what is tested here; each thread would otherwise need its own form first.
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "WTF_CSRF_ENABLED": False})
    with app.app_context():
        upgrade()
        email = create_account(person=create_person()).email
        db.session.commit()
    yield app, email
    with app.app_context():
        db.engine.dispose()


def test_thirty_parallel_wrong_passwords_end_in_the_throttle(shared_database):
    app, email = shared_database
    start = threading.Barrier(GUESSES)
    replies, errors = [], []

    def guess(number):
        try:
            client = app.test_client()
            start.wait(timeout=30)
            response = client.post("/sign-in", data={"email": email, "password": f"wrong-guess-{number}"})
            replies.append(response.get_data(as_text=True))
        except Exception as error:  # noqa: BLE001 (reported by the test below)
            errors.append(error)

    threads = [threading.Thread(target=guess, args=(n,)) for n in range(GUESSES)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert errors == []
    assert len(replies) == GUESSES
    with app.app_context():
        pair = db.session.scalar(select(SignInThrottle).where(SignInThrottle.scope == ThrottleScope.PAIR))
        kinds = dict(db.session.execute(select(AuditEvent.kind, func.count()).group_by(AuditEvent.kind)).all())
    # Only the allowance of passwords was ever checked; every other attempt waited its turn,
    # found the wait in force and was refused, and each refusal is in the audit log.
    assert pair.failures == 5
    assert pair.blocked_until is not None
    assert kinds["sign_in_failed"] == 5
    assert kinds["sign_in_throttled"] == GUESSES - 5
    assert sum("Too many failed sign-in attempts" in reply for reply in replies) == GUESSES - 4
