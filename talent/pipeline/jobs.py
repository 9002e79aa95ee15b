from datetime import date

from talent.pipeline.reminders import send_pipeline_reminders
from talent.pipeline.reports import recount_pipeline


def send_reminders() -> dict:
    return send_pipeline_reminders(date.today())


def recount_pipeline_job() -> dict:
    recount_pipeline()
    return {}
