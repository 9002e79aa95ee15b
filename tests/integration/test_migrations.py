"""Migrations: one head, named by their revision, reversible, and matching the models."""

import re
from pathlib import Path

import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask_migrate import downgrade, upgrade

from talent.extensions import db

MIGRATIONS = Path(__file__).resolve().parents[2] / "migrations"


def _scripts() -> ScriptDirectory:
    config = Config(str(MIGRATIONS / "alembic.ini"))
    config.set_main_option("script_location", str(MIGRATIONS))
    return ScriptDirectory.from_config(config)


def test_there_is_one_head_and_the_head_file_names_it():
    heads = _scripts().get_heads()
    assert len(heads) == 1
    assert (MIGRATIONS / ".current-alembic-head").read_text().strip() == heads[0]


def test_each_file_is_named_after_its_revision():
    for script in _scripts().walk_revisions():
        stem = Path(script.path).stem
        assert stem == script.revision
        assert re.fullmatch(r"\d{4}_[a-z]+_[a-z_]+", stem), f"{stem} is not NNNN_<verb>_<noun>"
        # alembic_version.version_num is VARCHAR(32) on PostgreSQL; SQLite would not notice.
        assert len(script.revision) <= 32, f"{stem} is longer than 32 characters"


def test_migrated_schema_matches_the_models(app):
    """Autogenerate finds nothing to do: every model change came with a migration."""
    with app.app_context(), db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        differences = compare_metadata(context, db.metadata)
    assert differences == []


def test_migrations_downgrade_to_nothing_and_upgrade_again(app, tmp_path):
    """On a scratch database of the suite's own engine: SQLite, or PostgreSQL in CI."""
    url = app.config["SQLALCHEMY_DATABASE_URI"]
    if not url.startswith("postgresql"):
        url = f"sqlite:///{tmp_path / 'cycle-engine.db'}"
    else:
        url = _scratch_postgres_database(url)
    from talent import create_app

    scratch = create_app({"SQLALCHEMY_DATABASE_URI": url})
    with scratch.app_context():
        upgrade()
        downgrade(revision="base")
        assert sa.inspect(db.engine).get_table_names() == ["alembic_version"]
        upgrade()
        assert "role_assignments" in sa.inspect(db.engine).get_table_names()
        db.engine.dispose()


def _scratch_postgres_database(url: str) -> str:
    parsed = sa.make_url(url)
    name = f"{parsed.database}_migrations"
    admin = sa.create_engine(parsed.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}"')
        connection.exec_driver_sql(f'CREATE DATABASE "{name}"')
    admin.dispose()
    return parsed.set(database=name).render_as_string(hide_password=False)
