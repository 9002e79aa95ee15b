"""Accounts: creating them, signing in with throttling, and giving roles."""

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import select

from talent.audit.services import record_event
from talent.auth.models import Account, Role, RoleAssignment, Scope
from talent.auth.passwords import dummy_hash, hash_password, password_problem, verify_password
from talent.db import utcnow
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


def sign_in(email: str, password: str, *, now: datetime | None = None) -> SignInResult:
    """Check a sign-in attempt, counting failures and locking the account after too many.

    The same message is given for an unknown email and a wrong password. A locked account is
    refused even with the right password until the lock expires.

    :returns: the account on success, or an error message to show.
    """
    now = now or utcnow()
    account = db.session.scalar(select(Account).where(Account.email == normalise_email(email)))
    if account is None or not account.is_enabled:
        verify_password(dummy_hash(), password)
        record_event("sign_in_failed", email=normalise_email(email)[:254], reason="no such account")
        return SignInResult(None, SIGN_IN_FAILED)
    if account.locked_until and account.locked_until > now:
        record_event("sign_in_failed", subject=account, email=account.email, reason="account locked")
        return SignInResult(None, _locked_message(account.locked_until - now))
    if not verify_password(account.password_hash, password):
        record_event("sign_in_failed", subject=account, email=account.email, reason="wrong password")
        account.failed_sign_ins += 1
        limit = current_app.config["SIGN_IN_MAX_FAILURES"]
        if account.failed_sign_ins >= limit:
            lock = timedelta(minutes=current_app.config["SIGN_IN_LOCK_MINUTES"])
            account.locked_until = now + lock
            account.failed_sign_ins = 0
            db.session.flush()
            return SignInResult(None, _locked_message(lock))
        db.session.flush()
        return SignInResult(None, SIGN_IN_FAILED)
    account.failed_sign_ins = 0
    account.locked_until = None
    account.last_signed_in_at = now
    record_event("signed_in", actor=account, subject=account, email=account.email)
    return SignInResult(account)


def _locked_message(remaining: timedelta) -> str:
    minutes = max(1, round(remaining.total_seconds() / 60))
    unit = "minute" if minutes == 1 else "minutes"
    return f"Too many failed sign-in attempts. Try again in {minutes} {unit}"


def sign_out_everywhere(account: Account) -> None:
    """Rotate the session token so every existing session cookie stops working."""
    account.session_token = secrets.token_urlsafe(32)
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
    """Replace the password and sign the account out everywhere.

    :raises RuleViolation: if the password fails the policy.
    """
    problem = password_problem(password, email=account.email)
    if problem:
        raise RuleViolation(problem, field="password")
    account.password_hash = hash_password(password)
    sign_out_everywhere(account)
    record_event("password_changed", actor=actor, subject=account)


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
