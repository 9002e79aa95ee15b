from sqlalchemy.exc import OperationalError

from talent.extensions import db
from talent.home import views as home_views


def test_health_is_alive_without_asking_the_database(client, monkeypatch):
    def unreachable(*args, **kwargs):
        raise OperationalError("SELECT 1", {}, Exception("connection refused"))

    monkeypatch.setattr(db.session, "execute", unreachable)
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json == {"status": "ok"}


def test_ready_needs_the_database_at_the_migration_head(client, monkeypatch, db_session):
    # Tests build tables without Alembic, so record the head as `flask db upgrade` would.
    head = home_views.migration_head()
    db.session.execute(db.text("CREATE TABLE IF NOT EXISTS alembic_version (version_num VARCHAR(32) NOT NULL)"))
    db.session.execute(db.text("DELETE FROM alembic_version"))
    db.session.execute(db.text("INSERT INTO alembic_version VALUES (:head)"), {"head": head})
    ready = client.get("/readyz")
    assert ready.status_code == 200
    assert ready.json == {"status": "ok", "database": "ok", "migrations": [head]}

    db.session.execute(db.text("UPDATE alembic_version SET version_num = '0001_create_foundation_tables'"))
    behind = client.get("/readyz")
    assert behind.status_code == 503
    assert behind.json["expected"] == head


def test_ready_says_when_the_database_is_down(client, monkeypatch):
    def unreachable(*args, **kwargs):
        raise OperationalError("SELECT", {}, Exception("connection refused"))

    monkeypatch.setattr(db.session, "execute", unreachable)
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json == {"status": "unavailable", "database": "unavailable"}


def test_every_response_carries_a_request_id_and_keeps_a_sane_one_it_was_given(client):
    made = client.get("/healthz").headers["X-Request-ID"]
    assert len(made) == 32
    assert client.get("/healthz", headers={"X-Request-ID": "lb-1234abcd"}).headers["X-Request-ID"] == "lb-1234abcd"
    odd = client.get("/healthz", headers={"X-Request-ID": "<script>"}).headers["X-Request-ID"]
    assert odd != "<script>"
    assert len(odd) == 32
