from sqlalchemy.exc import OperationalError

from talent.extensions import db


def test_health_reports_the_database_is_reachable(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json == {"status": "ok", "database": "ok"}


def test_health_says_when_the_database_is_down(client, monkeypatch):
    def unreachable(*args, **kwargs):
        raise OperationalError("SELECT 1", {}, Exception("connection refused"))

    monkeypatch.setattr(db.session, "execute", unreachable)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json == {"status": "unhealthy", "database": "unavailable"}
