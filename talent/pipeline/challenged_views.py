"""Pages for challenged posts, incentive packages and matching (on the pipeline blueprint)."""

import json
from datetime import date

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from talent.auth.policy import can, current_principal, list_scope, requires
from talent.errors import RuleViolation, TalentError
from talent.orgs import queries as org_queries
from talent.people.models import Band
from talent.pipeline import bp, challenged, matching
from talent.pipeline import queries as pipeline_queries
from talent.pipeline import reports as pipeline_reports
from talent.pipeline.forms import (
    ChallengedPostForm,
    ConflictForm,
    InterviewForm,
    LeavingForm,
    PackageDecisionForm,
    PackageForm,
    PlacementForm,
    ShortlistForm,
    weights_form,
)
from talent.pipeline.models import ExperienceTag, MatchKind, TargetRole
from talent.submit import done, submit_form
from talent.transactions import service_call

#: Ranked candidates offered for the shortlist on its page.
SHORTLIST_CHOICES = 15


def _scope():
    return list_scope(current_principal(), "challenged_post.manage")


@bp.get("/challenged-posts")
@requires("challenged_post.manage")
def list_challenged_posts():
    scope = _scope()
    regions = [region for region in org_queries.list_regions() if scope.everything or region.id in scope.region_ids]
    # National admins see the fairness of the process across England; a talent lead, their region's.
    fairness_region = None if scope.everything else (regions[0] if regions else None)
    return render_template(
        "pipeline/challenged-posts.html",
        posts=pipeline_queries.challenged_posts(scope),
        regions=regions,
        fairness_of=fairness_region.name if fairness_region else "England",
        fairness=pipeline_reports.process_fairness(fairness_region.id if fairness_region else None, actor=current_user),
        awaiting=pipeline_queries.awaiting_approval() if can(current_principal(), "incentive_package.approve") else [],
    )


@bp.route("/challenged-posts/new", methods=["GET", "POST"])
@requires("challenged_post.manage")
def new_challenged_post():
    form = ChallengedPostForm()
    form.band.choices = [SelectChoice(band.value, band.label) for band in challenged.POST_BANDS]
    templates = pipeline_queries.packages(_scope(), templates_only=True)
    form.package_id.choices = [SelectChoice("", "No package")] + [
        SelectChoice(str(package.id), f"{package.name} ({package.region.name})") for package in templates
    ]
    if not form.is_submitted():
        form.interim.data = "substantive"

    def create():
        organisation = org_queries.get_organisation_by_code(form.ods_code.data.strip().upper())
        if organisation is None:
            raise RuleViolation("No organisation has that ODS code", field="ods_code")
        if not can(current_principal(), "challenged_post.manage", organisation):
            raise RuleViolation("Choose an organisation in your region", field="ods_code")
        template = next((p for p in templates if str(p.id) == form.package_id.data), None)
        return challenged.create_post(
            organisation,
            title=form.title.data,
            band=Band(form.band.data),
            role_type=TargetRole(form.role_type.data),
            min_behaviours_rating=form.min_behaviours_rating.data,
            experience=[ExperienceTag(value) for value in form.experience.data or []],
            interim=form.interim.data == "interim",
            starts_on=form.starts_on.data,
            closing_on=form.closing_on.data,
            template=template,
            actor=current_user,
        )

    finished = submit_form(
        form,
        create,
        then=done(lambda p: f"{p.title} added", "pipeline.view_challenged_post", post_id=lambda p: p.id),
    )
    if finished:
        return finished
    return render_template("pipeline/new-challenged-post.html", form=form)


@bp.get("/challenged-posts/<id:post_id>")
@requires("challenged_post.manage", load=pipeline_queries.get_challenged_post)
def view_challenged_post(post):
    return render_template(
        "pipeline/view-challenged-post.html",
        post=post,
        problems=challenged.offer_problems(post),
        runs=pipeline_queries.runs_for_post(post.id),
        shortlist=pipeline_queries.shortlist(post.id),
    )


@bp.post("/challenged-posts/<id:post_id>/match")
@requires("challenged_post.manage", load=pipeline_queries.get_challenged_post)
def match_challenged_post(post):
    try:
        with service_call():
            run = challenged.match_post(
                post,
                include_other_regions=request.form.get("other_regions") == "yes",
                include_national=request.form.get("national") == "yes",
                actor=current_user,
            )
    except TalentError as error:
        flash(error.message, "info")
        return redirect(url_for("pipeline.view_challenged_post", post_id=post.id))
    return redirect(url_for("pipeline.view_match_run", run_id=run.id))


@bp.post("/regions/<id:region_id>/assignment")
@requires("challenged_post.manage", load=org_queries.get_region)
def propose_assignment(region):
    try:
        with service_call():
            proposal = challenged.propose_assignment(
                region,
                include_other_regions=request.form.get("other_regions") == "yes",
                include_national=request.form.get("national") == "yes",
                actor=current_user,
            )
    except TalentError as error:
        flash(error.message, "info")
        return redirect(url_for("pipeline.list_challenged_posts"))
    return redirect(url_for("pipeline.view_match_run", run_id=proposal.run.id))


@bp.get("/match-runs/<id:run_id>")
@requires("challenged_post.manage", load=pipeline_queries.get_run)
def view_match_run(run):
    results = pipeline_queries.run_results(run)
    by_post: dict[int, list] = {}
    for result in results:
        by_post.setdefault(result.post_id, []).append(result)
    unfilled = {int(k): v for k, v in json.loads(run.unfilled or "{}").items()}
    return render_template(
        "pipeline/view-match-run.html",
        run=run,
        unfilled_posts=pipeline_queries.challenged_posts_by_id(unfilled),
        by_post=by_post,
        posts={result.post_id: result.post for result in results},
        unfilled=unfilled,
        weights=json.loads(run.weights),
        labels=matching.LABELS,
        contributions={result.id: json.loads(result.contributions) for result in results},
        regional=run.kind is MatchKind.REGION,
        fairness=pipeline_reports.process_fairness(run.region_id, actor=current_user),
    )


@bp.post("/match-results/<id:result_id>/decision")
@requires("challenged_post.manage", load=pipeline_queries.get_result)
def decide_pair(result):
    try:
        with service_call():
            challenged.decide_pair(result, accept=request.form.get("accept") == "yes", actor=current_user)
        flash(f"{result.person.full_name}: {'accepted' if result.accepted else 'set aside'} for {result.post.title}")
    except TalentError as error:
        flash(error.message, "info")
    return redirect(url_for("pipeline.view_match_run", run_id=result.run_id))


@bp.route("/regions/<id:region_id>/match-weights", methods=["GET", "POST"])
@requires("challenged_post.manage", load=org_queries.get_region)
def match_weights(region):
    form = weights_form(matching.CRITERIA)()
    if not form.is_submitted():
        for code, weight in challenged.region_weights(region.id).items():
            form[code].data = weight
    finished = submit_form(
        form,
        lambda: challenged.save_weights(
            region, {code: form[code].data for code in matching.DEFAULT_WEIGHTS}, actor=current_user
        ),
        then=done(f"Matching weights saved for {region.name}", "pipeline.list_challenged_posts"),
    )
    if finished:
        return finished
    return render_template("pipeline/match-weights.html", form=form, region=region, codes=list(matching.LABELS))


# --- Incentive packages ---------------------------------------------------------------------


@bp.get("/incentive-packages")
@requires("challenged_post.manage")
def list_packages():
    return render_template("pipeline/packages.html", packages=pipeline_queries.packages(_scope()))


@bp.route("/regions/<id:region_id>/incentive-packages/new", methods=["GET", "POST"])
@requires("challenged_post.manage", load=org_queries.get_region)
def new_package(region):
    form = PackageForm()
    finished = submit_form(
        form,
        lambda: challenged.create_package(
            region,
            challenged.PackageTerms(
                name=form.name.data,
                base_salary_pounds=form.base_salary_pounds.data,
                uplift_percent=form.uplift_percent.data or 0,
                uplift_months=form.uplift_months.data or 0,
                relocation_pounds=form.relocation_pounds.data or 0,
                ceo_mentoring=bool(form.ceo_mentoring.data),
                protected_development_days=form.protected_development_days.data or 0,
                return_guarantee=bool(form.return_guarantee.data),
                bonus_percent=form.bonus_percent.data or 0,
            ),
            template=True,
            actor=current_user,
        ),
        then=done(lambda p: f"{p.name} saved", "pipeline.view_package", package_id=lambda p: p.id),
    )
    if finished:
        return finished
    return render_template("pipeline/new-package.html", form=form, region=region)


@bp.get("/incentive-packages/<id:package_id>")
@requires("challenged_post.manage", load=pipeline_queries.get_package)
def view_package(package):
    return render_template("pipeline/view-package.html", package=package, threshold=challenged.approval_threshold())


@bp.route("/incentive-packages/<id:package_id>/decision", methods=["GET", "POST"])
@requires("incentive_package.approve", load=pipeline_queries.get_package)
def decide_package(package):
    form = PackageDecisionForm()
    finished = submit_form(
        form,
        lambda: challenged.decide_package(
            package, approve=form.decision.data == "approve", note=form.note.data, actor=current_user
        ),
        then=done("Decision recorded", "pipeline.view_package", package_id=package.id),
    )
    if finished:
        return finished
    return render_template("pipeline/decide-package.html", form=form, package=package)


# --- Shortlists, offers and placements ------------------------------------------------------


@bp.route("/match-runs/<id:run_id>/shortlist", methods=["GET", "POST"])
@requires("challenged_post.manage", load=pipeline_queries.get_run)
def shortlist_from_run(run):
    if run.post is None:
        flash("Shortlists are made from a run for one post", "info")
        return redirect(url_for("pipeline.view_match_run", run_id=run.id))
    ranked = [result for result in pipeline_queries.run_results(run) if result.rank][:SHORTLIST_CHOICES]
    form = ShortlistForm()
    form.person_ids.choices = [
        SelectChoice(result.person_id, f"{result.rank}. {result.person.full_name} ({result.score})")
        for result in ranked
    ]
    if not form.is_submitted():
        form.person_ids.data = [result.person_id for result in ranked[:3]]
    finished = submit_form(
        form,
        lambda: challenged.create_shortlist(
            run.post, run=run, person_ids=form.person_ids.data or [], reason=form.reason.data or "", actor=current_user
        ),
        then=done("Shortlist saved", "pipeline.view_challenged_post", post_id=run.post_id),
    )
    if finished:
        return finished
    return render_template("pipeline/shortlist.html", form=form, run=run)


@bp.route("/shortlist-entries/<id:entry_id>/interview", methods=["GET", "POST"])
@requires("challenged_post.manage", load=pipeline_queries.get_shortlist_entry)
def record_interview(entry):
    form = InterviewForm()
    finished = submit_form(
        form,
        lambda: challenged.record_interview(
            entry, selected=form.outcome.data == "selected", notes=form.notes.data or "", actor=current_user
        ),
        then=done("Interview outcome recorded", "pipeline.view_challenged_post", post_id=entry.post_id),
    )
    if finished:
        return finished
    return render_template("pipeline/interview.html", form=form, entry=entry)


@bp.post("/shortlist-entries/<id:entry_id>/offer")
@requires("challenged_post.manage", load=pipeline_queries.get_shortlist_entry)
def make_offer(entry):
    try:
        with service_call():
            challenged.make_offer(entry, actor=current_user)
        flash(f"{entry.post.title} offered to {entry.person.full_name}")
    except TalentError as error:
        flash(error.message, "info")
    return redirect(url_for("pipeline.view_challenged_post", post_id=entry.post_id))


@bp.route("/shortlist-entries/<id:entry_id>/placement", methods=["GET", "POST"])
@requires("challenged_post.manage", load=pipeline_queries.get_shortlist_entry)
def record_placement(entry):
    form = PlacementForm()
    if not form.is_submitted():
        form.starts_on.data = entry.post.starts_on
    finished = submit_form(
        form,
        lambda: challenged.record_placement(entry, starts_on=form.starts_on.data, principal=current_principal()),
        then=done(f"{entry.person.full_name} placed", "pipeline.list_placements"),
    )
    if finished:
        return finished
    return render_template("pipeline/placement.html", form=form, entry=entry)


@bp.get("/placements")
@requires("challenged_post.manage")
def list_placements():
    found = pipeline_queries.placements(_scope())
    return render_template("pipeline/placements.html", outcomes=challenged.placement_outcomes(found, date.today()))


@bp.route("/placements/<id:placement_id>/leaving", methods=["GET", "POST"])
@requires("challenged_post.manage", load=pipeline_queries.get_placement)
def record_leaving(placement):
    form = LeavingForm()
    finished = submit_form(
        form,
        lambda: challenged.record_leaving(
            placement, left_on=form.left_on.data, reason=form.reason.data, actor=current_user
        ),
        then=done("Leaving recorded", "pipeline.list_placements"),
    )
    if finished:
        return finished
    return render_template("pipeline/leaving.html", form=form, placement=placement)


@bp.route("/challenged-posts/<id:post_id>/conflict", methods=["GET", "POST"])
@requires("challenged_post.manage", load=pipeline_queries.get_challenged_post)
def declare_conflict(post):
    """A candidate's conflict of interest with the post's organisation, chosen from the people
    the post's latest run considered."""
    runs = pipeline_queries.runs_for_post(post.id, limit=1)
    people = {result.person_id: result.person for result in pipeline_queries.run_results(runs[0])} if runs else {}
    form = ConflictForm()
    form.person_id.choices = [SelectChoice("", "Choose a candidate")] + [
        SelectChoice(str(pid), person.full_name)
        for pid, person in sorted(people.items(), key=lambda i: i[1].family_name)
    ]

    def record():
        person = people.get(int(form.person_id.data)) if (form.person_id.data or "").isdigit() else None
        if person is None:
            raise RuleViolation("Choose a candidate from the post's latest run", field="person_id")
        return challenged.declare_conflict(person, post.organisation, reason=form.reason.data, actor=current_user)

    finished = submit_form(
        form, record, then=done("Conflict of interest recorded", "pipeline.view_challenged_post", post_id=post.id)
    )
    if finished:
        return finished
    return render_template("pipeline/declare-conflict.html", form=form, post=post)
