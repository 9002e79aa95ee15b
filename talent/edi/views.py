import json

from flask import Response, flash, redirect, render_template, request, url_for
from flask_login import current_user

from talent.auth.policy import requires
from talent.edi import bp
from talent.edi import services as edi_services
from talent.edi.forms import EdiProfileForm
from talent.edi.models import QUESTION_LABELS, QUESTIONS
from talent.errors import NotFound, RuleViolation
from talent.people.queries import get_person
from talent.submit import done, submit_form
from talent.transactions import service_call


@bp.get("/people/<id:person_id>/equality-information")
@requires("edi.own", load=get_person)
def view_edi_profile(person):
    with service_call():
        profile = edi_services.read_profile(person, actor=current_user)
    return render_template(
        "edi/view-edi-profile.html",
        person=person,
        profile=profile,
        questions=QUESTIONS,
        question_labels=QUESTION_LABELS,
    )


@bp.route("/people/<id:person_id>/equality-information/edit", methods=["GET", "POST"])
@requires("edi.own", load=get_person)
def edit_edi_profile(person):
    with service_call():
        profile = edi_services.read_profile(person, actor=current_user)
    data = {"version": profile.version if profile else ""}
    if profile is not None:
        data |= {name: getattr(profile, name).value if getattr(profile, name) else None for name, _ in QUESTIONS}
        data |= {"date_of_birth": profile.date_of_birth, "date_of_birth_withheld": profile.date_of_birth_withheld}
        data["consent"] = profile.consented
    form = EdiProfileForm(data=data)

    def save():
        answers = edi_services.Answers(
            **{name: enum(form[name].data) if form[name].data else None for name, enum in QUESTIONS},
            date_of_birth=form.date_of_birth.data,
            date_of_birth_withheld=form.date_of_birth_withheld.data,
        )
        edi_services.save_profile(
            person,
            answers,
            consent=form.consent.data,
            actor=current_user,
            expected_version=int(form.version.data) if form.version.data else None,
        )

    finished = submit_form(
        form, save, then=done("Your equality information has been saved", "edi.view_edi_profile", person_id=person.id)
    )
    if finished:
        return finished
    return render_template("edi/edit-edi-profile.html", person=person, form=form)


@bp.get("/people/<id:person_id>/equality-information/download")
@requires("edi.own", load=get_person)
def download_edi_profile(person):
    try:
        with service_call():
            export = edi_services.export_profile(person, actor=current_user)
    except NotFound:
        flash("You have not recorded any equality information, so there is nothing to download", "info")
        return redirect(url_for("edi.view_edi_profile", person_id=person.id))
    return Response(
        json.dumps(export, indent=2),
        mimetype="application/json",
        headers={"Content-Disposition": "attachment; filename=equality-information.json"},
    )


@bp.post("/people/<id:person_id>/equality-information/withdraw-consent")
@requires("edi.own", load=get_person)
def withdraw_edi_consent(person):
    try:
        with service_call():
            edi_services.withdraw_consent(person, actor=current_user)
    except (NotFound, RuleViolation) as error:
        flash(error.message, "info")
    else:
        flash("You have withdrawn your consent. Your answers no longer count in statistics.")
    return redirect(url_for("edi.view_edi_profile", person_id=person.id))


@bp.route("/people/<id:person_id>/equality-information/delete", methods=["GET", "POST"])
@requires("edi.own", load=get_person)
def delete_edi_profile(person):
    if request.method == "POST":
        try:
            with service_call():
                edi_services.delete_profile(person, actor=current_user)
        except NotFound as error:
            flash(error.message, "info")
        else:
            flash("Your equality information has been deleted")
        return redirect(url_for("edi.view_edi_profile", person_id=person.id))
    return render_template("edi/delete-edi-profile.html", person=person)
