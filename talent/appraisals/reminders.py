"""Appraisal reminders, each claimed before anyone is told, so running the job twice (or in two
schedulers) sends each once: the cycle opening (to everyone with an account), the
self-assessment falling due (to the appraisee), an overdue appraisal (to the appraiser) and,
after a grace period, to the organisation's HR admins; and feedback requests not yet answered
(to the colleague asked)."""

from datetime import date, timedelta

from flask import current_app
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from talent.appraisals import queries as appraisal_queries
from talent.appraisals.models import Appraisal, AppraisalCycle, AppraisalStatus
from talent.auth.models import Account, Role
from talent.auth.queries import accounts_of, role_holders
from talent.dates import nhs_date
from talent.extensions import db
from talent.jobs.services import claim_reminder
from talent.notifications.services import link_to, notify
from talent.people.models import Person

#: How long before the due date appraisees still in draft are reminded.
SELF_ASSESSMENT_NOTICE = timedelta(days=14)
#: How long before the date to answer by colleagues who have not given feedback are reminded.
FEEDBACK_NOTICE = timedelta(days=3)
_OPEN = (
    AppraisalStatus.DRAFT,
    AppraisalStatus.SELF_ASSESSED,
    AppraisalStatus.MANAGER_ASSESSED,
    AppraisalStatus.DISCUSSED,
)


def send_appraisal_reminders(today: date) -> dict:
    counts = {
        "cycle_opened": 0,
        "self_assessment_due": 0,
        "overdue_to_manager": 0,
        "overdue_to_hr": 0,
        "feedback_due": 0,
        "feedback_overdue": 0,
    }
    grace = timedelta(days=current_app.config["APPRAISAL_HR_GRACE_DAYS"])
    cycles = list(
        db.session.scalars(
            select(AppraisalCycle)
            .where(AppraisalCycle.opens_on <= today, AppraisalCycle.due_on >= today)
            .options(joinedload(AppraisalCycle.organisation))
        )
    )
    for cycle in cycles:
        counts["cycle_opened"] += _cycle_opened(cycle)
    appraisals = db.session.scalars(
        select(Appraisal)
        .join(Appraisal.cycle)
        .where(Appraisal.status.in_(_OPEN), AppraisalCycle.opens_on <= today)
        .options(joinedload(Appraisal.cycle), joinedload(Appraisal.appraisee))
    ).all()
    accounts = accounts_of({a.appraisee_id for a in appraisals} | {a.appraiser_id for a in appraisals})
    overdue_organisations = {a.cycle.organisation_id for a in appraisals if today > a.cycle.due_on + grace}
    hr_admins = role_holders(Role.HR_ADMIN, organisation_ids=overdue_organisations)
    for appraisal in appraisals:
        due = appraisal.cycle.due_on
        if appraisal.status is AppraisalStatus.DRAFT and due - SELF_ASSESSMENT_NOTICE <= today <= due:
            counts["self_assessment_due"] += _remind(
                accounts.get(appraisal.appraisee_id),
                "self_assessment_due",
                appraisal,
                due,
                f"Your self-assessment is due by {nhs_date(due)}",
                "Complete your objectives and behaviour ratings so your manager can assess them.",
            )
        if today > due:
            counts["overdue_to_manager"] += _remind(
                accounts.get(appraisal.appraiser_id),
                "appraisal_overdue_manager",
                appraisal,
                due,
                f"{appraisal.appraisee.full_name}'s appraisal is overdue",
                f"It was due by {nhs_date(due)} and is at '{appraisal.status.label}'.",
            )
        if today > due + grace and claim_reminder("appraisal_overdue_hr", appraisal, due):
            for account in hr_admins.get(appraisal.cycle.organisation_id, []):
                notify(
                    account,
                    kind="appraisal_overdue_hr",
                    title=f"{appraisal.appraisee.full_name}'s appraisal is overdue",
                    body=f"Due by {nhs_date(due)}, still at '{appraisal.status.label}' after the grace period.",
                    link=link_to("appraisals.view_appraisal", appraisal_id=appraisal.id),
                )
            counts["overdue_to_hr"] += 1
    _feedback_reminders(today, counts)
    return counts


def _feedback_reminders(today: date, counts: dict) -> None:
    """Colleagues who have not answered a feedback request: once as it falls due, once after."""
    requests = appraisal_queries.outstanding_feedback_requests()
    accounts = accounts_of({request.respondent_id for request in requests})
    for request in requests:
        account, name = accounts.get(request.respondent_id), request.appraisal.appraisee.full_name
        if today > request.due_on:
            counts["feedback_overdue"] += _remind(
                account,
                "feedback_overdue",
                request,
                request.due_on,
                f"{name} is still waiting for your feedback",
                f"It was due by {nhs_date(request.due_on)}. It takes a few minutes and stays anonymous.",
                link=link_to("appraisals.give_feedback", request_id=request.id),
            )
        elif request.due_on - FEEDBACK_NOTICE <= today:
            counts["feedback_due"] += _remind(
                account,
                "feedback_due",
                request,
                request.due_on,
                f"Your feedback for {name} is due by {nhs_date(request.due_on)}",
                "Rate the behaviours you have seen. Your answers are anonymous.",
                link=link_to("appraisals.give_feedback", request_id=request.id),
            )


def _remind(account, kind, subject, due, title, body, *, link=None) -> int:
    if account is None or not claim_reminder(kind, subject, due):
        return 0
    link = link or link_to("appraisals.view_appraisal", appraisal_id=subject.id)
    notify(account, kind=kind, title=title, body=body, link=link)
    return 1


def _cycle_opened(cycle: AppraisalCycle) -> int:
    sent = 0
    accounts = db.session.scalars(
        select(Account)
        .join(Person, Person.id == Account.person_id)
        .where(Person.organisation_id == cycle.organisation_id)
    )
    for account in accounts:
        if claim_reminder(f"appraisal_cycle_opened_{cycle.id}", account, cycle.opens_on):
            notify(
                account,
                kind="appraisal_cycle_opened",
                title=f"The {cycle.name} appraisal cycle is open",
                body=f"Agree a date with your manager. Appraisals are due by {nhs_date(cycle.due_on)}.",
                link=link_to("appraisals.list_appraisals", person_id=account.person_id),
            )
            sent += 1
    return sent
