from datetime import date

from talent.ned.services import send_term_reminders


def term_reminders() -> dict:
    return send_term_reminders(date.today())
