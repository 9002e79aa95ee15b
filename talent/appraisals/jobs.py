from datetime import date

from talent.appraisals.reminders import send_appraisal_reminders


def send_reminders() -> dict:
    return send_appraisal_reminders(date.today())
