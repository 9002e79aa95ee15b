"""Jinja set-up for the NHS.UK design system templates, filters and page-wide variables."""

import time

from flask import Flask, current_app, g, request
from jinja2 import ChainableUndefined, ChoiceLoader, FileSystemLoader, PackageLoader
from sqlalchemy import exists, select

from talent import dates
from talent.auth import navigation
from talent.auth.policy import can, current_principal
from talent.demo.models import DemoDataset
from talent.extensions import db
from talent.notifications import services as notification_services

#: Whether demo data is loaded, per process, and when it was last asked: it changes only when
#: `flask demo-data` runs, so asking the database on every page (one query of the home page's
#: few) is wasted; a worker notices within DEMO_FLAG_SECONDS.
_demo_flag: dict[str, tuple[bool, float]] = {}


def demo_data_loaded() -> bool:
    if "demo_data_loaded" not in g:
        url = str(db.engine.url)
        known, asked_at = _demo_flag.get(url, (False, float("-inf")))
        if time.monotonic() - asked_at >= current_app.config["DEMO_FLAG_SECONDS"]:
            known = bool(db.session.scalar(select(exists().where(DemoDataset.id.is_not(None)))))
            _demo_flag[url] = (known, time.monotonic())
        g.demo_data_loaded = known
    return g.demo_data_loaded


def init_app(app: Flask) -> None:
    # nhsuk-frontend-jinja's macros read optional params freely, which needs ChainableUndefined.
    app.jinja_env.undefined = ChainableUndefined
    # Escape everything, including the design system's .jinja macro files, which Flask's default
    # (escape .html only) would leave raw: their params carry user-entered text.
    app.jinja_env.autoescape = True
    app.jinja_env.loader = ChoiceLoader([FileSystemLoader(app.template_folder), PackageLoader("nhsuk_frontend_jinja")])
    app.jinja_env.filters["nhs_date"] = dates.nhs_date
    app.jinja_env.filters["nhs_datetime"] = dates.nhs_datetime
    app.jinja_env.globals["can"] = lambda permission, obj=None: can(current_principal(), permission, obj)

    @app.context_processor
    def page_context():
        principal = current_principal()
        return {
            "service_name": app.config["SERVICE_NAME"],
            "principal": principal,
            "navigation_items": navigation.items_for(
                principal,
                request.endpoint,
                unread=lambda: notification_services.open_count(principal.account.id),
            ),
            "demo_data_loaded": demo_data_loaded,
        }
