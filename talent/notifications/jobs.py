from talent.notifications.services import send_pending_emails


def send_emails() -> dict:
    return send_pending_emails()
