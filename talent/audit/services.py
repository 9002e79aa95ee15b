"""Recording audit events, checking the chain, and searching the log."""

import hashlib
import json
from dataclasses import dataclass

from sqlalchemy import select

from talent.audit.events import check_fields
from talent.audit.models import AuditChainHead, AuditEvent
from talent.db import utcnow
from talent.extensions import db

GENESIS = "0" * 64


def _digest(previous_hash: str, event: AuditEvent) -> str:
    """The hash of an entry: its content and the previous entry's hash, in a canonical form."""
    content = {
        "previous_hash": previous_hash,
        "occurred_at": event.occurred_at.isoformat(),
        "kind": event.kind,
        "actor_account_id": event.actor_account_id,
        "subject_type": event.subject_type,
        "subject_id": event.subject_id,
        "data": event.data,
    }
    canonical = json.dumps(content, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(canonical.encode()).hexdigest()


def record_event(kind: str, *, actor=None, subject=None, **fields) -> AuditEvent:
    """Append an event to the log, in the caller's transaction.

    :param actor: the acting :class:`~talent.auth.models.Account`, or None for the system.
    :param subject: the model the event is about (its table name and id are kept).
    :raises ValueError: if ``fields`` are not exactly those declared for ``kind``.
    """
    check_fields(kind, fields)
    head = db.session.scalar(select(AuditChainHead).where(AuditChainHead.id == 1).with_for_update())
    if head is None:
        head = AuditChainHead(id=1, last_hash=GENESIS)
        db.session.add(head)
    event = AuditEvent(
        occurred_at=utcnow().replace(microsecond=0),
        kind=kind,
        actor_account_id=getattr(actor, "id", None),
        subject_type=subject.__tablename__ if subject is not None else None,
        subject_id=getattr(subject, "id", None),
        data=json.loads(json.dumps(fields, default=str)),
        previous_hash=head.last_hash,
    )
    event.hash = _digest(head.last_hash, event)
    head.last_hash = event.hash
    db.session.add(event)
    db.session.flush()
    return event


@dataclass
class ChainCheck:
    checked: int
    broken_at: AuditEvent | None = None
    reason: str = ""


def verify_chain(batch_size: int = 5000) -> ChainCheck:
    """Walk the log in id order and report the first entry whose link or hash does not hold."""
    previous_hash = GENESIS
    checked = 0
    last_id = 0
    while True:
        batch = db.session.scalars(
            select(AuditEvent).where(AuditEvent.id > last_id).order_by(AuditEvent.id).limit(batch_size)
        ).all()
        if not batch:
            break
        for event in batch:
            if event.previous_hash != previous_hash:
                return ChainCheck(checked, event, "does not follow the entry before it (an entry was removed)")
            if _digest(previous_hash, event) != event.hash:
                return ChainCheck(checked, event, "its content does not match its hash (it was altered)")
            previous_hash = event.hash
            checked += 1
        last_id = batch[-1].id
        db.session.expunge_all()
    head = db.session.get(AuditChainHead, 1)
    if head is not None and head.last_hash != previous_hash:
        return ChainCheck(checked, None, "the newest entries are missing (the log was cut short)")
    return ChainCheck(checked)
