from datetime import date

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
    try:
        db.session.execute(text("SELECT 1"))
    except SQLAlchemyError:
        logger.exception("health check: database unavailable")
        return jsonify(status="unhealthy", database="unavailable"), 503
    return jsonify(status="ok", database="ok")
