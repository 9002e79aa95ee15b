from datetime import date

from flask import render_template
from flask_login import current_user

from talent.appraisals import queries as appraisal_queries
from talent.auth.policy import requires
from talent.orgs import bp
from talent.orgs import queries as org_queries
from talent.orgs import services as org_services
from talent.orgs.forms import RecordSegmentForm
from talent.people import queries as people_queries
from talent.query_args import OptionalId, PageArgs, SearchText, parse_query
from talent.submit import done, submit_form


class OrganisationsQuery(PageArgs):
    region: OptionalId = None
    q: SearchText = ""
    challenged: str = ""


@bp.get("/organisations")
@requires("organisation.list")
def list_organisations():
    query = parse_query(OrganisationsQuery)
    page, region_id, search = query.page, query.region, query.q
    challenged_only = query.challenged == "yes"
    per_page = 50
    rows, total = org_queries.paginate_organisations(
        page, per_page, region_id=region_id, search=search, challenged_only=challenged_only
    )
    return render_template(
        "orgs/list-organisations.html",
        rows=rows,
        total=total,
        page=page,
        pages=max((total + per_page - 1) // per_page, 1),
        regions=org_queries.list_regions(),
        region_id=region_id,
        search=search,
        challenged_only=challenged_only,
    )


@bp.get("/organisations/<id:organisation_id>")
@requires("organisation.view", load=org_queries.get_organisation)
def view_organisation(organisation):
    return render_template(
        "orgs/view-organisation.html",
        organisation=organisation,
        current_segment=org_services.current_segment(organisation),
        challenged=org_services.is_challenged(organisation),
        cycles=appraisal_queries.cycles_of(organisation.id),
    )


@bp.route("/organisations/<id:organisation_id>/segments/new", methods=["GET", "POST"])
@requires("organisation.record_segment", load=org_queries.get_organisation)
def record_segment(organisation):
    form = RecordSegmentForm()
    finished = submit_form(
        form,
        lambda: org_services.record_segment(
            organisation,
            segment=int(form.segment.data),
            effective_from=form.effective_from.data,
            framework_version=form.framework_version.data,
            actor=current_user,
        ),
        then=done(
            lambda entry: f"Segment {entry.segment} recorded for {organisation.display_name}",
            "orgs.view_organisation",
            organisation_id=organisation.id,
        ),
    )
    if finished:
        return finished
    return render_template("orgs/record-segment.html", form=form, organisation=organisation)


@bp.get("/organisations/<id:organisation_id>/board")
@requires("board.view", load=org_queries.get_organisation)
def view_board(organisation):
    return render_template(
        "orgs/view-board.html",
        organisation=organisation,
        posts=people_queries.list_board_posts(organisation.id, date.today()),
    )
