"""Notify people in the app and by email; deliver email over SMTP with retries."""

import smtplib
import uuid
from datetime import datetime, timedelta
from email.message import EmailMessage

from flask import current_app
from sqlalchemy import func, or_, select, update

from talent.db import utcnow
from talent.errors import NotFound
from talent.extensions import db
from talent.notifications import logger
from talent.notifications.models import Notification, OutboundEmail

#: Minutes to wait before each retry; the last value repeats for as long as it takes.
RETRY_MINUTES = (1, 5, 15, 60)
#: A claim older than this is treated as abandoned (its sender died) and may be taken over.
CLAIM_TIMEOUT = timedelta(minutes=10)


def link_to(endpoint: str, *, anchor: str | None = None, **values) -> str:
    """The path of a page, by endpoint name, for a notification's link (``anchor``: a place on
    the page). Works outside a request (the scheduler's reminder jobs), where ``url_for`` would
    need a server name."""
    path = current_app.url_map.bind("localhost").build(endpoint, values)
    return f"{path}#{anchor}" if anchor else path


def notify(account, *, kind: str, title: str, body: str, link: str | None = None, email: bool = True) -> Notification:
    """Show ``account`` a notification and, unless ``email`` is False, queue an email.

    The email goes out after the caller's transaction commits (see :func:`send_pending_emails`).
    """
    notification = Notification(account_id=account.id, kind=kind, title=title, body=body, link=link)
    db.session.add(notification)
    if email:
        db.session.add(OutboundEmail(to_address=account.email, subject=title, body=_email_body(body, link)))
    db.session.flush()
    return notification


def _email_body(body: str, link: str | None) -> str:
    base = current_app.config.get("SERVICE_URL", "").rstrip("/")
    footer = f"\n\nView it in Talent: {base}{link}" if link and base else ""
    return f"{body}{footer}\n\nThis email was sent by Talent, the NHS leadership and talent service."


def list_notifications(account_id: int, *, include_dismissed: bool = False):
    query = select(Notification).where(Notification.account_id == account_id)
    if not include_dismissed:
        query = query.where(Notification.dismissed_at.is_(None))
    return query.order_by(Notification.created_at.desc(), Notification.id.desc())


def open_count(account_id: int) -> int:
    """How many notifications the account has not dismissed (the number in the header)."""
    return db.session.scalar(
        select(func.count())
        .select_from(Notification)
        .where(Notification.account_id == account_id, Notification.dismissed_at.is_(None))
    )


def get_notification(notification_id: int) -> Notification:
    notification = db.session.get(Notification, notification_id)
    if notification is None:
        raise NotFound("No such notification")
    return notification


def dismiss(notification: Notification) -> None:
    if notification.dismissed_at is None:
        notification.dismissed_at = utcnow()
        db.session.flush()


def withdraw(kind: str, links: list[str]) -> int:
    """Take notifications that are no longer true (a request that can no longer be answered) out
    of people's lists: each of ``kind`` pointing at one of ``links`` is dismissed for them."""
    if not links:
        return 0
    result = db.session.execute(
        update(Notification)
        .where(Notification.kind == kind, Notification.link.in_(links), Notification.dismissed_at.is_(None))
        .values(dismissed_at=utcnow())
    )
    return result.rowcount


def send_pending_emails(*, now: datetime | None = None, limit: int = 200) -> dict:
    """Send due emails, each claimed first so that a second scheduler skips it.

    Commits after each claim and each result: an email is sent at most once while its sender
    is alive, and an SMTP failure leaves it queued with a later retry time.

    :returns: counts of sent, failed and skipped (claimed elsewhere) emails.
    """
    now = now or utcnow()
    claimer = uuid.uuid4().hex
    counts = {"sent": 0, "failed": 0, "skipped": 0}
    due = db.session.scalars(
        select(OutboundEmail.id)
        .where(OutboundEmail.sent_at.is_(None), OutboundEmail.next_attempt_at <= now)
        .where(or_(OutboundEmail.claimed_by.is_(None), OutboundEmail.claimed_at < now - CLAIM_TIMEOUT))
        .order_by(OutboundEmail.id)
        .limit(limit)
    ).all()
    db.session.commit()
    for email_id in due:
        claimed = db.session.execute(
            update(OutboundEmail)
            .where(OutboundEmail.id == email_id, OutboundEmail.sent_at.is_(None))
            .where(or_(OutboundEmail.claimed_by.is_(None), OutboundEmail.claimed_at < now - CLAIM_TIMEOUT))
            .values(claimed_by=claimer, claimed_at=now)
        ).rowcount
        db.session.commit()
        if not claimed:
            counts["skipped"] += 1
            continue
        email = db.session.get(OutboundEmail, email_id)
        try:
            _deliver(email)
        except (OSError, smtplib.SMTPException) as error:
            email.attempts += 1
            delay = RETRY_MINUTES[min(email.attempts, len(RETRY_MINUTES)) - 1]
            email.next_attempt_at = now + timedelta(minutes=delay)
            email.last_error = str(error)[:500]
            email.claimed_by = None
            counts["failed"] += 1
            logger.warning(
                "email %s to %s not sent (attempt %s): %s; retrying in %s minutes",
                email.id,
                email.to_address,
                email.attempts,
                error,
                delay,
            )
        else:
            email.sent_at = utcnow()
            email.attempts += 1
            counts["sent"] += 1
        db.session.commit()
    return counts


def _deliver(email: OutboundEmail) -> None:
    config = current_app.config
    message = EmailMessage()
    message["From"] = config["MAIL_FROM"]
    message["To"] = email.to_address
    message["Subject"] = email.subject
    message["Message-ID"] = f"<talent-{email.id}@{config['MAIL_FROM'].split('@')[-1]}>"
    message.set_content(email.body)
    with smtplib.SMTP(config["SMTP_HOST"], config["SMTP_PORT"], timeout=config["SMTP_TIMEOUT"]) as smtp:
        if config["SMTP_STARTTLS"]:
            smtp.starttls()
        if config["SMTP_USERNAME"]:
            smtp.login(config["SMTP_USERNAME"], config["SMTP_PASSWORD"])
        smtp.send_message(message)
