from flask import flash, redirect, render_template, url_for

from talent.auth.policy import requires
from talent.errors import RuleViolation
from talent.standards import bp
from talent.standards import queries as standard_queries
from talent.standards import services as standard_services
from talent.standards.forms import StatementForm
from talent.standards.models import MANAGEMENT_LEVELS
from talent.submit import done, submit_form
from talent.transactions import service_call


@bp.get("/standards")
@requires("standard.view")
def list_frameworks():
    return render_template("standards/list-frameworks.html", frameworks=standard_queries.list_frameworks())


@bp.get("/standards/<id:framework_id>")
@requires("standard.view", load=standard_queries.get_framework)
def view_framework(framework):
    return render_template("standards/view-framework.html", framework=framework, levels=MANAGEMENT_LEVELS)


@bp.post("/standards/<id:framework_id>/new-version")
@requires("standard.manage", load=standard_queries.get_framework)
def start_new_version(framework):
    try:
        with service_call():
            draft = standard_services.start_new_version(framework)
    except RuleViolation as error:
        flash(error.message, "info")
        return redirect(url_for("standards.view_framework", framework_id=framework.id))
    flash(f"Version {draft.version} started as a draft. Change it, then put it into use.")
    return redirect(url_for("standards.view_framework", framework_id=draft.id))


@bp.post("/standards/<id:framework_id>/publish")
@requires("standard.manage", load=standard_queries.get_framework)
def publish_framework(framework):
    try:
        with service_call():
            standard_services.publish(framework)
    except RuleViolation as error:
        flash(error.message, "info")
    else:
        flash(f"Version {framework.version} is now in use. Records made against earlier versions keep them.")
    return redirect(url_for("standards.view_framework", framework_id=framework.id))


@bp.route("/standards/statements/<id:statement_id>/edit", methods=["GET", "POST"])
@requires("standard.manage", load=standard_queries.get_statement)
def edit_statement(statement):
    form = StatementForm(data={"text": statement.text})
    finished = submit_form(
        form,
        lambda: standard_services.change_statement(statement, form.text.data),
        then=done(
            "Behaviour statement changed",
            "standards.view_framework",
            framework_id=statement.standard.domain.framework_id,
        ),
    )
    if finished:
        return finished
    return render_template("standards/edit-statement.html", form=form, statement=statement)
