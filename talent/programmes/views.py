from datetime import date

from flask import flash, redirect, render_template, url_for
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from talent.audit.history import history_for
from talent.auth.policy import current_principal, list_scope, requires
from talent.dates import nhs_date
from talent.errors import RuleViolation
from talent.extensions import db
from talent.insights import services as insight_services
from talent.people.models import Band
from talent.people.queries import find_people, find_person, get_person, list_direct_reports, person_in_scope
from talent.programmes import bp
from talent.programmes import queries as programme_queries
from talent.programmes import services as programme_services
from talent.programmes.forms import (
    AccreditationForm,
    AttendanceForm,
    CohortForm,
    CompletionForm,
    EnrolForm,
    ModuleForm,
    ProgrammeForm,
    ReasonForm,
    RetireRuleForm,
    RuleForm,
)
from talent.programmes.models import EnrolmentStatus, ProgrammeKind
from talent.query_args import FinderQuery, parse_query
from talent.standards import queries as standard_queries
from talent.submit import done, submit_form


@bp.get("/programmes")
@requires("programme.view")
def list_programmes():
    programmes = programme_queries.list_programmes()
    fill = programme_queries.cohort_fill([p.id for p in programmes], date.today())
    rules = programme_queries.list_rules()
    return render_template("programmes/list-programmes.html", programmes=programmes, fill=fill, rules=rules)


@bp.get("/programmes/<id:programme_id>")
@requires("programme.view", load=programme_queries.get_programme)
def view_programme(programme):
    today = date.today()
    population = programme_queries.completion_population(programme.id, today)

    def completion_by(place: str):
        return insight_services.count_by(
            population,
            row=place,
            column="outcome",
            columns=["completed", "not_completed"],
            policy=insight_services.NOT_ABOUT_CHARACTERISTICS,
        )

    return render_template(
        "programmes/view-programme.html",
        programme=programme,
        fill=programme_queries.cohort_fill([programme.id], today).get(programme.id),
        completion_by_region=completion_by("region"),
        completion_by_organisation=completion_by("organisation"),
        today=today,
    )


@bp.route("/programmes/<id:programme_id>/cohorts/new", methods=["GET", "POST"])
@requires("programme.manage", load=programme_queries.get_programme)
def new_cohort(programme):
    form = CohortForm()
    finished = submit_form(
        form,
        lambda: programme_services.create_cohort(
            programme,
            title=form.title.data,
            starts_on=form.starts_on.data,
            ends_on=form.ends_on.data,
            capacity=form.capacity.data,
        ),
        then=done(lambda cohort: f"{cohort.title} added", "programmes.view_cohort", cohort_id=lambda cohort: cohort.id),
    )
    if finished:
        return finished
    return render_template("programmes/new-cohort.html", form=form, programme=programme)


@bp.route("/cohorts/<id:cohort_id>", methods=["GET", "POST"])
@requires("programme.manage", load=programme_queries.get_cohort)
def view_cohort(cohort):
    form = EnrolForm()
    scope = list_scope(current_principal(), "programme.manage")

    def enrol():
        if form.person_id.data:
            person = person_in_scope(scope, int(form.person_id.data)) if form.person_id.data.isdigit() else None
            if person is None:
                raise RuleViolation("That person cannot be found: search for them again", field="person")
        elif form.person.data:
            person = find_person(form.person.data)
            if person is None:
                raise RuleViolation("No one has that work email address or employee number", field="person")
        else:
            raise RuleViolation("Find the person by name, or enter their work email or employee number", field="person")
        return programme_services.enrol(person, cohort)

    finished = submit_form(
        form,
        enrol,
        then=done(
            lambda enrolment: f"{enrolment.person.full_name}: {enrolment.status.label.lower()}",
            "programmes.view_cohort",
            cohort_id=cohort.id,
        ),
    )
    if finished:
        return finished
    query = parse_query(FinderQuery)
    found, more = find_people(scope, query.find, on=date.today()) if query.find else ([], False)
    return render_template(
        "programmes/view-cohort.html",
        cohort=cohort,
        form=form,
        find=query.find,
        found=found,
        more=more,
        enrolments=programme_queries.cohort_enrolments(cohort),
        taken=programme_services.places_taken(cohort),
        statuses=EnrolmentStatus,
    )


@bp.route("/enrolments/<id:enrolment_id>/outcome", methods=["GET", "POST"])
@requires("programme.manage", load=programme_queries.get_enrolment)
def record_outcome(enrolment):
    form = CompletionForm()
    finished = submit_form(
        form,
        lambda: programme_services.record_completion(
            enrolment,
            completed_on=form.completed_on.data,
            passed=form.outcome.data == "completed",
            assessment_result=form.assessment_result.data or "",
            evidence=form.evidence.data or "",
        ),
        then=done(
            f"Outcome recorded for {enrolment.person.full_name}",
            "programmes.view_cohort",
            cohort_id=enrolment.cohort_id,
        ),
    )
    if finished:
        return finished
    return render_template("programmes/record-outcome.html", form=form, enrolment=enrolment)


@bp.route("/enrolments/<id:enrolment_id>/withdraw", methods=["GET", "POST"])
@requires("programme.manage", load=programme_queries.get_enrolment)
def withdraw_enrolment(enrolment):
    return _leave(enrolment, "withdraw", programme_services.withdraw)


@bp.route("/enrolments/<id:enrolment_id>/defer", methods=["GET", "POST"])
@requires("programme.manage", load=programme_queries.get_enrolment)
def defer_enrolment(enrolment):
    return _leave(enrolment, "defer", programme_services.defer)


def _leave(enrolment, action: str, change):
    form = ReasonForm()

    def said(promoted) -> str:
        message = f"{enrolment.person.full_name}: {enrolment.status.label.lower()}"
        if promoted is not None:
            message += f". {promoted.person.full_name} has moved off the waiting list into the place"
        return message

    finished = submit_form(
        form,
        lambda: change(enrolment, reason=form.reason.data or ""),
        then=done(said, "programmes.view_cohort", cohort_id=enrolment.cohort_id),
    )
    if finished:
        return finished
    return render_template("programmes/leave-programme.html", form=form, enrolment=enrolment, action=action)


@bp.get("/learning")
@requires("learning.view")
def my_learning():
    if current_user.person_id is None:
        flash("Your account is not linked to a person, so it has no learning record", "info")
        return redirect(url_for("home.show_home"))
    return redirect(url_for("programmes.view_learning", person_id=current_user.person_id))


@bp.get("/people/<id:person_id>/learning")
@requires("learning.view", load=get_person)
def view_learning(person):
    today = date.today()
    posts = programme_queries.current_posts(person.id, today)
    by_band = programme_services.eligibility_by_band(person.id, today)
    top = max((post.band for post in posts), key=lambda band: band.rank, default=None)
    following = programme_services.next_band(top) if top else None
    return render_template(
        "programmes/view-learning.html",
        person=person,
        enrolments=programme_queries.person_enrolments(person.id),
        standing=programme_services.standing(person.id, posts, today),
        by_band=by_band,
        next_band=next((result for result in by_band if result.band == following), None),
        vacancies=programme_services.vacancies_with_eligibility(person, by_band, today),
        own=person.id == current_user.person_id,
    )


@bp.get("/team/learning")
@requires("team.view")
def team_learning():
    today = date.today()
    reports = list_direct_reports(current_user.person_id, today)
    person_ids = [post.person_id for post in reports]
    enrolments = programme_queries.enrolments_for_people(person_ids)
    standing = programme_services.check_eligibility_for_many(
        [(post.person_id, post.band, today) for post in reports], in_force_only=False
    )
    return render_template(
        "programmes/team-learning.html", rows=list(zip(reports, standing, strict=True)), enrolments=enrolments
    )


@bp.route("/programmes/rules/new", methods=["GET", "POST"])
@requires("programme.manage")
def new_rule():
    form = RuleForm()
    form.programmes.choices = [SelectChoice(p.id, p.title) for p in programme_queries.list_programmes()]
    finished = submit_form(
        form,
        lambda: programme_services.create_rule(
            title=form.title.data,
            min_band=Band(form.min_band.data),
            programmes=programme_queries.programmes_by_id(form.programmes.data or []),
            required_level=int(form.required_level.data) if form.required_level.data else None,
            effective_from=form.effective_from.data,
            actor=current_user,
        ),
        then=done("Prerequisite rule added", "programmes.list_programmes"),
    )
    if finished:
        return finished
    return render_template("programmes/new-rule.html", form=form)


@bp.get("/programmes/rules/<id:rule_id>")
@requires("programme.view", load=programme_queries.get_rule)
def view_rule(rule):
    return render_template("programmes/view-rule.html", rule=rule, history=history_for(rule))


@bp.route("/programmes/rules/<id:rule_id>/retire", methods=["GET", "POST"])
@requires("programme.manage", load=programme_queries.get_rule)
def retire_rule(rule):
    """A confirmation page: retiring cannot be undone, so it says what will happen first."""
    form = RetireRuleForm()
    today = date.today()
    finished = submit_form(
        form,
        lambda: programme_services.retire_rule(rule, on=today, actor=current_user, comment=form.comment.data or ""),
        then=done(
            lambda _: f"Rule retired: it no longer applies to posts starting on or after {nhs_date(rule.retired_on)}",
            "programmes.view_rule",
            rule_id=rule.id,
        ),
    )
    if finished:
        return finished
    return render_template(
        "programmes/retire-rule.html",
        rule=rule,
        form=form,
        stops_on=programme_services.retirement_effect(rule, on=today),
    )


@bp.route("/programmes/<id:programme_id>/accreditations/new", methods=["GET", "POST"])
@requires("programme.manage", load=programme_queries.get_programme)
def new_accreditation(programme):
    form = AccreditationForm()
    finished = submit_form(
        form,
        lambda: programme_services.add_accreditation(
            programme, body=form.body.data, valid_from=form.valid_from.data, valid_to=form.valid_to.data
        ),
        then=done("Accreditation recorded", "programmes.view_programme", programme_id=programme.id),
    )
    if finished:
        return finished
    return render_template("programmes/new-accreditation.html", form=form, programme=programme)


@bp.route("/enrolments/<id:enrolment_id>/attendance", methods=["GET", "POST"])
@requires("programme.manage", load=programme_queries.get_enrolment)
def record_attendance(enrolment):
    form = AttendanceForm()
    finished = submit_form(
        form,
        lambda: programme_services.record_attendance(
            enrolment, session_on=form.session_on.data, attended=form.attended.data == "yes"
        ),
        then=done("Attendance recorded", "programmes.record_attendance", enrolment_id=enrolment.id),
    )
    if finished:
        return finished
    return render_template("programmes/record-attendance.html", form=form, enrolment=enrolment)


@bp.route("/programmes/new", methods=["GET", "POST"])
@requires("programme.manage")
def new_programme():
    form = ProgrammeForm()
    finished = submit_form(
        form,
        lambda: programme_services.create_programme(
            code=form.code.data,
            title=form.title.data,
            kind=ProgrammeKind(form.kind.data),
            provider=form.provider.data,
            description=form.description.data or "",
        ),
        then=done(
            lambda programme: f"{programme.title} added. Add its modules and the standards they develop.",
            "programmes.view_programme",
            programme_id=lambda programme: programme.id,
        ),
    )
    if finished:
        return finished
    return render_template("programmes/new-programme.html", form=form)


@bp.route("/programmes/<id:programme_id>/modules/new", methods=["GET", "POST"])
@requires("programme.manage", load=programme_queries.get_programme)
def new_module(programme):
    form = ModuleForm()
    standards = standard_queries.standards_query(code="mls")
    choices = {s.id: s for s in db.session.scalars(standards)}
    form.standards.choices = [SelectChoice(s.id, f"Level {s.level}: {s.title}") for s in choices.values()]
    finished = submit_form(
        form,
        lambda: programme_services.add_module(
            programme, title=form.title.data, standards=[choices[i] for i in form.standards.data or []]
        ),
        then=done("Module added", "programmes.view_programme", programme_id=programme.id),
    )
    if finished:
        return finished
    return render_template("programmes/new-module.html", form=form, programme=programme)
