"""Appraisal tasks for the home page's to-do list (see ``talent.home.tasks``)."""

from datetime import date

from sqlalchemy import or_, select
from sqlalchemy.orm import joinedload

from talent.appraisals import queries as appraisal_queries
from talent.appraisals import services as appraisal_services
from talent.appraisals.models import Appraisal, AppraisalCycle, AppraisalStatus, FeedbackRequest
from talent.auth.models import Role
from talent.auth.policy import list_scope
from talent.dates import nhs_date
from talent.extensions import db
from talent.home.tasks import Task
from talent.notifications.services import link_to

#: The steps that are a person's to-do, with the words for the appraisee's own and for someone else's.
_STEP_TITLES = {
    "self_assess": ("Complete your self-assessment", None),
    "manager_assess": (None, "Complete the manager assessment for {name}"),
    "record_discussion": (None, "Record the appraisal discussion with {name}"),
    "sign_off": ("Sign off your appraisal", "Sign off {name}'s appraisal"),
    "submit_to_region": (None, "Submit {name}'s appraisal to the region"),
}


def appraisal_steps(principal, today: date) -> list[Task]:
    """The next step of each open appraisal the person is appraisee or appraiser of."""
    me = principal.person_id
    if me is None:
        return []
    appraisals = db.session.scalars(
        select(Appraisal)
        .where(
            or_(Appraisal.appraisee_id == me, Appraisal.appraiser_id == me),
            Appraisal.status.not_in([AppraisalStatus.SUBMITTED, AppraisalStatus.ENDORSED]),
        )
        .options(
            joinedload(Appraisal.appraisee),
            joinedload(Appraisal.cycle).joinedload(AppraisalCycle.organisation),
        )
    ).unique()
    tasks = []
    for appraisal in appraisals:
        allowed = appraisal_services.actions_for(appraisal, me, may_review=False)
        for action, (own, theirs) in _STEP_TITLES.items():
            title = own if appraisal.appraisee_id == me else theirs
            if action in allowed and title:
                tasks.append(
                    Task(
                        title.format(name=appraisal.appraisee.full_name),
                        link_to("appraisals.view_appraisal", appraisal_id=appraisal.id),
                        hint=f"{appraisal.cycle.name} appraisal",
                        due_on=appraisal.cycle.due_on,
                    )
                )
    return tasks


def feedback_to_give(principal, today: date) -> list[Task]:
    """Colleagues' appraisals the person has been asked to give feedback on and has not yet."""
    if principal.person_id is None:
        return []
    requests = db.session.scalars(
        select(FeedbackRequest)
        .join(Appraisal, Appraisal.id == FeedbackRequest.appraisal_id)
        .where(
            FeedbackRequest.respondent_id == principal.person_id,
            FeedbackRequest.answered.is_(False),
            Appraisal.status.in_(appraisal_queries.FEEDBACK_OPEN),
        )
        .options(joinedload(FeedbackRequest.appraisal).joinedload(Appraisal.appraisee))
    )
    return [
        Task(
            f"Give feedback on {request.appraisal.appraisee.full_name}'s appraisal",
            link_to("appraisals.give_feedback", request_id=request.id),
            hint="Anonymous: shown only as part of a summary",
            due_on=request.due_on,
        )
        for request in requests
    ]


def escalations_to_settle(principal, today: date) -> list[Task]:
    """For HR admins: escalated disagreements in their organisations with no outcome yet."""
    if Role.HR_ADMIN not in principal.roles:
        return []
    appraisals = db.session.scalars(
        select(Appraisal)
        .join(AppraisalCycle, AppraisalCycle.id == Appraisal.cycle_id)
        .where(
            AppraisalCycle.organisation_id.in_(principal.organisation_ids[Role.HR_ADMIN]),
            Appraisal.escalated_at.is_not(None),
            Appraisal.escalation_resolved_at.is_(None),
        )
        .options(joinedload(Appraisal.appraisee))
    )
    return [
        Task(
            f"Record the outcome of {appraisal.appraisee.full_name}'s escalated disagreement",
            link_to("appraisals.resolve_escalation", appraisal_id=appraisal.id),
            hint=f"Escalated on {nhs_date(appraisal.escalated_at.date())}",
        )
        for appraisal in appraisals
        if principal.person_id not in (appraisal.appraisee_id, appraisal.appraiser_id)
    ]


def endorsements_waiting(principal, today: date) -> list[Task]:
    """For regional talent leads: board members' appraisals submitted to their region."""
    if Role.TALENT_LEAD not in principal.roles:
        return []
    return [
        Task(
            f"Endorse {appraisal.appraisee.full_name}'s appraisal",
            link_to("appraisals.endorse", appraisal_id=appraisal.id),
            hint=appraisal.cycle.organisation.display_name,
        )
        for appraisal in appraisal_queries.awaiting_endorsement(list_scope(principal, "appraisal.endorse"))
        if principal.person_id not in (appraisal.appraisee_id, appraisal.appraiser_id)
    ]
