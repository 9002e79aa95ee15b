"""Accounts: creating them, signing in with throttling, and giving roles."""

import hashlib
import math
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cache

from flask import current_app
from sqlalchemy import and_, bindparam, delete, or_, select, update
from sqlalchemy.orm import joinedload

from talent.audit.services import record_event
from talent.auth.models import (
    Account,
    ApiToken,
    Role,
    RoleAssignment,
    Scope,
    SignedInSession,
    SignInThrottle,
    ThrottleScope,
)
from talent.auth.passwords import dummy_hash, hash_password, password_problem, verify_password
from talent.db import insert_or_ignore, utcnow
from talent.errors import RuleViolation
from talent.extensions import db
from talent.orgs.models import Organisation, Region
from talent.people.models import Person

SIGN_IN_FAILED = "Enter a correct email address and password"


@dataclass
class SignInResult:
    account: Account | None
    error: str | None = None


def normalise_email(email: str) -> str:
    return email.strip().lower()


def _key(*parts: str) -> str:
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()


def _throttles(email: str, address: str) -> list[SignInThrottle]:
    """The three counts an attempt falls under, each created if new and locked for this
    transaction, so that parallel attempts on the same email or address queue instead of each
    reading the same count."""
    keys = sorted(
        [
            (ThrottleScope.PAIR.value, _key(email, address)),
            (ThrottleScope.ADDRESS.value, _key(address)),
            (ThrottleScope.ACCOUNT.value, _key(email)),
        ]
    )
    for scope, key in keys:
        db.session.execute(insert_or_ignore(SignInThrottle, scope=scope, key_hash=key, failures=0))
    wanted = [and_(SignInThrottle.scope == ThrottleScope(scope), SignInThrottle.key_hash == key) for scope, key in keys]
    query = (
        select(SignInThrottle)
        .where(or_(*wanted))
        .order_by(SignInThrottle.scope, SignInThrottle.key_hash)
        .with_for_update()
        .execution_options(populate_existing=True)
    )
    return list(db.session.scalars(query))


def _delay(failures: int, allowed: int) -> timedelta | None:
    """No wait within the allowance; past it, the first delay doubled for each further failure."""
    if failures < allowed:
        return None
    config = current_app.config
    seconds = config["SIGN_IN_FIRST_DELAY_SECONDS"] * 2 ** min(failures - allowed, 20)
    return timedelta(seconds=min(seconds, config["SIGN_IN_LONGEST_DELAY_SECONDS"]))


def _count_failure(throttles: list[SignInThrottle], now: datetime) -> datetime | None:
    """Add a failure to each count; return until when the next attempt must wait, if it must."""
    forget_after = current_app.config["SIGN_IN_FORGET_FAILURES_AFTER"]
    allowances = current_app.config["SIGN_IN_FREE_FAILURES"]
    until = None
    for throttle in throttles:
        if throttle.last_failed_at and now - throttle.last_failed_at > forget_after:
            throttle.failures = 0
        throttle.failures += 1
        throttle.last_failed_at = now
        delay = _delay(throttle.failures, allowances[throttle.scope.value])
        if delay is not None:
            throttle.blocked_until = now + delay
            until = max(until or throttle.blocked_until, throttle.blocked_until)
    return until


def _commit_regardless() -> None:
    # The one place a service commits: a refused sign-in answers with an error (403 from the
    # API), and the request's transaction is rolled back on errors. Failures, throttles and their
    # audit entries must outlive that, or a guesser could try for ever unrecorded.
    db.session.commit()


def sign_in(email: str, password: str, *, address: str, now: datetime | None = None) -> SignInResult:
    """Check a sign-in attempt from ``address`` (the client's IP address), throttling failures.

    Failures are counted for the email from this address, for this address, and for the email
    from anywhere (see ``SIGN_IN_FREE_FAILURES``); past each allowance the next attempt must wait,
    twice as long after each further failure. A throttled attempt is refused without checking
    the password. Unknown emails are counted, checked and answered exactly as known ones, so
    neither the message nor the time taken says whether an account exists. Failures and throttles
    are committed even though the request then fails.

    :returns: the account on success, or an error message to show.
    """
    now = now or utcnow()
    email = normalise_email(email)[:254]
    address = (address or "unknown")[:64]
    throttles = _throttles(email, address)
    blocked = [t for t in throttles if t.blocked_until and t.blocked_until > now]
    if blocked:
        longest = max(blocked, key=lambda t: t.blocked_until)
        record_event(
            "sign_in_throttled",
            email=email,
            scope=longest.scope.value,
            address=address,
            until=longest.blocked_until,
        )
        _commit_regardless()
        return SignInResult(None, _throttled_message(longest.blocked_until - now))
    account = db.session.scalar(select(Account).where(Account.email == email))
    if account is None or not account.is_enabled:
        verify_password(dummy_hash(), password)
        account = None
    elif verify_password(account.password_hash, password):
        pair = next(t for t in throttles if t.scope is ThrottleScope.PAIR)
        pair.failures, pair.blocked_until = 0, None
        account.last_signed_in_at = now
        record_event("signed_in", actor=account, subject=account, email=account.email)
        return SignInResult(account)
    record_event(
        "sign_in_failed",
        subject=account,
        email=email,
        reason="wrong password" if account else "no such account",
    )
    until = _count_failure(throttles, now)
    _commit_regardless()
    if until is not None:
        return SignInResult(None, _throttled_message(until - now))
    return SignInResult(None, SIGN_IN_FAILED)


def _throttled_message(remaining: timedelta) -> str:
    minutes = max(1, math.ceil(remaining.total_seconds() / 60))
    unit = "minute" if minutes == 1 else "minutes"
    return f"Too many failed sign-in attempts. Try again in {minutes} {unit}"


def start_session(account: Account) -> str:
    """Record a new signed-in session for ``account`` and return its key for the cookie."""
    key = secrets.token_urlsafe(32)
    db.session.add(SignedInSession(account=account, key_hash=_key(key)))
    db.session.flush()
    account.signed_in_session_key = key
    return key


@cache
def _session_account_query():
    """Built once, like the policy's line-manager question: every signed-in request asks it."""
    return (
        select(Account)
        .join(SignedInSession, SignedInSession.account_id == Account.id)
        .where(
            SignedInSession.key_hash == bindparam("key_hash"),
            SignedInSession.started_at > bindparam("started_after", type_=SignedInSession.started_at.type),
            Account.is_enabled.is_(True),
        )
        # One round trip: an account holds a handful of role assignments.
        .options(joinedload(Account.role_assignments))
    )


def account_for_session(key: str, *, now: datetime | None = None) -> Account | None:
    """The enabled account whose live session has this key, or None."""
    lifetime = current_app.config["PERMANENT_SESSION_LIFETIME"]
    account = (
        db.session.scalars(
            _session_account_query(), {"key_hash": _key(key), "started_after": (now or utcnow()) - lifetime}
        )
        .unique()
        .first()
    )
    if account is not None:
        account.signed_in_session_key = key
    return account


def end_session(account: Account) -> None:
    """Sign out: the session row goes, so the cookie is worthless even if someone kept a copy."""
    if account.signed_in_session_key:
        db.session.execute(
            delete(SignedInSession).where(SignedInSession.key_hash == _key(account.signed_in_session_key))
        )
        record_event("signed_out", actor=account, subject=account)


def sign_out_everywhere(account: Account) -> None:
    """End every signed-in session of the account."""
    db.session.execute(delete(SignedInSession).where(SignedInSession.account_id == account.id))
    db.session.flush()


def create_account(email: str, password: str, *, person: Person | None = None) -> Account:
    """Create an account, refusing a weak password or an email already in use.

    :raises RuleViolation: with ``field`` set to ``email`` or ``password``.
    """
    email = normalise_email(email)
    if "@" not in email:
        raise RuleViolation("Enter an email address in the correct format, like name@nhs.net", field="email")
    if db.session.scalar(select(Account.id).where(Account.email == email)):
        raise RuleViolation("An account with this email address already exists", field="email")
    problem = password_problem(password, email=email)
    if problem:
        raise RuleViolation(problem, field="password")
    account = Account(email=email, password_hash=hash_password(password), person=person)
    db.session.add(account)
    db.session.flush()
    return account


def set_password(account: Account, password: str, *, actor: Account | None = None) -> None:
    """Replace the password, sign the account out everywhere and revoke its API tokens.

    :raises RuleViolation: if the password fails the policy.
    """
    problem = password_problem(password, email=account.email)
    if problem:
        raise RuleViolation(problem, field="password")
    account.password_hash = hash_password(password)
    sign_out_everywhere(account)
    # Anyone who held the old password may have made tokens with it.
    revoked = db.session.execute(
        update(ApiToken)
        .where(ApiToken.account_id == account.id, ApiToken.revoked_at.is_(None))
        .values(revoked_at=utcnow())
        .execution_options(synchronize_session=False)
    ).rowcount
    record_event("password_changed", actor=actor, subject=account, tokens_revoked=revoked)


def grant_role(
    account: Account,
    role: Role,
    *,
    organisation: Organisation | None = None,
    region: Region | None = None,
    actor: Account | None = None,
) -> RoleAssignment:
    """Give ``account`` a role at the scope the role needs; granting twice is a no-op.

    :raises RuleViolation: if the role is derived, or the scope does not fit the role.
    """
    if role.is_derived:
        raise RuleViolation(f"{role.label} is not given: it follows from the account's person and posts")
    if role.scope is Scope.ORGANISATION and (organisation is None or region is not None):
        raise RuleViolation(f"{role.label} needs an organisation", field="organisation")
    if role.scope is Scope.REGION and (region is None or organisation is not None):
        raise RuleViolation(f"{role.label} needs a region", field="region")
    if role.scope in (Scope.NATIONAL, Scope.VACANCY) and (organisation or region):
        raise RuleViolation(f"{role.label} is not limited to an organisation or region")
    for existing in account.role_assignments:
        if existing.role is role and existing.organisation == organisation and existing.region == region:
            return existing
    assignment = RoleAssignment(role=role, organisation=organisation, region=region)
    account.role_assignments.append(assignment)
    db.session.flush()
    record_event(
        "role_granted",
        actor=actor,
        subject=account,
        role=role.value,
        organisation_id=getattr(organisation, "id", None),
        region_id=getattr(region, "id", None),
    )
    return assignment


def purge_sign_in_records(*, now: datetime | None = None) -> dict:
    """Delete signed-in sessions past their lifetime (their cookies stopped working then) and
    failure counts that are forgotten anyway (no failure for a day and no wait in force)."""
    now = now or utcnow()
    config = current_app.config
    sessions = db.session.execute(
        delete(SignedInSession).where(SignedInSession.started_at <= now - config["PERMANENT_SESSION_LIFETIME"])
    ).rowcount
    throttles = db.session.execute(
        delete(SignInThrottle).where(
            or_(
                SignInThrottle.last_failed_at.is_(None),
                SignInThrottle.last_failed_at <= now - config["SIGN_IN_FORGET_FAILURES_AFTER"],
            ),
            or_(SignInThrottle.blocked_until.is_(None), SignInThrottle.blocked_until <= now),
        )
    ).rowcount
    return {"sessions_deleted": sessions, "throttles_deleted": throttles}
