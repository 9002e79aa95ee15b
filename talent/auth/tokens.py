"""API tokens: created by signing in with email and password, listed and revoked by their owner."""

import hashlib
import secrets
from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from talent.audit.services import record_event
from talent.auth import services as auth_services
from talent.auth.models import Account, ApiToken
from talent.db import utcnow
from talent.errors import Forbidden, NotFound
from talent.extensions import db

#: Marks Talent tokens, so secret scanners and people can recognise a leaked one.
TOKEN_PREFIX = "tal_"  # noqa: S105 (a prefix, not a secret)
#: Longest a token may live; short-lived tokens limit the harm of a leaked one.
MAXIMUM_DAYS = 90


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def create_token(email: str, password: str, *, address: str, name: str, expires_in_days: int) -> tuple[ApiToken, str]:
    """Check the credentials as the sign-in page does (same lock-out and audit) and issue a token.

    :returns: the token record and the token itself, which is never shown again.
    :raises Forbidden: for wrong credentials or a locked account.
    """
    result = auth_services.sign_in(email, password, address=address)
    if result.account is None:
        raise Forbidden(result.error)
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    record = ApiToken(
        account=result.account,
        name=name,
        token_hash=_hash(token),
        expires_at=utcnow() + timedelta(days=min(expires_in_days, MAXIMUM_DAYS)),
    )
    db.session.add(record)
    db.session.flush()
    record_event(
        "api_token_created", actor=result.account, subject=record, token_id=record.id, expires_at=record.expires_at
    )
    return record, token


def account_for_bearer(header: str) -> Account | None:
    """The account behind an ``Authorization: Bearer`` header, if the token is live."""
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.startswith(TOKEN_PREFIX):
        return None
    record = db.session.scalar(
        select(ApiToken)
        .where(ApiToken.token_hash == _hash(token.strip()))
        .options(selectinload(ApiToken.account).selectinload(Account.role_assignments))
    )
    now = utcnow()
    if record is None or record.revoked_at or record.expires_at <= now or not record.account.is_enabled:
        return None
    record.last_used_at = now
    return record.account


def list_tokens(account: Account) -> list[ApiToken]:
    query = select(ApiToken).where(ApiToken.account_id == account.id).order_by(ApiToken.created_at.desc())
    return list(db.session.scalars(query))


def get_token(token_id: int) -> ApiToken:
    token = db.session.get(ApiToken, token_id)
    if token is None:
        raise NotFound("No such token")
    return token


def revoke_token(token: ApiToken, *, actor: Account) -> None:
    if token.revoked_at is None:
        token.revoked_at = utcnow()
        record_event("api_token_revoked", actor=actor, subject=token, token_id=token.id)
    db.session.flush()
