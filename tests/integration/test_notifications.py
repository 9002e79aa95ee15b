"""Notifications in the app and by email over a real SMTP server, with retries when it is down."""

from datetime import timedelta

from sqlalchemy import select

from talent.db import utcnow
from talent.extensions import db
from talent.notifications import services as notification_services
from talent.notifications.models import OutboundEmail
from tests.conftest import REAL_SMTP
from tests.factories import create_account, create_person
from tests.pages import csrf_token
from tests.smtp import free_port


def test_a_notification_is_shown_and_emailed_once(pages, db_session, smtp_server):
    account = create_account(person=create_person())
    notification_services.notify(account, kind="test", title="Your appraisal is due", body="Please start it.")
    assert notification_services.send_pending_emails() == {"sent": 1, "failed": 0, "skipped": 0}
    assert notification_services.send_pending_emails() == {"sent": 0, "failed": 0, "skipped": 0}
    [message] = smtp_server.wait_for(1)
    assert message["To"] == account.email
    assert message["Subject"] == "Your appraisal is due"
    assert "Please start it." in message.get_payload()
    pages.sign_in(account)
    assert "Your appraisal is due" in pages.get("notifications.list_notifications").text


def test_when_smtp_is_down_the_email_waits_and_goes_later(app, db_session, monkeypatch, caplog):
    account = create_account(person=create_person())
    notification_services.notify(account, kind="test", title="Reminder", body="Body")
    port = free_port()  # nothing listens here yet
    monkeypatch.setitem(app.config, "SMTP_HOST", "127.0.0.1")
    monkeypatch.setitem(app.config, "SMTP_PORT", port)
    monkeypatch.setattr("talent.notifications.services.smtplib.SMTP", REAL_SMTP)
    assert notification_services.send_pending_emails()["failed"] == 1
    email = db.session.scalar(select(OutboundEmail))
    assert email.sent_at is None
    assert email.attempts == 1
    assert email.next_attempt_at > utcnow()
    assert "not sent (attempt 1)" in caplog.text
    # Not due yet: nothing is tried.
    assert notification_services.send_pending_emails() == {"sent": 0, "failed": 0, "skipped": 0}

    from tests.smtp import LocalSmtpServer

    server = LocalSmtpServer(port)
    try:
        result = notification_services.send_pending_emails(now=utcnow() + timedelta(minutes=2))
        assert result["sent"] == 1
        assert [m["Subject"] for m in server.wait_for(1)] == ["Reminder"]
    finally:
        server.stop()


def test_people_dismiss_their_own_notifications_but_not_others(pages, db_session):
    mine = create_account(person=create_person())
    theirs = create_account(person=create_person())
    own = notification_services.notify(mine, kind="test", title="Mine", body="Body", email=False)
    other = notification_services.notify(theirs, kind="test", title="Theirs", body="Body", email=False)
    pages.sign_in(mine)
    page = pages.get("notifications.list_notifications")
    header_link = page.select_one("a.nhsuk-header__navigation-link[href='/notifications']")
    assert header_link.get_text(" ", strip=True) == "Notifications 1 (1 new)"  # the count; theirs is not counted
    token = csrf_token(page)
    refused = pages.client.post(
        pages.url("notifications.dismiss_notification", notification_id=other.id), data={"csrf_token": token}
    )
    assert refused.status_code == 404
    done = pages.client.post(
        pages.url("notifications.dismiss_notification", notification_id=own.id), data={"csrf_token": token}
    )
    assert done.status_code == 302
    page = pages.get("notifications.list_notifications")
    assert "You have no notifications" in page.text
    header_link = page.select_one("a.nhsuk-header__navigation-link[href='/notifications']")
    assert header_link.get_text(" ", strip=True) == "Notifications"


def test_an_email_queued_by_a_change_that_rolls_back_is_never_sent(app, db_session):
    account = create_account(person=create_person())
    savepoint = db.session.begin_nested()
    notification_services.notify(account, kind="test", title="Rolled back", body="Body")
    savepoint.rollback()
    assert db.session.scalar(select(OutboundEmail)) is None
