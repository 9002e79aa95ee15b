import time

import click
from flask import current_app
from flask.cli import AppGroup

from talent.jobs import registry
from talent.jobs.scheduler import build_scheduler
from talent.jobs.services import run_once

scheduler_cli = AppGroup("scheduler", help="Scheduled jobs: reminders and email sending.")


@scheduler_cli.command("run")
@click.option(
    "--stop-after", type=float, help="Run every job once now, keep scheduling, and stop after this many seconds."
)
def run_command(stop_after: float | None):
    """Run the scheduler in the foreground. Production runs exactly one of these."""
    app = current_app._get_current_object()
    click.echo(f"Scheduler started with {len(registry.JOBS)} jobs")
    if stop_after is None:
        build_scheduler(app, background=False).start()
        return
    # Catch up first, in registry order (reminders are queued before emails are sent).
    for job in registry.JOBS:
        run_once(job)
    scheduler = build_scheduler(app, background=True)
    scheduler.start()
    time.sleep(stop_after)
    scheduler.shutdown(wait=True)


@scheduler_cli.command("run-job")
@click.argument("job_id", type=click.Choice([job.id for job in registry.JOBS]))
@click.option("--slot", help="The slot to run for (default: now, to the minute)")
def run_job_command(job_id: str, slot: str | None):
    """Run one job now, unless it already ran for this slot."""
    run = run_once(registry.get_job(job_id), slot=slot)
    if run is None:
        click.echo(f"{job_id}: already run for this slot, skipped")
    else:
        click.echo(f"{job_id}: {run.outcome} {run.counts or ''}")


@scheduler_cli.command("list")
def list_command():
    """List the jobs in the registry."""
    for job in registry.JOBS:
        click.echo(f"{job.id:25} {job.trigger}  {job.description}")
