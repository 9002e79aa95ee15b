"""Flask-Login wiring: the session cookie names a signed-in session kept on the server."""

from flask import Flask

from talent.auth import services as auth_services
from talent.auth.models import Account
from talent.extensions import login_manager


def init_app(app: Flask) -> None:
    login_manager.login_view = "auth.sign_in"
    login_manager.login_message = "Sign in to continue."
    login_manager.login_message_category = "info"
    # "strong" drops the session if the client's address or browser changes mid-session.
    login_manager.session_protection = "strong"

    @login_manager.user_loader
    def load_account(session_key: str) -> Account | None:
        return auth_services.account_for_session(session_key)
