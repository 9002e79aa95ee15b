from datetime import date

from talent.appraisals.reminders import send_appraisal_reminders
from talent.appraisals.services import recount_completion, recount_fairness


def send_reminders() -> dict:
    return send_appraisal_reminders(date.today())


def recount_completion_job() -> dict:
    recount_completion()
    recount_fairness()
    return {}
