"""Talent: leadership development and talent management for the NHS in England."""

from pathlib import Path

from flask import Flask

from config import select_config

ROOT = Path(__file__).resolve().parent.parent


def create_app(config=None) -> Flask:
    """Build the application.

    :param config: a config class or mapping; by default chosen by ``TALENT_ENV``.
    """
    app = Flask(__name__, template_folder=str(ROOT / "templates"), instance_path=str(ROOT / "instance"))
    if config is None:
        app.config.from_object(select_config())
    elif isinstance(config, dict):
        app.config.from_object(select_config("testing"))
        app.config.update(config)
    else:
        app.config.from_object(config)

    # Order matters: models must be imported before Migrate inspects metadata, the login
    # manager before any blueprint uses current_user, and templating before error handlers
    # render pages.
    from talent import models  # noqa: F401  (registers every table on the metadata)
    from talent.routing import IdConverter

    if app.config.get("TRUSTED_PROXIES"):
        from werkzeug.middleware.proxy_fix import ProxyFix

        # The client's address (for sign-in throttling) is read through exactly this many proxies.
        hops = app.config["TRUSTED_PROXIES"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)

    # Before any blueprint: their rules use <id:...>.
    app.url_map.converters["id"] = IdConverter
    from talent.extensions import csrf, db, login_manager, migrate

    db.init_app(app)
    migrate.init_app(app, db, directory=str(ROOT / "migrations"), render_as_batch=True, compare_type=True)
    login_manager.init_app(app)
    csrf.init_app(app)

    from talent import requestlog, security, templating, transactions
    from talent.auth import sessions

    requestlog.init_app(app)

    sessions.init_app(app)
    templating.init_app(app)
    security.init_app(app)
    transactions.init_app(app)

    from talent import errorpages

    errorpages.init_app(app)
    _register_blueprints(app)
    _register_commands(app)

    # Last, so that jobs started in-process find a fully built application.
    from talent.jobs import scheduler

    scheduler.init_app(app)
    return app


def _register_blueprints(app: Flask) -> None:
    # Each module's api.py adds its endpoints to the API blueprint when imported.
    from talent.api import bp as api_bp
    from talent.api import views as api_views  # noqa: F401
    from talent.appraisals import api as appraisals_api  # noqa: F401
    from talent.appraisals import api_reports as appraisal_reports_api  # noqa: F401
    from talent.appraisals.views import bp as appraisals_bp
    from talent.audit.views import bp as audit_bp
    from talent.auth import api as auth_api  # noqa: F401
    from talent.auth.views import bp as auth_bp
    from talent.edi import api as edi_api  # noqa: F401
    from talent.edi.views import bp as edi_bp
    from talent.home.views import bp as home_bp
    from talent.insights.views import bp as insights_bp
    from talent.jobs.views import bp as jobs_bp
    from talent.ned import api as ned_api  # noqa: F401
    from talent.ned.views import bp as ned_bp
    from talent.notifications import api as notifications_api  # noqa: F401
    from talent.notifications.views import bp as notifications_bp
    from talent.orgs import api as orgs_api  # noqa: F401
    from talent.orgs.views import bp as orgs_bp
    from talent.people import api as people_api  # noqa: F401
    from talent.people.views import bp as people_bp
    from talent.pipeline import api as pipeline_api  # noqa: F401
    from talent.pipeline import challenged_api, challenged_views  # noqa: F401
    from talent.pipeline.views import bp as pipeline_bp
    from talent.programmes import api as programmes_api  # noqa: F401
    from talent.programmes.views import bp as programmes_bp
    from talent.standards import api as standards_api  # noqa: F401
    from talent.standards.views import bp as standards_bp

    for blueprint in (
        home_bp,
        auth_bp,
        orgs_bp,
        people_bp,
        edi_bp,
        standards_bp,
        programmes_bp,
        appraisals_bp,
        pipeline_bp,
        ned_bp,
        insights_bp,
        audit_bp,
        notifications_bp,
        jobs_bp,
        api_bp,
    ):
        app.register_blueprint(blueprint)
    # The API authenticates with bearer tokens, never the session cookie, so CSRF cannot apply.
    from talent.extensions import csrf

    csrf.exempt(api_bp)


def _register_commands(app: Flask) -> None:
    from talent.audit.cli import audit_cli
    from talent.auth.cli import accounts_cli
    from talent.demo.cli import demo_data
    from talent.jobs.cli import scheduler_cli
    from talent.orgs.cli import orgs_cli
    from talent.people.cli import people_cli
    from talent.programmes.cli import programmes_cli
    from talent.standards.cli import standards_cli

    for command in (
        orgs_cli,
        people_cli,
        standards_cli,
        programmes_cli,
        accounts_cli,
        audit_cli,
        scheduler_cli,
        demo_data,
    ):
        app.cli.add_command(command)
