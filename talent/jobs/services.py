"""Running a job once for a slot, and claiming a reminder so it is sent once."""

import time
import uuid
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from talent.db import utcnow
from talent.extensions import db
from talent.jobs import logger
from talent.jobs.models import JobRun, Reminder


def claim_reminder(kind: str, subject, due_on: date) -> bool:
    """Record that the reminder (kind, subject, due date) is being sent; False if it already was.

    Runs in a savepoint: a duplicate (another scheduler got there first) rolls back only itself.
    """
    savepoint = db.session.begin_nested()
    try:
        db.session.add(Reminder(kind=kind, subject_type=subject.__tablename__, subject_id=subject.id, due_on=due_on))
        db.session.flush()
    except IntegrityError:
        savepoint.rollback()
        return False
    savepoint.commit()
    return True


def slot_for(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M")


def run_once(job, *, slot: str | None = None) -> JobRun | None:
    """Run ``job`` for ``slot`` unless another process already has; log how it went.

    :returns: the run, or None if this slot was already taken.
    """
    slot = slot or slot_for(utcnow())
    if not job.exclusive:
        slot = f"{slot}~{uuid.uuid4().hex[:8]}"
    try:
        run = JobRun(job_id=job.id, slot=slot)
        db.session.add(run)
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        logger.info("job %s slot %s already running or done elsewhere, skipping", job.id, slot)
        return None
    started = time.perf_counter()
    logger.info("job %s slot %s started", job.id, slot)
    try:
        counts = job.function()() or {}
        db.session.commit()
    except Exception as error:
        db.session.rollback()
        run = db.session.get(JobRun, run.id)
        run.outcome, run.error, run.finished_at = "failed", repr(error)[:500], utcnow()
        db.session.commit()
        logger.exception("job %s slot %s failed after %.2fs", job.id, slot, time.perf_counter() - started)
        return run
    run = db.session.get(JobRun, run.id)
    run.outcome, run.counts, run.finished_at = "succeeded", counts, utcnow()
    db.session.commit()
    logger.info("job %s slot %s succeeded in %.2fs: %s", job.id, slot, time.perf_counter() - started, counts)
    return run


def last_runs(job_ids: list[str]) -> dict[str, JobRun]:
    """The newest run of each job, in one query."""
    newest = select(JobRun.job_id, db.func.max(JobRun.id).label("id")).group_by(JobRun.job_id).subquery()
    query = select(JobRun).join(newest, JobRun.id == newest.c.id).where(JobRun.job_id.in_(job_ids))
    return {run.job_id: run for run in db.session.scalars(query)}
