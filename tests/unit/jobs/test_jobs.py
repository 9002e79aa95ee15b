"""Service-level tests (no test client); the page tests are in
tests/integration/test_jobs.py.

Scheduled jobs: reminders go once per event, and a slot runs once however many schedulers.
"""

from datetime import date, timedelta

from sqlalchemy import select

from talent.extensions import db
from talent.notifications.models import Notification
from talent.people.services import remind_posts_ending
from tests.integration.test_jobs import ending_soon  # noqa: F401 (fixtures and helpers shared with the page tests)


def test_hr_admins_hear_about_posts_ending_once_however_often_the_job_runs(db_session):
    hr = ending_soon(db_session)
    today = date.today()
    first = remind_posts_ending(today, until=today + timedelta(days=30))
    second = remind_posts_ending(today, until=today + timedelta(days=30))
    assert (first["reminded"], second["reminded"], second["already_reminded"]) == (1, 0, 1)
    titles = db.session.scalars(select(Notification.title).where(Notification.account_id == hr.id)).all()
    assert len(titles) == 1
    assert titles[0].startswith("Interim matron post ends on")
