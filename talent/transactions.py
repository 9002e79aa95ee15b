"""One transaction per request: services flush, this commits once or rolls back.

A successful response (below 400) commits; anything else rolls back, so a refused request
leaves nothing behind. Views run each service call through :func:`service_call`, which wraps
it in a savepoint, so a rule violation raised half-way through a service undoes that
service's own flushed writes even when the page is then re-rendered with a 200.
"""

from contextlib import contextmanager

from flask import Flask
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError

from talent.errors import Conflict
from talent.extensions import db

STALE_MESSAGE = "Someone else changed this record while you were editing it. Reload the page and try again."


@contextmanager
def service_call():
    """Run a service in a savepoint; roll the savepoint back if it raises."""
    savepoint = db.session.begin_nested()
    try:
        yield
        db.session.flush()
    except StaleDataError:
        savepoint.rollback()
        raise Conflict(STALE_MESSAGE) from None
    except BaseException:
        # A refused sign-in commits what it counted before refusing (see auth.services), which
        # ends the savepoint with the rest of the transaction; nothing is left to roll back.
        if savepoint.is_active:
            savepoint.rollback()
        raise
    else:
        if savepoint.is_active:
            savepoint.commit()


def add_once(row, refusal: Exception) -> None:
    """Insert ``row``, or raise ``refusal`` if a unique constraint finds it already there (someone
    did the same a moment ago, in a transaction that committed first), leaving the rest of the
    transaction as it was."""
    savepoint = db.session.begin_nested()
    try:
        db.session.add(row)
        db.session.flush()
    except IntegrityError:
        savepoint.rollback()
        raise refusal from None
    savepoint.commit()


def init_app(app: Flask) -> None:
    @app.after_request
    def commit_or_roll_back(response):
        if response.status_code < 400:
            # Version conflicts surface at flush inside service_call, before this point.
            db.session.commit()
        else:
            db.session.rollback()
        return response
