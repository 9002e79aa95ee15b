"""Read helpers for people and posts: bounded queries with their related rows loaded up front."""

import base64
import json
from dataclasses import dataclass
from datetime import date

from sqlalchemy import and_, func, or_, select, tuple_
from sqlalchemy.orm import aliased, joinedload, selectinload

from talent.errors import NotFound
from talent.extensions import db
from talent.orgs.models import Organisation
from talent.people.models import Band, Person, Post
from talent.routing import MAX_ID


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


def count_people(scope, *, cap: int) -> int:
    """How many people the scope allows, counting no further than ``cap + 1`` (so a national
    list costs no more than a trust's): a result over ``cap`` means "more than ``cap``"."""
    allowed = (
        select(Person.id)
        .join(Person.organisation)
        .where(scope.condition(organisation=Person.organisation_id, region=Organisation.region_id, person=Person.id))
        .limit(cap + 1)
    )
    return db.session.scalar(select(func.count()).select_from(allowed.subquery()))


def people_page(scope, *, search: str | None, after: tuple | None, size: int) -> tuple[list[Person], str | None]:
    """A page of ``people_query``'s list starting after the cursor's person (keyset pagination on
    the index ``ix_people_name_order``), and the cursor for the page after, if there is one."""
    query = people_query(scope, search=search)
    if after is not None:
        query = query.where(tuple_(Person.family_name, Person.given_name, Person.id) > tuple_(*after))
    people = list(db.session.scalars(query.limit(size + 1)))
    if len(people) <= size:
        return people, None
    last = people[size - 1]
    return people[:size], encode_person_cursor(last)


def encode_person_cursor(person: Person) -> str:
    raw = json.dumps([person.family_name, person.given_name, person.id], separators=(",", ":"))
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def decode_person_cursor(cursor: str) -> tuple[str, str, int]:
    """The (surname, given name, id) a cursor points after; ValueError if it is not one of ours."""
    try:
        family, given, id_ = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
    except (ValueError, TypeError) as error:
        raise ValueError("Not a cursor from this list: use the `next` value of the page before") from error
    names_ok = all(isinstance(name, str) and "\x00" not in name and len(name) <= 100 for name in (family, given))
    if not names_ok or not isinstance(id_, int) or isinstance(id_, bool) or not 1 <= id_ <= MAX_ID:
        raise ValueError("Not a cursor from this list: use the `next` value of the page before")
    return family, given, id_


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


def person_in_scope(scope, person_id: int) -> Person | None:
    """The person with this id if ``scope`` reaches them (a finder's choice, checked again on posting)."""
    return db.session.scalar(
        select(Person)
        .join(Organisation, Organisation.id == Person.organisation_id)
        .where(
            Person.id == person_id,
            scope.condition(organisation=Person.organisation_id, region=Organisation.region_id, person=Person.id),
        )
    )


def find_person(text: str) -> Person | None:
    """The person with this work email address or employee number."""
    cleaned = text.strip()
    return db.session.scalar(
        select(Person).where(or_(Person.work_email == cleaned.lower(), Person.employee_number == cleaned))
    )


#: The people finder shows this many matches; past it, the page asks for more words.
FINDER_LIMIT = 20
#: Words of a search that say what kind of thing follows rather than match anything themselves.
_FINDER_FILLER = {"band", "afc"}


@dataclass(frozen=True)
class FoundPerson:
    """A people finder result: enough to tell two people with the same name apart."""

    id: int
    name: str
    post_title: str | None
    band: Band | None
    organisation: str


def find_people(scope, text: str, *, on: date, limit: int = FINDER_LIMIT) -> tuple[list[FoundPerson], bool]:
    """People in ``scope`` matching every word of ``text`` against their name, work email,
    employee number, current post title, band or organisation (name or ODS code).

    :returns: at most ``limit`` people, one row per current post (no post: one row without),
        and whether there were more.
    """
    words = [word for word in text.lower().split() if word not in _FINDER_FILLER][:6]
    if not words:
        return [], False
    post = aliased(Post)
    query = (
        select(Person, post, Organisation.name)
        .join(Organisation, Organisation.id == Person.organisation_id)
        .outerjoin(post, and_(post.person_id == Person.id, current_post_filter(post, on)))
        .where(scope.condition(organisation=Person.organisation_id, region=Organisation.region_id, person=Person.id))
    )
    for word in words:
        pattern = f"%{word}%"
        matches = [
            func.lower(Person.given_name).like(f"{word}%"),
            func.lower(Person.family_name).like(f"{word}%"),
            Person.work_email.like(f"{word}%"),
            Person.employee_number == word,
            func.lower(post.title).like(pattern),
            func.lower(Organisation.name).like(pattern),
            func.lower(Organisation.ods_code) == word,
        ]
        try:
            matches.append(post.band == Band.parse(word))
        except ValueError:
            pass
        query = query.where(or_(*matches))
    rows = db.session.execute(
        query.order_by(Person.family_name, Person.given_name, Person.id, post.id).limit(limit + 1)
    ).all()
    found = [
        FoundPerson(
            id=person.id,
            name=person.full_name,
            post_title=current.title if current else None,
            band=current.band if current else None,
            organisation=organisation,
        )
        for person, current, organisation in rows[:limit]
    ]
    return found, len(rows) > limit
