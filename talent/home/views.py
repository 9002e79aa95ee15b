from datetime import date
from functools import cache

from flask import jsonify, render_template
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from talent.auth.policy import current_principal, public, requires
from talent.extensions import db
from talent.home import bp, logger
from talent.home.queries import home_sections
from talent.home.tasks import as_task_list, tasks_for


@bp.get("/")
@requires("home.view")
def show_home():
    principal, today = current_principal(), date.today()
    tasks = tasks_for(principal, today)
    return render_template("home/home.html", sections=home_sections(principal, today), tasks=as_task_list(tasks, today))


@bp.get("/healthz")
@public
def health():
    """Alive: the process answers. A load balancer that restarts what fails this must not also
    restart every instance when the database is down, so it asks nothing of the database."""
    return jsonify(status="ok")


@bp.get("/readyz")
@public
def ready():
    """Ready for traffic: the database answers and its schema is at this code's migration head
    (an instance started before `db upgrade` finished is kept out of the pool)."""
    try:
        at = db.session.execute(text("SELECT version_num FROM alembic_version")).scalars().all()
    except SQLAlchemyError:
        logger.exception("readiness check: database unavailable")
        db.session.rollback()
        return jsonify(status="unavailable", database="unavailable"), 503
    head = migration_head()
    if at != [head]:
        return jsonify(status="unavailable", database="ok", migrations=at, expected=head), 503
    return jsonify(status="ok", database="ok", migrations=at)


@cache
def migration_head() -> str:
    """The newest migration this code knows, read once from the migrations folder."""
    from alembic.script import ScriptDirectory
    from flask import current_app

    return ScriptDirectory(current_app.extensions["migrate"].directory).get_current_head()
