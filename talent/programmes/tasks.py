"""Programme tasks for the home page's to-do list (see ``talent.home.tasks``)."""

from datetime import date

from sqlalchemy import func, select

from talent.auth.models import Role
from talent.dates import nhs_date
from talent.extensions import db
from talent.home.tasks import Task
from talent.notifications.services import link_to
from talent.programmes.models import Cohort, Enrolment, EnrolmentStatus

#: Enough finished cohorts to act on; the rest wait until these are done.
COHORTS_LISTED = 10


def outcomes_to_record(principal, today: date) -> list[Task]:
    """For programme admins: finished cohorts with people still enrolled, whose outcome (completed
    or not) is needed before their completion counts towards a senior post."""
    if Role.PROGRAMME_ADMIN not in principal.roles:
        return []
    rows = db.session.execute(
        select(Cohort, func.count(Enrolment.id))
        .join(Enrolment, Enrolment.cohort_id == Cohort.id)
        .where(Cohort.ends_on < today, Enrolment.status == EnrolmentStatus.ENROLLED)
        .group_by(Cohort)
        .order_by(Cohort.ends_on, Cohort.id)
        .limit(COHORTS_LISTED)
    ).all()
    return [
        Task(
            f"Record outcomes for {cohort.title}",
            link_to("programmes.view_cohort", cohort_id=cohort.id),
            hint=f"{waiting} {'person' if waiting == 1 else 'people'} without an outcome; it finished on "
            f"{nhs_date(cohort.ends_on)}",
        )
        for cohort, waiting in rows
    ]
