import pytest

from config import Production, normalise_database_url, select_config
from talent import create_app


def test_testing_config_is_used_for_a_mapping():
    app = create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://"})
    assert app.config["TESTING"] is True


@pytest.mark.parametrize("missing", ["SECRET_KEY", "DATABASE_URL"])
def test_production_refuses_to_start_without_its_secrets(monkeypatch, missing):
    monkeypatch.setenv("SECRET_KEY", "a-real-secret-from-the-environment")
    monkeypatch.setenv("DATABASE_URL", "postgresql://talent@db/talent")
    monkeypatch.delenv(missing)
    with pytest.raises(RuntimeError, match=missing):
        select_config("production")


def test_production_reads_its_settings_from_the_environment(monkeypatch):
    monkeypatch.setenv("SECRET_KEY", "a-real-secret-from-the-environment")
    monkeypatch.setenv("DATABASE_URL", "postgresql://talent@db/talent")
    config = select_config("production")
    assert config is Production
    assert config.SQLALCHEMY_DATABASE_URI == "postgresql+psycopg://talent@db/talent"
    assert config.SESSION_COOKIE_SECURE is True


def test_unknown_environment_name_is_refused():
    with pytest.raises(RuntimeError, match="Unknown TALENT_ENV"):
        select_config("staging-ish")


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("postgres://u@h/d", "postgresql+psycopg://u@h/d"),
        ("postgresql://u@h/d", "postgresql+psycopg://u@h/d"),
        ("postgresql+psycopg://u@h/d", "postgresql+psycopg://u@h/d"),
        ("sqlite:///x.db", "sqlite:///x.db"),
    ],
)
def test_database_urls_use_the_installed_driver(url, expected):
    assert normalise_database_url(url) == expected
