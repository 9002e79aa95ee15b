from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from talent.auth.targets import Target
from talent.db import UTCDateTime, utcnow
from talent.extensions import db


class Notification(db.Model):
    """A message shown to one account until they dismiss it."""

    __tablename__ = "notifications"
    __table_args__ = (Index("ix_notifications_account_open", "account_id", "dismissed_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"))
    #: What the notification is about, for filtering, for example "post_ending".
    kind: Mapped[str] = mapped_column(String(60))
    title: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)
    #: A path inside the service the notification points to.
    link: Mapped[str | None] = mapped_column(String(300))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    dismissed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    def policy_target(self) -> Target:
        return Target(account_id=self.account_id)


class OutboundEmail(db.Model):
    """An email waiting to go, or gone. Written in the same transaction as the change that
    caused it, so nothing is sent for a change that rolled back; the sending job delivers it
    after commit and keeps retrying while the SMTP server is down, so nothing is lost."""

    __tablename__ = "outbound_emails"
    __table_args__ = (Index("ix_outbound_emails_pending", "sent_at", "next_attempt_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    to_address: Mapped[str] = mapped_column(String(254))
    subject: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    attempts: Mapped[int] = mapped_column(default=0)
    last_error: Mapped[str | None] = mapped_column(String(500))
    #: Set by the sender that claimed the email, so two schedulers never both send it.
    claimed_by: Mapped[str | None] = mapped_column(String(40))
    claimed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
