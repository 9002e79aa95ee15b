"""Flask-Login wiring: sessions identify an account by its rotating session token."""

from flask import Flask
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from talent.auth.models import Account
from talent.extensions import db, login_manager


def init_app(app: Flask) -> None:
    login_manager.login_view = "auth.sign_in"
    login_manager.login_message = "Sign in to continue."
    login_manager.login_message_category = "info"
    # "strong" drops the session if the client's address or browser changes mid-session.
    login_manager.session_protection = "strong"

    @login_manager.user_loader
    def load_account(session_token: str) -> Account | None:
        query = (
            select(Account)
            .where(Account.session_token == session_token, Account.is_enabled.is_(True))
            .options(selectinload(Account.role_assignments))
        )
        return db.session.scalar(query)
