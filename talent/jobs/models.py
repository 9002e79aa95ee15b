from datetime import date, datetime

from sqlalchemy import JSON, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from talent.db import UTCDateTime, utcnow
from talent.extensions import db


class JobRun(db.Model):
    """One run of a job for one scheduled slot. The unique (job, slot) pair is the lock: a second
    scheduler firing the same job for the same slot cannot insert its row, and skips."""

    __tablename__ = "job_runs"
    __table_args__ = (UniqueConstraint("job_id", "slot", name="uq_job_runs_job_slot"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    job_id: Mapped[str] = mapped_column(String(60), index=True)
    #: The scheduled time the run is for, to the minute, as text (the same on both engines).
    slot: Mapped[str] = mapped_column(String(40))
    started_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: running, succeeded or failed.
    outcome: Mapped[str] = mapped_column(String(20), default="running")
    counts: Mapped[dict] = mapped_column(JSON, default=dict)
    error: Mapped[str | None] = mapped_column(String(500))


class Reminder(db.Model):
    """A reminder that has been sent, keyed so that it is never sent twice for the same event."""

    __tablename__ = "reminders"
    __table_args__ = (UniqueConstraint("kind", "subject_type", "subject_id", "due_on", name="uq_reminders_event"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(60))
    subject_type: Mapped[str] = mapped_column(String(40))
    subject_id: Mapped[int]
    due_on: Mapped[date]
    sent_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
