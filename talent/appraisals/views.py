"""Appraisal pages: thin; every rule is in talent.appraisals.services."""

from datetime import date

from flask import Blueprint, Response, flash, redirect, render_template, request, url_for
from flask_login import current_user

from talent.appraisals import feedback as appraisal_feedback
from talent.appraisals import forms as appraisal_forms
from talent.appraisals import queries as appraisal_queries
from talent.appraisals import reports as appraisal_reports
from talent.appraisals import sections as appraisal_sections
from talent.appraisals import services as appraisal_services
from talent.appraisals.models import AppraisalStatus
from talent.audit.history import history_for
from talent.auth.policy import can, current_principal, list_scope, requires
from talent.downloads import csv_download
from talent.errors import NotFound, RuleViolation
from talent.forms import expected_version
from talent.orgs.queries import get_organisation
from talent.people.queries import get_person
from talent.programmes import queries as programme_queries
from talent.query_args import FinderQuery, OptionalYear, PageArgs, parse_query
from talent.submit import FormErrors, done, submit_form
from talent.transactions import service_call

bp = Blueprint("appraisals", __name__)


def _to_appraisal(appraisal, message):
    """After a step: back to the appraisal, saying what happened (``message`` may take the result)."""
    return done(message, "appraisals.view_appraisal", appraisal_id=appraisal.id)


@bp.get("/people/<id:person_id>/appraisals")
@requires("appraisal.view", load=get_person)
def list_appraisals(person):
    return render_template(
        "appraisals/list-appraisals.html", person=person, appraisals=appraisal_queries.appraisals_for(person.id)
    )


@bp.post("/people/<id:person_id>/appraisals/start")
@requires("appraisal.start", load=get_person)
def start_appraisal(person):
    try:
        with service_call():
            appraisal = appraisal_services.start_current_appraisal(person)
    except RuleViolation as error:
        flash(error.message, "info")
        return redirect(url_for("appraisals.list_appraisals", person_id=person.id))
    return _to_appraisal(appraisal, f"Appraisal started for {person.full_name}")(appraisal)


@bp.get("/appraisals/<id:appraisal_id>")
@requires("appraisal.view", load=appraisal_queries.get_appraisal)
def view_appraisal(appraisal):
    with service_call():
        appraisal_services.read_appraisal(appraisal, actor=current_user)
    return render_template("appraisals/view-appraisal.html", **_record(appraisal))


def _record(appraisal) -> dict:
    """What the appraisal record shows, for its own page and the region's endorsement page."""
    return {
        "appraisal": appraisal,
        "ratings": appraisal_queries.ordered_ratings(appraisal),
        "scale": {point.position: point.label for point in appraisal.framework.scale},
        "me": current_user.person_id,
        "statuses": AppraisalStatus,
        "feedback": appraisal_feedback.feedback_summary(appraisal),
        "feedback_open": appraisal.status in appraisal_services.FEEDBACK_OPEN,
        "finished": appraisal.status in appraisal_services.FINISHED,
        "to_region": appraisal_services.needs_regional_endorsement(appraisal),
        "amendable": appraisal_services.AMENDABLE,
        "outcomes": appraisal_services.OBJECTIVE_OUTCOMES,
        "next_step": appraisal_services.next_step(appraisal),
        "history": history_for(appraisal),
        "actions": appraisal_services.actions_for(
            appraisal, current_user.person_id, may_review=can(current_principal(), "appraisal.review", appraisal)
        ),
    }


# The two assessments are task lists: a page per section, saved as a draft, then a page to check
# the answers and submit. The sections and what stops a submission are in appraisals.sections.
_SIDES = {
    "self": {
        "heading": "Your self-assessment",
        "endpoint": "appraisals.self_assessment",
        "submit": appraisal_services.submit_self_assessment,
        "save": appraisal_services.save_self_assessment,
        "submitted": "Self-assessment submitted",
    },
    "manager": {
        "heading": "Manager assessment",
        "endpoint": "appraisals.manager_assessment",
        "submit": appraisal_services.submit_manager_assessment,
        "save": appraisal_services.save_manager_assessment,
        "submitted": "Manager assessment submitted",
    },
}


def _locked(appraisal, side: str) -> str | None:
    """Why this person cannot change this side's assessment now (the pages say so instead of
    offering links the service would refuse)."""
    error = appraisal_services.refusal(appraisal, current_user.person_id, f"{side}_assess")
    return error.message if error else None


def _assessment_tasks(appraisal, side: str):
    states = appraisal_sections.section_states(appraisal, side)
    items = [
        {
            "title": {"text": section.title},
            "href": url_for(f"{_SIDES[side]['endpoint']}_section", appraisal_id=appraisal.id, key=section.key),
            "hint": {"text": section.hint},
            "status": {"tag": {"text": states[section.key].value, "classes": states[section.key].tag_class}}
            if states[section.key].tag_class
            else {"text": states[section.key].value},
        }
        for section in appraisal_sections.SECTIONS[side]
    ]
    return render_template(
        "appraisals/assessment-tasks.html",
        appraisal=appraisal,
        items=items,
        locked=_locked(appraisal, side),
        side=side,
        heading=_SIDES[side]["heading"],
        problems=appraisal_sections.submission_problems(appraisal, side),
    )


def _assessment_section(appraisal, side: str, key: str):
    section = appraisal_sections.section(side, key)
    if section is None:
        raise NotFound("No such section")
    ratings = appraisal_queries.ordered_ratings(appraisal)
    programmes = programme_queries.list_programmes() if side == "self" else []
    form_class = appraisal_forms.section_form(side, key, appraisal, ratings, programmes)
    prefill = appraisal_forms.prefill_self_assessment if side == "self" else appraisal_forms.prefill_manager_assessment
    form = form_class(data=prefill(appraisal, ratings))

    def save():
        values = appraisal_forms.section_values(side, key, form, appraisal, ratings)
        _SIDES[side]["save"](appraisal, actor=current_user, expected_version=expected_version(form), **values)

    finished = submit_form(
        form, save, then=done(f"{section.title}: saved", _SIDES[side]["endpoint"], appraisal_id=appraisal.id)
    )
    if finished:
        return finished
    return render_template(
        "appraisals/assessment-section.html",
        appraisal=appraisal,
        side=side,
        section=section,
        form=form,
        fields=[field for field in form if field.name not in ("csrf_token", "version")],
        back=url_for(_SIDES[side]["endpoint"], appraisal_id=appraisal.id),
    )


def _check_answers(appraisal, side: str):
    form = appraisal_forms.SubmitAssessmentForm(data={"version": appraisal.version})

    def submit():
        try:
            _SIDES[side]["submit"](appraisal, actor=current_user, expected_version=expected_version(form))
        except appraisal_sections.Unfinished as unfinished:
            # Every section still to finish, each linked to its page.
            for problem in unfinished.problems:
                form.add_error_elsewhere(
                    problem.message,
                    url_for(f"{_SIDES[side]['endpoint']}_section", appraisal_id=appraisal.id, key=problem.section),
                )
            raise FormErrors from None

    finished = submit_form(form, submit, then=_to_appraisal(appraisal, _SIDES[side]["submitted"]))
    if finished:
        return finished
    return render_template(
        "appraisals/check-answers.html",
        appraisal=appraisal,
        locked=_locked(appraisal, side),
        side=side,
        heading=_SIDES[side]["heading"],
        form=form,
        ratings=appraisal_queries.ordered_ratings(appraisal),
        scale={point.position: point.label for point in appraisal.framework.scale},
        outcomes=appraisal_services.OBJECTIVE_OUTCOMES,
        show_fppt=appraisal_sections.shows_fppt(appraisal),
    )


def _appraisal_of_section(appraisal_id: int, key: str):
    """The policy checks the appraisal; the view reads the section's key from the URL."""
    return appraisal_queries.get_appraisal(appraisal_id)


@bp.get("/appraisals/<id:appraisal_id>/self-assessment")
@requires("appraisal.edit", load=appraisal_queries.get_appraisal)
def self_assessment(appraisal):
    return _assessment_tasks(appraisal, "self")


@bp.route("/appraisals/<id:appraisal_id>/self-assessment/<string:key>", methods=["GET", "POST"])
@requires("appraisal.edit", load=_appraisal_of_section)
def self_assessment_section(appraisal):
    return _assessment_section(appraisal, "self", request.view_args["key"])


@bp.route("/appraisals/<id:appraisal_id>/self-assessment/check-answers", methods=["GET", "POST"])
@requires("appraisal.edit", load=appraisal_queries.get_appraisal)
def self_assessment_check(appraisal):
    return _check_answers(appraisal, "self")


@bp.get("/appraisals/<id:appraisal_id>/manager-assessment")
@requires("appraisal.edit", load=appraisal_queries.get_appraisal)
def manager_assessment(appraisal):
    return _assessment_tasks(appraisal, "manager")


@bp.route("/appraisals/<id:appraisal_id>/manager-assessment/<string:key>", methods=["GET", "POST"])
@requires("appraisal.edit", load=_appraisal_of_section)
def manager_assessment_section(appraisal):
    return _assessment_section(appraisal, "manager", request.view_args["key"])


@bp.route("/appraisals/<id:appraisal_id>/manager-assessment/check-answers", methods=["GET", "POST"])
@requires("appraisal.edit", load=appraisal_queries.get_appraisal)
def manager_assessment_check(appraisal):
    return _check_answers(appraisal, "manager")


@bp.route("/appraisals/<id:appraisal_id>/discussion", methods=["GET", "POST"])
@requires("appraisal.edit", load=appraisal_queries.get_appraisal)
def record_discussion(appraisal):
    form = appraisal_forms.DiscussionForm()
    finished = submit_form(
        form,
        lambda: appraisal_services.record_discussion(
            appraisal, actor=current_user, discussed_on=form.discussed_on.data
        ),
        then=_to_appraisal(appraisal, "Discussion recorded: you can both sign off now"),
    )
    if finished:
        return finished
    requested, received, _ = appraisal_queries.feedback_counts(appraisal.id)
    return render_template(
        "appraisals/discussion.html", appraisal=appraisal, form=form, unanswered=requested - received
    )


@bp.route("/appraisals/<id:appraisal_id>/sign-off", methods=["GET", "POST"])
@requires("appraisal.edit", load=appraisal_queries.get_appraisal)
def sign_off(appraisal):
    form = appraisal_forms.SignOffForm()
    finished = submit_form(
        form,
        lambda: appraisal_services.sign_off(appraisal, actor=current_user, disagreement=form.disagreement.data or ""),
        then=_to_appraisal(appraisal, lambda _: _signed_message(appraisal)),
    )
    if finished:
        return finished
    return render_template("appraisals/sign-off.html", appraisal=appraisal, form=form, me=current_user.person_id)


#: What a completion table's rows are, in words (the page's first column and the CSV's).
COMPLETION_ROW_LABELS = {
    "organisation": "Organisation",
    "band_group": "Band",
    "directorate": "Directorate",
    "person": "Person",
}


def _signed_message(appraisal) -> str:
    if appraisal.status is AppraisalStatus.SIGNED_OFF:
        return "You have signed off the appraisal: it is complete"
    return "You have signed the appraisal: it is complete when the other person signs too"


class ReportQuery(PageArgs):
    year: OptionalYear = None
    by: str | None = None
    measure: str = "behaviours"
    format: str = "html"


@bp.get("/appraisals/completion")
@requires("appraisal.completion")
def completion():
    today = date.today()
    query = parse_query(ReportQuery)
    year = query.year or appraisal_queries.cycle_year(today)
    scope = list_scope(current_principal(), "appraisal.completion")
    row, table, counted_at = appraisal_reports.completion_table(scope, year, today, by=query.by)
    if query.format == "csv":
        return _csv(table, year, row)
    return render_template(
        "appraisals/completion.html",
        table=table,
        counted_at=counted_at,
        summarised=row == "organisation",
        year=year,
        states=appraisal_queries.COMPLETION_STATES,
        row=row,
        lines=appraisal_reports.completion_lines(table),
        row_label=COMPLETION_ROW_LABELS[row],
        links=appraisal_reports.completion_links(scope, row),
    )


def _csv(table, year: int, row: str) -> Response:
    lines = appraisal_reports.completion_lines(table)
    rows = (
        [line.group, *line.counts.values(), line.total, "" if line.rate is None else f"{line.rate}%"] for line in lines
    )
    header = [COMPLETION_ROW_LABELS[row], *(label for _, label in appraisal_queries.COMPLETION_STATES)]
    return csv_download(f"appraisal-completion-{year}.csv", [*header, "Total", "Completion rate"], rows)


@bp.get("/appraisals/fairness")
@requires("appraisal.fairness")
def fairness():
    today = date.today()
    query = parse_query(ReportQuery)
    year = query.year or appraisal_queries.cycle_year(today)
    scope = list_scope(current_principal(), "appraisal.fairness")
    measure = query.measure
    if measure not in appraisal_queries.FAIRNESS_MEASURES:
        measure = "behaviours"
    with service_call():
        breakdowns = appraisal_reports.appraisal_fairness(scope, year, today, measure, actor=current_user)
    labels = appraisal_reports.hlm_scale_labels()
    if query.format == "csv":
        rows = (
            [
                measure,
                cell.characteristic_label,
                cell.group_label,
                cell.rating,
                "*" if cell.count is None else cell.count,
            ]
            for cell in appraisal_reports.fairness_cells(breakdowns)
        )
        return csv_download(
            f"appraisal-fairness-{measure}-{year}.csv", ["Measure", "Characteristic", "Group", "Rating", "Count"], rows
        )
    return render_template(
        "appraisals/fairness.html",
        breakdowns=breakdowns,
        labels=labels,
        year=year,
        measure=measure,
        measures=appraisal_queries.FAIRNESS_MEASURES,
    )


@bp.route("/organisations/<id:organisation_id>/appraisal-cycles/new", methods=["GET", "POST"])
@requires("appraisal_cycle.manage", load=get_organisation)
def new_cycle(organisation):
    form = appraisal_forms.CycleForm()
    finished = submit_form(
        form,
        lambda: appraisal_services.create_cycle(
            organisation, year=int(form.year.data), opens_on=form.opens_on.data, due_on=form.due_on.data
        ),
        then=done(
            lambda cycle: f"The {cycle.name} appraisal cycle is set up: everyone is told when it opens",
            "orgs.view_organisation",
            organisation_id=organisation.id,
        ),
    )
    if finished:
        return finished
    return render_template("appraisals/new-cycle.html", form=form, organisation=organisation)


@bp.route("/appraisals/<id:appraisal_id>/feedback-requests", methods=["GET", "POST"])
@requires("appraisal.edit", load=appraisal_queries.get_appraisal)
def request_feedback(appraisal):
    form = appraisal_forms.FeedbackRequestForm()
    chosen = [int(form.person_id.data)] if (form.person_id.data or "").isdigit() else []
    finished = submit_form(
        form,
        lambda: appraisal_feedback.request_feedback(
            appraisal,
            actor=current_user,
            respondent_emails=form.emails(),
            respondent_ids=chosen,
            due_on=form.due_on.data,
        ),
        then=_to_appraisal(
            appraisal,
            lambda asked: (
                f"You have asked {len(asked)} {'colleague' if len(asked) == 1 else 'colleagues'} for feedback"
            ),
        ),
    )
    if finished:
        return finished
    find = parse_query(FinderQuery).find
    found, more = appraisal_feedback.find_colleagues(appraisal, find, on=date.today()) if find else ([], False)
    return render_template(
        "appraisals/request-feedback.html",
        appraisal=appraisal,
        form=form,
        find=find,
        found=found,
        more=more,
        requests=appraisal_queries.feedback_requests_for(appraisal.id),
        shown_from=appraisal_feedback.FEEDBACK_SHOWN_FROM,
    )


@bp.get("/feedback")
@requires("feedback.give")
def feedback_requests():
    return render_template(
        "appraisals/feedback-requests.html",
        requests=appraisal_queries.feedback_requests_to(current_user.person_id),
        open_states=appraisal_services.FEEDBACK_OPEN,
    )


@bp.route("/feedback/<id:request_id>", methods=["GET", "POST"])
@requires("feedback.give", load=appraisal_queries.get_feedback_request)
def give_feedback(feedback_request):
    appraisal = feedback_request.appraisal
    ratings = appraisal_queries.ordered_ratings(appraisal)
    form = appraisal_forms.feedback_form(appraisal, ratings)()
    finished = submit_form(
        form,
        lambda: appraisal_feedback.give_feedback(
            feedback_request,
            actor=current_user,
            answers=appraisal_forms.feedback_inputs(form, ratings),
            comment=form.comment.data or "",
        ),
        then=done(
            f"Thank you. Your feedback for {appraisal.appraisee.full_name} is saved anonymously.",
            "appraisals.feedback_requests",
        ),
    )
    if finished:
        return finished
    return render_template(
        "appraisals/give-feedback.html",
        feedback_request=feedback_request,
        appraisal=appraisal,
        form=form,
        ratings=ratings,
        is_open=appraisal.status in appraisal_services.FEEDBACK_OPEN,
        shown_from=appraisal_feedback.FEEDBACK_SHOWN_FROM,
    )


@bp.route("/appraisals/<id:appraisal_id>/amend", methods=["GET", "POST"])
@requires("appraisal.review", load=appraisal_queries.get_appraisal)
def amend_appraisal(appraisal):
    form = appraisal_forms.amendment_form(appraisal)(data={"version": appraisal.version})
    finished = submit_form(
        form,
        lambda: appraisal_services.amend_appraisal(
            appraisal,
            actor=current_user,
            field=form.field.data,
            rating=int(form.rating.data) if form.rating.data else None,
            text=form.text.data or "",
            reason=form.reason.data or "",
            expected_version=expected_version(form),
        ),
        then=_to_appraisal(appraisal, "Correction recorded: the appraisee and the appraiser have been told"),
    )
    if finished:
        return finished
    return render_template("appraisals/amend.html", appraisal=appraisal, form=form)


@bp.route("/appraisals/<id:appraisal_id>/escalate", methods=["GET", "POST"])
@requires("appraisal.edit", load=appraisal_queries.get_appraisal)
def escalate(appraisal):
    form = appraisal_forms.ConfirmForm()
    finished = submit_form(
        form,
        lambda: appraisal_services.escalate_disagreement(appraisal, actor=current_user),
        then=_to_appraisal(appraisal, "Escalated: your appraiser's manager and HR have been told"),
    )
    if finished:
        return finished
    return render_template("appraisals/escalate.html", appraisal=appraisal, form=form)


@bp.route("/appraisals/<id:appraisal_id>/escalation", methods=["GET", "POST"])
@requires("appraisal.review", load=appraisal_queries.get_appraisal)
def resolve_escalation(appraisal):
    form = appraisal_forms.EscalationOutcomeForm()
    finished = submit_form(
        form,
        lambda: appraisal_services.resolve_escalation(appraisal, actor=current_user, outcome=form.outcome.data or ""),
        then=_to_appraisal(appraisal, "Outcome recorded: the appraisee has been told"),
    )
    if finished:
        return finished
    with service_call():
        appraisal_services.read_appraisal(appraisal, actor=current_user)
    return render_template("appraisals/escalation.html", appraisal=appraisal, form=form)


@bp.post("/appraisals/<id:appraisal_id>/submit-to-region")
@requires("appraisal.edit", load=appraisal_queries.get_appraisal)
def submit_to_region(appraisal):
    form = appraisal_forms.ConfirmForm()
    finished = submit_form(
        form,
        lambda: appraisal_services.submit_to_region(appraisal, actor=current_user),
        then=_to_appraisal(appraisal, "Submitted to the region for endorsement"),
    )
    if finished:
        return finished
    # A button on the appraisal page, not a form page: the refusal (or an expired form) is said there.
    reason = " ".join(form.form_errors) or "The form had expired: try again"
    return _to_appraisal(appraisal, reason)(None)


@bp.get("/appraisals/endorsements")
@requires("appraisal.endorse")
def endorsements():
    scope = list_scope(current_principal(), "appraisal.endorse")
    return render_template("appraisals/endorsements.html", appraisals=appraisal_queries.awaiting_endorsement(scope))


@bp.route("/appraisals/<id:appraisal_id>/endorse", methods=["GET", "POST"])
@requires("appraisal.endorse", load=appraisal_queries.get_appraisal)
def endorse(appraisal):
    appraisal_services.require_endorsable(appraisal)
    form = appraisal_forms.EndorsementForm()
    finished = submit_form(
        form,
        lambda: appraisal_services.endorse_appraisal(appraisal, actor=current_user, comment=form.comment.data or ""),
        then=done(
            f"Endorsed: {appraisal.appraisee.full_name}'s {appraisal.cycle.name} appraisal", "appraisals.endorsements"
        ),
    )
    if finished:
        return finished
    with service_call():
        appraisal_services.read_appraisal(appraisal, actor=current_user)
    return render_template("appraisals/endorse.html", form=form, **_record(appraisal))
