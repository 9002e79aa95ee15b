"""Test set-up: one migrated database per run, a rolled-back transaction per test.

The database is SQLite (a temporary file) unless TEST_DATABASE_URL names another, in which case
its public schema is emptied and migrated afresh. Each test runs inside a transaction on one
connection; the application's sessions join it through savepoints, so commits made by request
handling are undone when the test ends.
"""

import os
import smtplib
from pathlib import Path

import pytest
import sqlalchemy as sa
from flask.testing import FlaskClient
from flask_migrate import upgrade
from flask_sqlalchemy.session import Session

from config import normalise_database_url
from talent import create_app
from talent.extensions import db
from tests.pages import PageClient
from tests.smtp import LocalSmtpServer

ROOT = Path(__file__).resolve().parent.parent
#: Kept before any test replaces it, for the tests that talk to a real local SMTP server.
REAL_SMTP = smtplib.SMTP


def database_url(tmp_path_factory) -> str:
    url = os.environ.get("TEST_DATABASE_URL")
    if url:
        return normalise_database_url(url)
    return f"sqlite:///{tmp_path_factory.mktemp('db') / 'talent-test.db'}"


def scratch_database_url(tmp_path_factory, suffix: str) -> str:
    """A database apart from the per-test one, for work that must commit (live servers, other
    processes): a sibling PostgreSQL database when TEST_DATABASE_URL is set, else an SQLite file."""
    base = os.environ.get("TEST_DATABASE_URL")
    if not base:
        return f"sqlite:///{tmp_path_factory.mktemp(suffix) / f'talent-{suffix}.db'}"
    url = sa.make_url(normalise_database_url(base))
    name = f"{url.database}_{suffix}"
    admin = sa.create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        exists = connection.execute(sa.text("SELECT 1 FROM pg_database WHERE datname = :name"), {"name": name}).scalar()
        if not exists:
            connection.exec_driver_sql(f'CREATE DATABASE "{name}"')
    admin.dispose()
    return url.set(database=name).render_as_string(hide_password=False)


#: Races need two writers at once, which SQLite never has: those tests run on PostgreSQL only.
POSTGRESQL_ONLY = pytest.mark.skipif(
    not os.environ.get("TEST_DATABASE_URL", "").startswith("postgresql"),
    reason="a race needs two real connections to one server: PostgreSQL",
)


def run_together(threads, timeout: float = 30) -> None:
    """Start every thread, then wait for each (a race test's two writers)."""
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=timeout)


def migrated_scratch_app(tmp_path_factory, suffix: str):
    """An app on an emptied scratch database (:func:`scratch_database_url`) brought to the
    migrations' head, for tests whose threads or processes commit."""
    url = scratch_database_url(tmp_path_factory, suffix)
    reset_database(url)
    app = create_app({"SQLALCHEMY_DATABASE_URI": url})
    with app.app_context():
        upgrade()
    return app


def reset_database(url: str) -> None:
    """Start from an empty database so the migrations, not leftovers, make the schema."""
    engine = sa.create_engine(url)
    if engine.dialect.name == "postgresql":
        with engine.begin() as connection:
            connection.exec_driver_sql("DROP SCHEMA public CASCADE")
            connection.exec_driver_sql("CREATE SCHEMA public")
    engine.dispose()


class ConnectionBoundSession(Session):
    """Flask-SQLAlchemy's session picks an engine for every statement; in tests every session
    must instead use the one connection whose transaction is rolled back at the end."""

    def get_bind(self, mapper=None, clause=None, bind=None, **kwargs):
        return self.bind if self.bind is not None else super().get_bind(mapper, clause, bind, **kwargs)


class RequestClient(FlaskClient):
    """Runs each request in its own application context, as a server does.

    Without this a request would reuse the test's context and with it ``g`` (the signed-in
    user and their roles) and the test's database session, hiding bugs that a real server,
    where every request starts afresh, would show.
    """

    def open(self, *args, **kwargs):
        with self.application.app_context():
            return super().open(*args, **kwargs)


@pytest.fixture(scope="session")
def app(tmp_path_factory):
    url = database_url(tmp_path_factory)
    reset_database(url)
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SERVER_NAME": "localhost"})
    app.test_client_class = RequestClient
    with app.app_context():
        upgrade()
        db.engine.dispose()
    yield app
    # Close pooled connections so the run ends without unclosed-connection warnings.
    with app.app_context():
        db.engine.dispose()


@pytest.fixture
def db_session(app):
    """A session whose work, and every request's, is rolled back after the test."""
    with app.app_context():
        connection = db.engine.connect()
        transaction = connection.begin()
        original = db.session
        db.session = db._make_scoped_session(
            {"bind": connection, "join_transaction_mode": "create_savepoint", "class_": ConnectionBoundSession}
        )
        try:
            yield db.session
        finally:
            db.session.remove()
            db.session = original
            transaction.rollback()
            connection.close()


@pytest.fixture
def client(app, db_session):
    return app.test_client()


@pytest.fixture
def pages(client):
    """Request pages by endpoint name, sign in, and check each page is well formed."""
    return PageClient(client)


@pytest.fixture(autouse=True)
def no_unexpected_email(monkeypatch):
    """Any SMTP connection a test did not ask for (with ``smtp_server``) fails the test."""

    def refuse(*args, **kwargs):
        raise AssertionError("unexpected SMTP connection: use the smtp_server fixture")

    monkeypatch.setattr("talent.notifications.services.smtplib.SMTP", refuse)


@pytest.fixture
def smtp_server(app, monkeypatch):
    """A real SMTP server on a free local port; ``.messages`` holds what arrived."""
    monkeypatch.setattr("talent.notifications.services.smtplib.SMTP", REAL_SMTP)
    server = LocalSmtpServer()
    monkeypatch.setitem(app.config, "SMTP_HOST", "127.0.0.1")
    monkeypatch.setitem(app.config, "SMTP_PORT", server.port)
    yield server
    server.stop()


@pytest.fixture
def count_queries(app, db_session):
    """Count SQL statements run inside a ``with count_queries() as counter:`` block."""

    class Counter:
        def __init__(self):
            self.count = 0

        def __enter__(self):
            sa.event.listen(db.engine, "before_cursor_execute", self._count)
            return self

        def __exit__(self, *exc):
            sa.event.remove(db.engine, "before_cursor_execute", self._count)

        def _count(self, *args, **kwargs):
            self.count += 1

    return Counter


@pytest.fixture
def trust_with_cycle(db_session):
    """A trust in the North West with this year's appraisal cycle (April to March) and the frameworks."""
    from datetime import date

    from talent.appraisals import services as appraisal_services
    from talent.standards import services as standard_services
    from tests.factories import create_organisation

    standard_services.seed_frameworks()
    trust = create_organisation(region_code="Y62")
    today = date.today()
    year = today.year if today.month >= 4 else today.year - 1
    cycle = appraisal_services.create_cycle(trust, year=year, opens_on=date(year, 4, 1), due_on=date(year + 1, 3, 31))
    return trust, cycle
