"""A live Talent server on its own database with the small demo data, and Debian's Chromium.

The browser tests never fall back to doing nothing: if Chromium is not at /usr/bin/chromium
the tests fail with the command that installs it.
"""

import threading
from pathlib import Path

import pytest
from flask_migrate import upgrade
from playwright.sync_api import sync_playwright
from werkzeug.serving import make_server

from talent import create_app
from talent.demo import services as demo_services
from talent.extensions import db
from tests.conftest import reset_database, scratch_database_url

CHROMIUM = Path("/usr/bin/chromium")
# Headless Chromium as root on a closed network: no sandbox, and no background calls home.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def live_server(tmp_path_factory):
    url = scratch_database_url(tmp_path_factory, "browser")
    reset_database(url)
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "DEMO_PASSWORD": DEMO_PASSWORD})
    with app.app_context():
        upgrade()
        demo_services.load_demo_data("small")
        db.session.commit()
    server = make_server("127.0.0.1", 0, closing_each_response(app), threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=10)
    with app.app_context():
        db.engine.dispose()


DEMO_PASSWORD = "browser-test-demo-password"


def closing_each_response(app):
    """``app`` with every response body read and closed before werkzeug's server sends it.

    When the browser drops a connection while werkzeug's development server drains the request
    (a navigation cancelling a script download), the server never closes the response, and the
    static file it was sending is left open; the suite turns the resulting ResourceWarning into
    a failure of whichever test is running. Bodies here are pages and small static files."""

    def wsgi(environ, start_response):
        body = app(environ, start_response)
        try:
            return [b"".join(body)]
        finally:
            if hasattr(body, "close"):
                body.close()

    return wsgi


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        pytest.fail("Browser tests need Debian's Chromium: apt-get install chromium")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context()
    page = context.new_page()
    yield page
    context.close()
