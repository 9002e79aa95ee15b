"""Read helpers for people and posts: bounded queries with their related rows loaded up front."""

from datetime import date

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import joinedload, selectinload

from talent.errors import NotFound
from talent.extensions import db
from talent.orgs.models import Organisation
from talent.people.models import Band, Person, Post


def current_post_filter(post, on: date):
    """SQL condition: ``post`` (the class or an alias) is held on the date ``on``."""
    return and_(post.start_date <= on, or_(post.end_date.is_(None), post.end_date >= on))


def reporting_chain_person_ids(manager_person_id: int, on: date) -> set[int]:
    """Everyone whose current post reports, directly or through others, to the manager's posts.

    UNION (not UNION ALL) makes the recursion stop even if imported reporting lines loop.
    """
    chain = (
        select(Post.id.label("post_id"))
        .where(Post.person_id == manager_person_id, current_post_filter(Post, on))
        .cte("chain", recursive=True)
    )
    below = select(Post.id).join(chain, Post.reports_to_post_id == chain.c.post_id).where(current_post_filter(Post, on))
    chain = chain.union(below)
    query = select(Post.person_id).where(
        Post.id.in_(select(chain.c.post_id)), Post.person_id.is_not(None), Post.person_id != manager_person_id
    )
    return set(db.session.scalars(query))


def get_person(person_id: int) -> Person:
    person = db.session.get(Person, person_id, options=[joinedload(Person.organisation)])
    if person is None:
        raise NotFound("No such person")
    return person


def get_post(post_id: int) -> Post:
    post = db.session.get(Post, post_id, options=[joinedload(Post.organisation), joinedload(Post.holder)])
    if post is None:
        raise NotFound("No such post")
    return post


def list_posts_for_person(person: Person) -> list[Post]:
    query = (
        select(Post)
        .where(Post.person_id == person.id)
        .options(joinedload(Post.organisation), joinedload(Post.reports_to).joinedload(Post.holder))
        .order_by(Post.start_date.desc())
    )
    return list(db.session.scalars(query))


def get_current_post(person_id: int, on: date) -> Post | None:
    query = (
        select(Post)
        .where(Post.person_id == person_id, current_post_filter(Post, on))
        .options(joinedload(Post.organisation), joinedload(Post.reports_to).joinedload(Post.holder))
        .order_by(Post.start_date.desc())
        .limit(1)
    )
    return db.session.scalar(query)


def list_direct_reports(manager_person_id: int, on: date) -> list[Post]:
    """Current posts reporting straight to any current post the manager holds, with holders."""
    manager_posts = select(Post.id).where(Post.person_id == manager_person_id, current_post_filter(Post, on))
    query = (
        select(Post)
        .where(Post.reports_to_post_id.in_(manager_posts), current_post_filter(Post, on))
        .options(joinedload(Post.holder))
        .order_by(Post.title)
    )
    return list(db.session.scalars(query))


def people_query(scope, *, search: str | None = None):
    """People a :class:`~talent.auth.policy.ListScope` allows, newest name order, for paginating."""
    query = select(Person).join(Person.organisation).options(joinedload(Person.organisation))
    query = query.where(
        scope.condition(organisation=Person.organisation_id, region=Organisation.region_id, person=Person.id)
    )
    if search:
        pattern = f"%{search.strip().lower()}%"
        full_name = func.lower(Person.given_name + " " + Person.family_name)
        query = query.where(or_(full_name.like(pattern), Person.work_email.like(pattern)))
    return query.order_by(Person.family_name, Person.given_name, Person.id)


def count_current_posts_by_band(
    organisation_ids=None, region_ids=None, on: date | None = None
) -> list[tuple[Band, int]]:
    """Filled current posts per band, optionally for some organisations or regions, in band order."""
    on = on or date.today()
    query = (
        select(Post.band, func.count(Post.id))
        .where(Post.person_id.is_not(None), current_post_filter(Post, on))
        .group_by(Post.band)
    )
    if organisation_ids is not None:
        query = query.where(Post.organisation_id.in_(organisation_ids))
    if region_ids is not None:
        query = query.join(Post.organisation).where(Organisation.region_id.in_(region_ids))
    counts = dict(db.session.execute(query).all())
    return [(band, counts[band]) for band in Band if band in counts]


def list_board_posts(organisation_id: int, on: date) -> list[Post]:
    """Current board posts (chair, non-executives and very senior managers), filled or vacant."""
    query = (
        select(Post)
        .where(
            Post.organisation_id == organisation_id,
            Post.band.in_([Band.CHAIR, Band.NED, Band.VSM]),
            or_(Post.end_date.is_(None), Post.end_date >= on),
        )
        .options(selectinload(Post.holder))
        .order_by(Post.band, Post.title)
    )
    return list(db.session.scalars(query))


def find_person(text: str) -> Person | None:
    """The person with this work email address or employee number."""
    cleaned = text.strip()
    return db.session.scalar(
        select(Person).where(or_(Person.work_email == cleaned.lower(), Person.employee_number == cleaned))
    )
