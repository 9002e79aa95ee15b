from datetime import date

from flask import render_template

from talent.auth.policy import current_principal, list_scope, requires
from talent.errors import RuleViolation
from talent.people import bp
from talent.people import queries as people_queries
from talent.people import services as people_services
from talent.people.forms import EditPostForm, NewPostForm
from talent.people.models import Band
from talent.query_args import Cursor, PageArgs, SearchText, parse_query
from talent.submit import done, submit_form


class PeopleQuery(PageArgs):
    q: SearchText = ""
    after: Cursor = ""


#: The list says "more than" this many rather than counting a national workforce on every page.
PEOPLE_COUNT_CAP = 10000


@bp.get("/people")
@requires("person.list")
def list_people():
    query = parse_query(PeopleQuery)
    search = query.q
    scope = list_scope(current_principal(), "person.list")
    if search:
        # A search is the people finder: by name, post, band or organisation, at most 20 rows,
        # each showing what tells two people with the same name apart.
        found, more = people_queries.find_people(scope, search, on=date.today())
        return render_template("people/list-people.html", found=found, more=more, search=search)
    try:
        after = people_queries.decode_person_cursor(query.after) if query.after else None
    except ValueError as error:
        raise RuleViolation(str(error), field="after") from None
    # A page at a time from the name-order index, never OFFSET: the 1,000th page of 1.3 million
    # people is read as quickly as the first.
    people, next_cursor = people_queries.people_page(scope, search=None, after=after, size=50)
    return render_template(
        "people/list-people.html",
        people=people,
        next_cursor=next_cursor,
        first_page=after is None,
        total=people_queries.count_people(scope, cap=PEOPLE_COUNT_CAP),
        cap=PEOPLE_COUNT_CAP,
        search=search,
    )


@bp.get("/people/<id:person_id>")
@requires("person.view", load=people_queries.get_person)
def view_person(person):
    today = date.today()
    return render_template(
        "people/view-person.html",
        person=person,
        posts=people_queries.list_posts_for_person(person),
        reports=people_queries.list_direct_reports(person.id, today),
        today=today,
    )


@bp.route("/posts/<id:post_id>/edit", methods=["GET", "POST"])
@requires("post.edit", load=people_queries.get_post)
def edit_post(post):
    form = EditPostForm(
        data={
            "title": post.title,
            "band": post.band.value,
            "directorate": post.directorate,
            "end_date": post.end_date,
            "version": post.version,
        }
    )
    after = (
        done("Post updated", "people.view_person", person_id=post.person_id)
        if post.person_id
        else done("Post updated", "orgs.view_organisation", organisation_id=post.organisation_id)
    )
    finished = submit_form(
        form,
        lambda: people_services.update_post(
            post,
            expected_version=int(form.version.data or 0),
            title=form.title.data,
            band=Band(form.band.data),
            directorate=form.directorate.data,
            end_date=form.end_date.data,
            principal=current_principal(),
            override_reason=form.override_reason.data,
        ),
        then=after,
    )
    if finished:
        return finished
    return render_template("people/edit-post.html", form=form, post=post)


@bp.route("/people/<id:person_id>/posts/new", methods=["GET", "POST"])
@requires("post.create", load=people_queries.get_person)
def new_post(person):
    form = NewPostForm()
    finished = submit_form(
        form,
        lambda: people_services.add_post(
            person,
            organisation=person.organisation,
            title=form.title.data,
            band=Band(form.band.data),
            directorate=form.directorate.data,
            start_date=form.start_date.data,
            end_date=form.end_date.data,
            principal=current_principal(),
            override_reason=form.override_reason.data,
        ),
        then=done("Post added", "people.view_person", person_id=person.id),
    )
    if finished:
        return finished
    return render_template("people/new-post.html", form=form, person=person)
