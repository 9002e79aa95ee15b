"""Jinja set-up for the NHS.UK design system templates, filters and page-wide variables."""

import secrets
import time
from functools import lru_cache

from flask import Flask, current_app, g, request, url_for
from flask_login import current_user
from flask_wtf.csrf import generate_csrf
from jinja2 import ChainableUndefined, ChoiceLoader, FileSystemLoader, PackageLoader
from markupsafe import Markup
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


#: Stands in for the sign-out form's CSRF token in a header built once and kept, so that the
#: token (which changes) is put in on each page while the rest is reused. Random per process, so
#: no email address or link text can contain it.
_TOKEN_SLOT = secrets.token_hex(16)

#: How many different headers (account × navigation) a process keeps.
HEADER_CACHE_SIZE = 1024


def _header_builder(app: Flask):
    """The NHS.UK header for (account email, navigation links), rendered by the design system's
    macro. It is the costliest part of every page's layout (about 1 ms of the home page's CPU)
    and depends only on its arguments, so each process keeps the ones it has built."""

    @lru_cache(maxsize=HEADER_CACHE_SIZE)
    def build(service_name: str, home_href: str, sign_out_href: str, email: str | None, navigation: tuple) -> Markup:
        header = app.jinja_env.get_template("nhsuk/components/header/macro.jinja").module.header
        account = None
        if email is not None:
            sign_out = Markup(
                '<form class="nhsuk-header__account-form" action="{}" method="post">'
                '<input type="hidden" name="csrf_token" value="{}">'
                '<button class="nhsuk-header__account-button">Sign out</button></form>'
            ).format(sign_out_href, _TOKEN_SLOT)
            account = {"items": [{"text": email, "icon": True}, {"html": sign_out}]}
        items = [
            {"href": href, "text": text, "current": current, **({"html": html} if html else {})}
            for href, text, current, html in navigation
        ]
        return header(
            {
                "service": {"text": service_name, "href": home_href},
                "account": account,
                "navigation": {"items": items} if items else None,
            }
        )

    return build


def page_header(navigation_items: list[dict]) -> Markup:
    """This page's header: the signed-in account (with its sign-out form) and ``navigation_items``."""
    email = current_user.email if current_user.is_authenticated else None
    navigation = tuple((item["href"], item["text"], item["current"], item.get("html")) for item in navigation_items)
    html = current_app.extensions["talent.page_header"](
        current_app.config["SERVICE_NAME"], url_for("home.show_home"), url_for("auth.sign_out"), email, navigation
    )
    # Markup.replace escapes the token it puts in (a URL-safe string, so unchanged).
    return html.replace(_TOKEN_SLOT, generate_csrf()) if email is not None else html


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
    app.jinja_env.globals["page_header"] = page_header
    app.extensions["talent.page_header"] = _header_builder(app)

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
