"""Two scheduler processes started together against one database send each reminder once.

Real processes (``flask scheduler run``), a real SMTP server, and a database both can see:
PostgreSQL in CI, an SQLite file otherwise.
"""

import os
import subprocess
import sys
from datetime import date, timedelta

import pytest
from flask_migrate import upgrade
from sqlalchemy import func, select

from talent import create_app
from talent.auth.models import Role
from talent.extensions import db
from talent.jobs.models import JobRun, Reminder
from talent.notifications.models import OutboundEmail
from tests.conftest import ROOT, reset_database, scratch_database_url
from tests.factories import create_account, create_organisation, create_person, create_post
from tests.smtp import LocalSmtpServer


@pytest.fixture
def shared_database(tmp_path_factory):
    url = scratch_database_url(tmp_path_factory, "schedulers")
    reset_database(url)
    app = create_app({"SQLALCHEMY_DATABASE_URI": url})
    with app.app_context():
        upgrade()
        trust = create_organisation()
        for _ in range(2):
            create_account(person=create_person(organisation=trust), roles=[(Role.HR_ADMIN, trust)])
        for days in (3, 10, 20):
            create_post(
                organisation=trust,
                holder=create_person(organisation=trust),
                band="8a",
                title=f"Interim post {days}",
                end_date=date.today() + timedelta(days=days),
            )
        db.session.commit()
    yield app, url
    with app.app_context():
        db.engine.dispose()


def test_each_due_reminder_is_emailed_exactly_once(shared_database):
    app, url = shared_database
    smtp = LocalSmtpServer()
    environment = {
        **os.environ,
        "DATABASE_URL": url,
        "TALENT_ENV": "development",
        "SMTP_HOST": "127.0.0.1",
        "SMTP_PORT": str(smtp.port),
    }
    command = [sys.executable, "-m", "flask", "--app", "talent", "scheduler", "run", "--stop-after", "3"]
    try:
        processes = [
            subprocess.Popen(command, cwd=ROOT, env=environment, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)  # noqa: S603 (our own fixed command, no shell)
            for _ in range(2)
        ]
        outputs = [process.communicate(timeout=60)[0].decode() for process in processes]
        assert [process.returncode for process in processes] == [0, 0], outputs
        messages = smtp.wait_for(6, timeout=5)
    finally:
        smtp.stop()
    # 3 posts ending, 2 HR admins each: 6 emails, each (recipient, subject) once.
    received = sorted((message["To"], message["Subject"]) for message in messages)
    assert len(received) == 6
    assert len(set(received)) == 6
    with app.app_context():
        # (The senior people in the fixture are also due a talent conversation; they have no
        # accounts, so those reminders are claimed but send nothing.)
        assert db.session.scalar(select(func.count(Reminder.id)).where(Reminder.kind == "post_ending")) == 3
        assert db.session.scalar(select(func.count(OutboundEmail.id)).where(OutboundEmail.sent_at.is_(None))) == 0
        runs = db.session.execute(select(JobRun.job_id, JobRun.slot, JobRun.outcome)).all()
        assert {outcome for _, _, outcome in runs} == {"succeeded"}
