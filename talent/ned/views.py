from datetime import date
from typing import Literal

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from pydantic import Field
from wtforms.fields.choices import SelectChoice

from talent.auth.policy import current_principal, list_scope, requires
from talent.dates import add_months
from talent.errors import RuleViolation, TalentError
from talent.forms import expected_version
from talent.ned import bp
from talent.ned import queries as ned_queries
from talent.ned import reports as ned_reports
from talent.ned import services as ned_services
from talent.ned.forms import (
    ApplicationForm,
    AppointmentForm,
    CandidatePoolForm,
    ConflictForm,
    EndTermForm,
    FinalDecisionForm,
    PanelMemberForm,
    ReappointForm,
    ScoreChangeForm,
    ShortlistForm,
    VacancyForm,
    score_form,
)
from talent.ned.models import (
    SCORE_LABELS,
    BoardRole,
    BoardSkill,
    CandidateScheme,
    PanelRole,
    ScoringStage,
    TermEnd,
    VacancyStatus,
)
from talent.orgs import queries as org_queries
from talent.orgs.queries import get_organisation_by_code
from talent.people.queries import find_people, get_person, person_in_scope
from talent.query_args import FinderQuery, PageArgs, parse_query
from talent.standards import queries as standard_queries
from talent.submit import done, submit_form
from talent.transactions import service_call


def _lcf_choices() -> list[SelectChoice]:
    framework = standard_queries.active_framework("lcf")
    return [SelectChoice(d.code, d.title) for d in framework.domains] if framework else []


@bp.get("/ned/vacancies")
@requires("ned_vacancy.view")
def list_vacancies():
    scope = list_scope(current_principal(), "ned_vacancy.view")
    return render_template("ned/list-vacancies.html", vacancies=ned_queries.vacancies_in_scope(scope))


@bp.route("/ned/vacancies/new", methods=["GET", "POST"])
@requires("ned_vacancy.manage")
def new_vacancy():
    form = VacancyForm()
    form.lcf_domains.choices = _lcf_choices()

    def create():
        organisation = get_organisation_by_code(form.ods_code.data.strip().upper())
        if organisation is None:
            raise RuleViolation("No organisation has that ODS code", field="ods_code")
        return ned_services.create_vacancy(
            organisation,
            role=BoardRole(form.role.data),
            title=form.title.data,
            role_description=form.role_description.data,
            lcf_domains=form.lcf_domains.data or [],
            skills=[BoardSkill(value) for value in form.skills.data or []],
            remuneration_pounds=form.remuneration_pounds.data,
            time_commitment=form.time_commitment.data,
            term_months=form.term_months.data,
            closing_on=form.closing_on.data,
            actor=current_user,
        )

    finished = submit_form(
        form,
        create,
        then=done(lambda v: f"{v.title} saved as a draft", "ned.view_vacancy", vacancy_id=lambda v: v.id),
    )
    if finished:
        return finished
    return render_template("ned/new-vacancy.html", form=form)


@bp.get("/ned/vacancies/<id:vacancy_id>")
@requires("ned_vacancy.view", load=ned_queries.get_vacancy)
def view_vacancy(vacancy):
    member = next((m for m in vacancy.panel if m.person_id == current_user.person_id), None)
    stage = ned_services.STAGE_FOR_STATUS.get(vacancy.status)
    applications = ned_queries.applications_to_score(vacancy, stage) if stage else []
    return render_template(
        "ned/view-vacancy.html",
        vacancy=vacancy,
        member=member,
        stage=stage,
        applications=applications,
        all_applications=ned_queries.vacancy_applications(vacancy),
        conflicts=ned_queries.conflicts_of(member.id) if member else set(),
        counts=ned_queries.score_counts(member.id, stage) if member and stage else {},
        submitted=stage in ned_queries.submitted_stages(member.id) if member and stage else False,
        moves=ned_services.next_statuses(vacancy),
        lcf=dict((c.value, c.label) for c in _lcf_choices()),
        appointment=ned_queries.vacancy_appointment(vacancy.id) if vacancy.status is VacancyStatus.APPOINTED else None,
    )


@bp.post("/ned/vacancies/<id:vacancy_id>/status")
@requires("ned_vacancy.manage", load=ned_queries.get_vacancy)
def move_vacancy(vacancy):
    """One-button moves (open, close, start shortlisting, withdraw): a refusal is flashed."""
    try:
        status = VacancyStatus(request.form.get("to", ""))
    except ValueError:
        flash("Choose a status from the page", "info")
        return redirect(url_for("ned.view_vacancy", vacancy_id=vacancy.id))
    try:
        with service_call():
            ned_services.move_vacancy(vacancy, status, actor=current_user)
        flash(f"{vacancy.title}: {status.label.lower()}")
    except TalentError as error:
        flash(error.message, "info")
    return redirect(url_for("ned.view_vacancy", vacancy_id=vacancy.id))


@bp.route("/ned/vacancies/<id:vacancy_id>/panel", methods=["GET", "POST"])
@requires("ned_vacancy.manage", load=ned_queries.get_vacancy)
def add_panel_member(vacancy):
    form = PanelMemberForm()
    scope = list_scope(current_principal(), "ned_vacancy.manage")

    def add():
        person = person_in_scope(scope, int(form.person_id.data)) if (form.person_id.data or "").isdigit() else None
        if person is None:
            raise RuleViolation("Find the person by name and choose them", field="panel_role")
        return ned_services.assign_panel_member(
            vacancy,
            person,
            panel_role=PanelRole(form.panel_role.data),
            interests_declared=form.interests_declared.data or "",
            actor=current_user,
        )

    finished = submit_form(
        form,
        add,
        then=done(lambda m: f"{m.person.full_name} added to the panel", "ned.view_vacancy", vacancy_id=vacancy.id),
    )
    if finished:
        return finished
    query = parse_query(FinderQuery)
    found, more = find_people(scope, query.find, on=date.today()) if query.find else ([], False)
    return render_template(
        "ned/add-panel-member.html", form=form, vacancy=vacancy, find=query.find, found=found, more=more
    )


# --- Candidates -----------------------------------------------------------------------------


@bp.get("/ned/opportunities")
@requires("ned_vacancy.apply")
def opportunities():
    return render_template(
        "ned/opportunities.html",
        vacancies=ned_queries.open_vacancies(date.today()),
        applications=ned_queries.applications_of(current_user.person_id) if current_user.person_id else [],
        candidate=ned_queries.candidate_of(current_user.person_id),
    )


@bp.route("/ned/vacancies/<id:vacancy_id>/apply", methods=["GET", "POST"])
@requires("ned_vacancy.apply", load=ned_queries.get_vacancy)
def apply(vacancy):
    # A draft has not been advertised and a withdrawn one no longer is: as if it did not exist.
    if vacancy.status in (VacancyStatus.DRAFT, VacancyStatus.WITHDRAWN):
        abort(404)
    form = ApplicationForm()
    form.skills.choices = [SelectChoice(skill.value, skill.label) for skill in vacancy.skills] or [
        SelectChoice(skill.value, skill.label) for skill in BoardSkill
    ]

    def send():
        if current_user.person_id is None:
            raise RuleViolation("Only people with a staff record can apply")
        return ned_services.apply(
            vacancy,
            get_person(current_user.person_id),
            experience=form.experience.data,
            skills=[BoardSkill(value) for value in form.skills.data or []],
            interests_declared=form.interests_declared.data or "",
            not_an_employee=bool(form.not_an_employee.data),
            not_disqualified=bool(form.not_disqualified.data),
            scheme=CandidateScheme(form.scheme.data),
            monitoring=ned_services.Monitoring(
                wres_group=form.wres_group.data or "not_stated",
                disability=form.disability.data or "not_stated",
                sex=form.sex.data or "not_stated",
                age_band=form.age_band.data or "not_stated",
            ),
            actor=current_user,
        )

    finished = submit_form(form, send, then=done(f"Application sent for {vacancy.title}", "ned.opportunities"))
    if finished:
        return finished
    return render_template("ned/apply.html", form=form, vacancy=vacancy, today=date.today())


# --- Panels ---------------------------------------------------------------------------------


@bp.route("/ned/applications/<id:application_id>/score", methods=["GET", "POST"])
@requires("ned_panel.score", load=ned_queries.get_application)
def score(application):
    vacancy = application.vacancy
    member = next((m for m in vacancy.panel if m.person_id == current_user.person_id), None)
    form = score_form(vacancy.criteria)()
    stage = ned_services.STAGE_FOR_STATUS.get(vacancy.status)
    if not form.is_submitted() and member is not None and stage is not None:
        for criterion_id, saved in ned_queries.own_scores(member.id, application.id, stage).items():
            form[f"criterion_{criterion_id}"].data = str(saved.score)
            form[f"evidence_{criterion_id}"].data = saved.evidence

    def save():
        scores = {
            criterion.id: (int(form[f"criterion_{criterion.id}"].data), form[f"evidence_{criterion.id}"].data or "")
            for criterion in vacancy.criteria
        }
        return ned_services.save_scores(application, scores, actor=current_user)

    finished = submit_form(
        form,
        save,
        then=done(f"Scores saved for {application.person.full_name}", "ned.view_vacancy", vacancy_id=vacancy.id),
    )
    if finished:
        return finished
    return render_template(
        "ned/score.html",
        form=form,
        application=application,
        vacancy=vacancy,
        stage=stage,
        conflicted=member is not None and ned_queries.conflicted(member.id, application.id),
    )


@bp.route("/ned/applications/<id:application_id>/conflict", methods=["GET", "POST"])
@requires("ned_panel.score", load=ned_queries.get_application)
def declare_conflict(application):
    form = ConflictForm()
    finished = submit_form(
        form,
        lambda: ned_services.declare_conflict(application, reason=form.reason.data, actor=current_user),
        then=done(
            f"Conflict declared: you will not score or see the scores for {application.person.full_name}",
            "ned.view_vacancy",
            vacancy_id=application.vacancy_id,
        ),
    )
    if finished:
        return finished
    return render_template("ned/declare-conflict.html", form=form, application=application)


@bp.post("/ned/vacancies/<id:vacancy_id>/submit-scores")
@requires("ned_panel.score", load=ned_queries.get_vacancy)
def submit_scores(vacancy):
    try:
        with service_call():
            ned_services.submit_scores(vacancy, actor=current_user)
        flash("Your scores are submitted. You can now see the rest of the panel's")
        return redirect(url_for("ned.panel_scores", vacancy_id=vacancy.id))
    except TalentError as error:
        flash(error.message, "info")
        return redirect(url_for("ned.view_vacancy", vacancy_id=vacancy.id))


@bp.get("/ned/vacancies/<id:vacancy_id>/scores")
@requires("ned_scores.view", load=ned_queries.get_vacancy)
def panel_scores(vacancy):
    stage = ned_services.STAGE_FOR_STATUS.get(vacancy.status)
    scores = ned_services.visible_scores(vacancy, stage, actor=current_user) if stage else []
    applications = ned_queries.applications_to_score(vacancy, stage) if stage else []
    members = {member.id: member for member in vacancy.panel}
    me = next((m for m in vacancy.panel if m.person_id == current_user.person_id), None)
    return render_template(
        "ned/panel-scores.html",
        me=me,
        decider=ned_services.is_decider(vacancy, current_user),
        submitted={member_id for member_id, done in ned_queries.submissions_in(vacancy) if done is stage},
        changes=ned_queries.score_changes(score.id for score in scores),
        vacancy=vacancy,
        stage=stage,
        scores=scores,
        applications=applications,
        members=members,
        moderation=ned_services.moderation(scores),
        totals=ned_services.weighted_totals(vacancy, scores),
        labels=SCORE_LABELS,
        gap=ned_services.disagreement_gap(),
    )


@bp.route("/ned/vacancies/<id:vacancy_id>/shortlist", methods=["GET", "POST"])
@requires("ned_scores.view", load=ned_queries.get_vacancy)
def shortlist(vacancy):
    form = ShortlistForm()
    applications = ned_queries.applications_to_score(vacancy, ScoringStage.SHORTLISTING)
    form.shortlisted.choices = [SelectChoice(a.id, a.person.full_name) for a in applications]
    finished = submit_form(
        form,
        lambda: ned_services.record_shortlist(
            vacancy, shortlisted=form.shortlisted.data or [], reasons=form.reasons.data, actor=current_user
        ),
        then=done("Shortlist recorded: interviews are next", "ned.view_vacancy", vacancy_id=vacancy.id),
    )
    if finished:
        return finished
    return render_template("ned/shortlist.html", form=form, vacancy=vacancy)


@bp.route("/ned/vacancies/<id:vacancy_id>/decision", methods=["GET", "POST"])
@requires("ned_scores.view", load=ned_queries.get_vacancy)
def final_decision(vacancy):
    form = FinalDecisionForm()
    interviewed = ned_queries.applications_to_score(vacancy, ScoringStage.INTERVIEW)
    form.preferred.choices = [SelectChoice(str(a.id), a.person.full_name) for a in interviewed]
    form.reserve.choices = [SelectChoice("", "No reserve")] + form.preferred.choices
    finished = submit_form(
        form,
        lambda: ned_services.record_final_decision(
            vacancy,
            preferred=int(form.preferred.data) if (form.preferred.data or "").isdigit() else None,
            reserve=int(form.reserve.data) if (form.reserve.data or "").isdigit() else None,
            reasons=form.reasons.data,
            actor=current_user,
        ),
        then=done("The panel's decision is recorded", "ned.view_vacancy", vacancy_id=vacancy.id),
    )
    if finished:
        return finished
    return render_template("ned/final-decision.html", form=form, vacancy=vacancy)


# --- Appointments and terms -----------------------------------------------------------------


@bp.route("/ned/vacancies/<id:vacancy_id>/appointment", methods=["GET", "POST"])
@requires("ned_appointment.manage", load=ned_queries.get_vacancy)
def appoint(vacancy):
    form = AppointmentForm()
    candidates = ned_queries.decided_applications(vacancy)
    form.application_id.choices = [
        SelectChoice(str(a.id), f"{a.person.full_name} ({a.status.label.lower()})") for a in candidates
    ]
    if not form.is_submitted():
        form.version.data = vacancy.version
        form.term_months.data = vacancy.term_months
        if candidates:
            form.application_id.data = str(candidates[0].id)

    def record():
        chosen = next((a for a in candidates if str(a.id) == form.application_id.data), None)
        if chosen is None:
            raise RuleViolation("Choose who is appointed", field="application_id")
        return ned_services.appoint(
            vacancy,
            chosen,
            starts_on=form.starts_on.data,
            term_months=form.term_months.data,
            supplement_pounds=form.supplement_pounds.data or 0,
            supplement_for=form.supplement_for.data or "",
            tenure_review=form.tenure_review.data or "",
            extension_approval=form.extension_approval.data or "",
            override_reason=form.override_reason.data or None,
            principal=current_principal(),
            expected_version=expected_version(form),
        )

    finished = submit_form(
        form,
        record,
        then=done(
            lambda a: f"{a.person.full_name} appointed until {a.ends_on:%-d %B %Y}",
            "ned.view_appointment",
            appointment_id=lambda a: a.id,
        ),
    )
    if finished:
        return finished
    return render_template("ned/appoint.html", form=form, vacancy=vacancy, candidates=candidates)


@bp.get("/ned/appointments/<id:appointment_id>")
@requires("ned_term.view", load=ned_queries.get_appointment)
def view_appointment(appointment):
    today = date.today()
    return render_template(
        "ned/view-appointment.html",
        appointment=appointment,
        history=ned_queries.term_history(appointment),
        today=today,
        review_on=add_months(appointment.first_appointed_on, 12 * ned_services.TENURE_REVIEW_YEARS),
        limit_on=add_months(appointment.first_appointed_on, 12 * ned_services.TENURE_LIMIT_YEARS),
        tenure=ned_services.tenure_flag,
    )


@bp.route("/ned/appointments/<id:appointment_id>/reappoint", methods=["GET", "POST"])
@requires("ned_appointment.manage", load=ned_queries.get_appointment)
def reappoint(appointment):
    form = ReappointForm()
    if not form.is_submitted():
        form.version.data = appointment.version
    finished = submit_form(
        form,
        lambda: ned_services.reappoint(
            appointment,
            term_months=form.term_months.data,
            tenure_review=form.tenure_review.data or "",
            extension_approval=form.extension_approval.data or "",
            actor=current_user,
            expected_version=expected_version(form),
        ),
        then=done(
            lambda a: f"{a.person.full_name} reappointed: term {a.term_number} ends on {a.ends_on:%-d %B %Y}",
            "ned.view_appointment",
            appointment_id=lambda a: a.id,
        ),
    )
    if finished:
        return finished
    return render_template("ned/reappoint.html", form=form, appointment=appointment)


@bp.route("/ned/appointments/<id:appointment_id>/end", methods=["GET", "POST"])
@requires("ned_appointment.manage", load=ned_queries.get_appointment)
def end_term(appointment):
    form = EndTermForm()
    if not form.is_submitted():
        form.version.data = appointment.version
    finished = submit_form(
        form,
        lambda: ned_services.end_appointment(
            appointment,
            reason=TermEnd(form.reason.data),
            last_day=form.last_day.data,
            note=form.note.data or "",
            actor=current_user,
            expected_version=expected_version(form),
        ),
        then=done(
            lambda a: f"{a.person.full_name}'s term is recorded as ended: the post is vacant again",
            "ned.board_terms",
            organisation_id=appointment.organisation_id,
        ),
    )
    if finished:
        return finished
    return render_template("ned/end-term.html", form=form, appointment=appointment)


@bp.get("/ned/boards/<id:organisation_id>")
@requires("ned_term.view", load=org_queries.get_organisation)
def board_terms(organisation):
    today = date.today()
    return render_template(
        "ned/board-terms.html",
        organisation=organisation,
        terms=ned_queries.board_terms(organisation.id),
        today=today,
        review_years=ned_services.TENURE_REVIEW_YEARS,
        limit_years=ned_services.TENURE_LIMIT_YEARS,
        tenure=ned_services.tenure_flag,
    )


class TermsQuery(PageArgs):
    within: int = Field(9, ge=1, le=48)
    after: int | None = Field(None, ge=1)


@bp.get("/ned/terms")
@requires("ned_term.view")
def expiring_terms():
    query = parse_query(TermsQuery)
    today = date.today()
    scope = list_scope(current_principal(), "ned_term.view")
    until = add_months(today, query.within)
    terms = ned_queries.expiring_terms(scope, until=until, after=query.after, limit=51)
    return render_template(
        "ned/expiring-terms.html",
        terms=terms[:50],
        more=len(terms) > 50,
        within=query.within,
        terms_until=until,
        tenure=ned_services.tenure_flag,
    )


class DiversityQuery(PageArgs):
    vacancy: int | None = Field(None, ge=1)
    region: int | None = Field(None, ge=1)


@bp.get("/ned/diversity")
@requires("ned_diversity.view")
def diversity():
    query = parse_query(DiversityQuery)
    vacancy = ned_queries.get_vacancy(query.vacancy) if query.vacancy else None
    return render_template(
        "ned/diversity.html",
        vacancy=vacancy,
        region=org_queries.get_region(query.region) if query.region and not vacancy else None,
        regions=org_queries.list_regions(),
        breakdowns=ned_reports.process_diversity(
            actor=current_user, vacancy_id=query.vacancy, region_id=None if vacancy else query.region
        ),
        stages=dict(ned_reports.STAGES),
    )


# --- Moderation changes and the candidate pool ----------------------------------------------


@bp.route("/ned/scores/<id:score_id>/change", methods=["GET", "POST"])
@requires("ned_scores.view", load=ned_queries.get_score)
def change_score(score):
    vacancy = score.member.vacancy
    form = ScoreChangeForm()
    criterion = next((c for c in vacancy.criteria if c.id == score.criterion_id), None)
    application = ned_queries.get_application(score.application_id)
    finished = submit_form(
        form,
        lambda: ned_services.change_submitted_score(
            score, to=int(form.to_score.data), reason=form.reason.data, actor=current_user
        ),
        then=done("The score is changed and the change recorded", "ned.panel_scores", vacancy_id=vacancy.id),
    )
    if finished:
        return finished
    return render_template(
        "ned/change-score.html",
        form=form,
        score=score,
        vacancy=vacancy,
        criterion=criterion,
        application=application,
        history=ned_queries.score_changes([score.id]).get(score.id, []),
    )


@bp.route("/ned/candidate-pool", methods=["GET", "POST"])
@requires("ned_vacancy.apply")
def candidate_pool():
    candidate = ned_queries.candidate_of(current_user.person_id)
    form = CandidatePoolForm(obj=None)
    if not form.is_submitted() and candidate is not None:
        form.version.data = candidate.version
        form.scheme.data = candidate.scheme.value
        form.summary.data = candidate.summary
        form.skills.data = [skill.value for skill in candidate.skill_list]
        form.interested_in_chair.data = candidate.interested_in_chair
    elif not form.is_submitted():
        form.scheme.data = CandidateScheme.NONE.value

    def join():
        if current_user.person_id is None:
            raise RuleViolation("Only people with a staff record can join the candidate pool")
        return ned_services.join_candidate_pool(
            get_person(current_user.person_id),
            scheme=CandidateScheme(form.scheme.data),
            summary=form.summary.data,
            skills=[BoardSkill(value) for value in form.skills.data or []],
            interested_in_chair=bool(form.interested_in_chair.data),
            actor=current_user,
            expected_version=expected_version(form),
        )

    finished = submit_form(form, join, then=done("You are in the NED candidate pool", "ned.opportunities"))
    if finished:
        return finished
    return render_template("ned/candidate-pool.html", form=form, candidate=candidate)


@bp.post("/ned/candidate-pool/leave")
@requires("ned_vacancy.apply")
def leave_candidate_pool():
    candidate = ned_queries.candidate_of(current_user.person_id)
    if candidate is None or not candidate.active:
        flash("You are not in the candidate pool", "info")
    else:
        with service_call():
            ned_services.leave_candidate_pool(candidate, actor=current_user)
        flash("You have left the NED candidate pool")
    return redirect(url_for("ned.opportunities"))


class CandidatesQuery(PageArgs):
    # Empty when the filter is "any".
    scheme: Literal["", *[scheme.value for scheme in CandidateScheme]] = ""
    skill: Literal["", *[skill.value for skill in BoardSkill]] = ""
    after: int | None = Field(None, ge=1)


@bp.get("/ned/candidates")
@requires("ned_candidate.view")
def list_candidates():
    query = parse_query(CandidatesQuery)
    found = ned_queries.candidate_pool(
        scheme=CandidateScheme(query.scheme) if query.scheme else None,
        skill=BoardSkill(query.skill) if query.skill else None,
        after=query.after,
        limit=51,
    )
    return render_template(
        "ned/candidates.html",
        candidates=found[:50],
        more=len(found) > 50,
        query=query,
        schemes=list(CandidateScheme),
        skills=list(BoardSkill),
    )
