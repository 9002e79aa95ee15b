"""Every scheduled job, in one list: what runs, and when."""

from dataclasses import dataclass, field
from importlib import import_module

from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger

LONDON = "Europe/London"


@dataclass(frozen=True)
class Job:
    id: str
    #: "module:function"; the function takes no arguments, does its work, and returns counts.
    path: str
    trigger: object = field(compare=False)
    description: str = ""
    #: Exclusive jobs run once per slot across all schedulers. A job whose every effect is
    #: already claimed one by one (email sending) is not exclusive, so one scheduler's run is
    #: never skipped because another ran a moment earlier, before there was work to do.
    exclusive: bool = True

    def function(self):
        module, name = self.path.split(":")
        return getattr(import_module(module), name)


#: In the order a catch-up run goes through them: reminders queue emails before they are sent.
JOBS = [
    Job(
        "post_ending_reminders",
        "talent.people.jobs:remind_posts_ending",
        CronTrigger(hour=7, minute=0, timezone=LONDON),
        "Tell HR admins about posts that end within 30 days.",
    ),
    Job(
        "appraisal_reminders",
        "talent.appraisals.jobs:send_reminders",
        CronTrigger(hour=7, minute=15, timezone=LONDON),
        "Appraisal cycle opening, self-assessment due, and overdue appraisals to managers and HR.",
    ),
    Job(
        "talent_pipeline_reminders",
        "talent.pipeline.jobs:send_reminders",
        CronTrigger(hour=7, minute=30, timezone=LONDON),
        "Talent conversations due (a year since the last) and talent pool reviews coming due.",
    ),
    Job(
        "ned_term_reminders",
        "talent.ned.jobs:term_reminders",
        CronTrigger(hour=7, minute=45, timezone=LONDON),
        "Board terms ending in 9, 6 and 3 months to the appointments team and board secretaries; "
        "terms past their end date end and their posts become vacant.",
    ),
    Job(
        "workforce_recount",
        "talent.insights.jobs:recount_workforce_job",
        CronTrigger(hour=2, minute=30, timezone=LONDON),
        "Count the workforce profile's summary again for every organisation: posts that started or "
        "ended today, and people who moved into the next age band.",
    ),
    Job(
        "appraisal_completion_recount",
        "talent.appraisals.jobs:recount_completion_job",
        IntervalTrigger(minutes=15),
        "Count the appraisal completion and fairness summaries again (this cycle year and the last), "
        "which regional and national completion and fairness figures are read from.",
    ),
    Job(
        "pipeline_recount",
        "talent.pipeline.jobs:recount_pipeline_job",
        IntervalTrigger(minutes=15),
        "Count the talent pipeline dashboard's summary again: conversations, senior staff and their "
        "equality answers by organisation, and the time since each last conversation.",
    ),
    Job(
        "sign_in_housekeeping",
        "talent.auth.jobs:purge_sign_in_records_job",
        CronTrigger(hour=3, minute=30, timezone=LONDON),
        "Delete expired sign-in sessions and failure counts that are no longer needed.",
    ),
    Job(
        "send_emails",
        "talent.notifications.jobs:send_emails",
        IntervalTrigger(minutes=1),
        "Send queued emails; retry those the SMTP server refused.",
        exclusive=False,
    ),
]


def get_job(job_id: str) -> Job:
    for job in JOBS:
        if job.id == job_id:
            return job
    raise KeyError(job_id)
