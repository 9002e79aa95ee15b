"""Scheduled jobs: reminders go once per event, and a slot runs once however many schedulers."""

from datetime import date, timedelta

from sqlalchemy import func, select

from talent.auth.models import Role
from talent.extensions import db
from talent.jobs import registry
from talent.jobs.models import Reminder
from talent.jobs.services import run_once
from tests.factories import create_account, create_organisation, create_person, create_post


def ending_soon(db_session):
    trust = create_organisation()
    hr = create_account(person=create_person(organisation=trust), roles=[(Role.HR_ADMIN, trust)])
    holder = create_person(organisation=trust)
    create_post(
        organisation=trust, holder=holder, title="Interim matron", band="8a", end_date=date.today() + timedelta(days=10)
    )
    return hr


def test_a_slot_runs_once_and_a_second_scheduler_skips_it(app, db_session):
    ending_soon(db_session)
    job = registry.get_job("post_ending_reminders")
    assert run_once(job, slot="2026-11-22T07:00").outcome == "succeeded"
    assert run_once(job, slot="2026-11-22T07:00") is None
    assert db.session.scalar(select(func.count(Reminder.id))) == 1


def test_a_failing_job_is_recorded_as_failed(app, db_session, monkeypatch):
    job = registry.get_job("post_ending_reminders")

    def broken(today, until):
        raise RuntimeError("no database today")

    monkeypatch.setattr("talent.people.jobs.remind", broken)
    run = run_once(job, slot="2026-11-22T08:00")
    assert run.outcome == "failed"
    assert "no database today" in run.error


def test_every_registered_job_can_be_found_and_scheduled(app):
    from talent.jobs.scheduler import build_scheduler

    scheduler = build_scheduler(app, background=True)
    assert {job.id for job in scheduler.get_jobs()} == {job.id for job in registry.JOBS}
    for job in registry.JOBS:
        assert callable(job.function())


def test_system_admins_see_each_job_with_its_last_and_next_run(pages, db_session):
    pages.sign_in(create_account(person=create_person(), roles=[(Role.SYSTEM_ADMIN, None)]))
    run_once(registry.get_job("send_emails"), slot="2026-11-22T09:00")
    page = pages.get("jobs.list_jobs")
    rows = {row.strong.get_text(strip=True): row.get_text(" ", strip=True) for row in page.select("tbody tr")}
    assert "Succeeded" in rows["send emails"]
    assert "Not run yet" in rows["post ending reminders"]
