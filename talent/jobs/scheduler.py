"""APScheduler wiring: every job in the registry, each run through :func:`run_once`.

Production runs exactly one ``flask scheduler run`` process; ``make run`` may start a
background scheduler inside the web process instead (``SCHEDULER_IN_PROCESS``). Even if two
schedulers run by mistake, the run lock and reminder keys keep every job's effect single.
"""

from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.schedulers.blocking import BlockingScheduler
from flask import Flask

from talent.jobs.registry import JOBS
from talent.jobs.services import run_once


def _runner(app: Flask, job):
    def run(scheduled_at=None):
        with app.app_context():
            run_once(job)

    return run


def build_scheduler(app: Flask, *, background: bool):
    scheduler = (BackgroundScheduler if background else BlockingScheduler)(timezone="UTC")
    for job in JOBS:
        # coalesce: a backlog of missed runs (the process was down) becomes one run, not many.
        scheduler.add_job(_runner(app, job), job.trigger, id=job.id, coalesce=True, max_instances=1)
    return scheduler


def init_app(app: Flask) -> None:
    """Start a background scheduler in this process when configured to (``make run`` only)."""
    if app.config.get("SCHEDULER_IN_PROCESS") and not app.testing:
        scheduler = build_scheduler(app, background=True)
        scheduler.start()
        app.extensions["scheduler"] = scheduler


def next_run_times(now) -> dict:
    """When each job fires next, from its trigger, without a running scheduler."""
    return {job.id: job.trigger.get_next_fire_time(None, now) for job in JOBS}
