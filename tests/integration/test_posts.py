"""HR changes a post: a clear error for bad input, and no silent overwrite of someone else's change."""

from datetime import date, timedelta

from sqlalchemy import select

from talent.auth.models import Role
from talent.extensions import db
from talent.people.models import Band, Post
from tests.factories import create_account, create_organisation, create_person
from tests.pages import csrf_token, error_summary


def hr_and_post(db_session):
    trust = create_organisation()
    nurse = create_person(organisation=trust, title="Staff nurse", band="5")
    hr = create_account(person=create_person(organisation=trust), roles=[(Role.HR_ADMIN, trust)])
    return hr, nurse.posts[0]


def fresh(post_id: int) -> Post:
    db.session.expire_all()
    return db.session.scalar(select(Post).where(Post.id == post_id))


def form_data(page, **changes):
    data = {
        "title": page.find("input", attrs={"name": "title"})["value"],
        "band": "5",
        "version": page.find("input", attrs={"name": "version"})["value"],
        "csrf_token": csrf_token(page),
    }
    data.update(changes)
    return data


def test_hr_changes_the_title_and_band(pages, db_session):
    hr, post = hr_and_post(db_session)
    pages.sign_in(hr)
    page = pages.get("people.edit_post", post_id=post.id)
    response = pages.client.post(
        pages.url("people.edit_post", post_id=post.id), data=form_data(page, title="Senior staff nurse", band="6")
    )
    assert response.status_code == 302
    changed = fresh(post.id)
    assert (changed.title, changed.band) == ("Senior staff nurse", Band.AFC_6)
    assert "Post updated" in pages.client.get(response.headers["Location"]).get_data(as_text=True)


def test_an_end_date_before_the_start_is_refused_and_nothing_changes(pages, db_session):
    hr, post = hr_and_post(db_session)
    pages.sign_in(hr)
    page = pages.get("people.edit_post", post_id=post.id)
    before = post.start_date - timedelta(days=1)
    data = form_data(page, title="Changed title")
    data.update({"end_date[day]": before.day, "end_date[month]": before.month, "end_date[year]": before.year})
    response = pages.client.post(pages.url("people.edit_post", post_id=post.id), data=data)
    assert response.status_code == 200
    from tests.pages import check_page

    assert error_summary(check_page(response)) == ["End date must be the same as or after the start date"]
    assert fresh(post.id).title == "Staff nurse"


def test_an_impossible_date_and_an_empty_title_are_both_named(pages, db_session):
    hr, post = hr_and_post(db_session)
    pages.sign_in(hr)
    page = pages.get("people.edit_post", post_id=post.id)
    data = form_data(page, title="")
    data.update({"end_date[day]": "31", "end_date[month]": "2", "end_date[year]": "2027"})
    response = pages.client.post(pages.url("people.edit_post", post_id=post.id), data=data)
    from tests.pages import check_page

    assert error_summary(check_page(response)) == ["Enter the post title", "End date (optional) must be a real date"]


def test_a_stale_form_does_not_overwrite_a_newer_change(pages, db_session):
    """Two HR admins open the same post; the second to save is told to reload."""
    hr, post = hr_and_post(db_session)
    pages.sign_in(hr)
    first = pages.get("people.edit_post", post_id=post.id)
    second = pages.get("people.edit_post", post_id=post.id)
    url = pages.url("people.edit_post", post_id=post.id)
    assert pages.client.post(url, data=form_data(first, title="Title from the first admin")).status_code == 302
    response = pages.client.post(url, data=form_data(second, title="Title from the second admin"))
    assert response.status_code == 200
    assert "Someone else changed this post" in response.get_data(as_text=True)
    assert fresh(post.id).title == "Title from the first admin"


def test_the_post_keeps_its_start_date(pages, db_session):
    hr, post = hr_and_post(db_session)
    pages.sign_in(hr)
    page = pages.get("people.edit_post", post_id=post.id)
    pages.client.post(pages.url("people.edit_post", post_id=post.id), data=form_data(page, title="Lead nurse"))
    assert fresh(post.id).start_date == date.today() - timedelta(days=365)


def test_hr_cannot_change_or_add_their_own_post(pages, db_session):
    trust = create_organisation()
    hr = create_account(
        person=create_person(organisation=trust, title="HR adviser", band="6"), roles=[(Role.HR_ADMIN, trust)]
    )
    own = hr.person.posts[0]
    pages.sign_in(hr)
    page = pages.get("people.edit_post", post_id=own.id)
    response = pages.client.post(pages.url("people.edit_post", post_id=own.id), data=form_data(page, band="7"))
    assert response.status_code == 200
    from tests.pages import check_page

    assert "You cannot change a post on your own record" in " ".join(error_summary(check_page(response)))
    assert fresh(own.id).band is Band.AFC_6
    page = pages.get("people.new_post", person_id=hr.person_id)
    data = {
        "title": "Head of HR",
        "band": "8b",
        "start_date[day]": "1",
        "start_date[month]": "4",
        "start_date[year]": str(date.today().year + 1),
        "csrf_token": csrf_token(page),
    }
    response = pages.client.post(pages.url("people.new_post", person_id=hr.person_id), data=data)
    assert response.status_code == 200
    assert "You cannot add a post on your own record" in " ".join(error_summary(check_page(response)))
    assert len(db.session.scalars(select(Post).where(Post.person_id == hr.person_id)).all()) == 1
