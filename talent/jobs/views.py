from flask import render_template

from talent.auth.policy import requires
from talent.db import utcnow
from talent.jobs import bp
from talent.jobs.registry import JOBS
from talent.jobs.scheduler import next_run_times
from talent.jobs.services import last_runs


@bp.get("/admin/jobs")
@requires("job.list")
def list_jobs():
    return render_template(
        "jobs/list-jobs.html",
        jobs=JOBS,
        last_runs=last_runs([job.id for job in JOBS]),
        next_runs=next_run_times(utcnow()),
    )
