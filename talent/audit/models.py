from datetime import datetime

from sqlalchemy import JSON, BigInteger, CheckConstraint, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from talent.db import UTCDateTime, utcnow
from talent.extensions import db


class AuditEvent(db.Model):
    """One entry in the audit log. Rows are only ever inserted; each carries the hash of the
    previous row, so an edited or deleted row breaks the chain (``flask audit verify``)."""

    __tablename__ = "audit_events"
    __table_args__ = (
        Index("ix_audit_events_kind_occurred_at", "kind", "occurred_at"),
        # A record's history: its entries in order.
        Index("ix_audit_events_subject", "subject_type", "subject_id", "id"),
    )

    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True)
    occurred_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    kind: Mapped[str] = mapped_column(String(60))
    #: The account that acted; None for the system (jobs, imports) or an unknown visitor.
    actor_account_id: Mapped[int | None] = mapped_column(index=True)
    subject_type: Mapped[str | None] = mapped_column(String(40))
    subject_id: Mapped[int | None]
    data: Mapped[dict] = mapped_column(JSON, default=dict)
    previous_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64), unique=True)

    def __repr__(self) -> str:
        return f"<AuditEvent {self.id} {self.kind}>"


class AuditChainHead(db.Model):
    """A single row holding the newest hash. Writers lock it (SELECT ... FOR UPDATE), so two
    requests recording at once take turns instead of both chaining onto the same entry."""

    __tablename__ = "audit_chain_head"
    __table_args__ = (CheckConstraint("id = 1", name="single_row"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    last_hash: Mapped[str] = mapped_column(String(64))
