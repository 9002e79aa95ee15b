from datetime import date

from talent.pipeline.reminders import send_pipeline_reminders


def send_reminders() -> dict:
    return send_pipeline_reminders(date.today())
