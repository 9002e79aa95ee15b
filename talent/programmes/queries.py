"""Reads for the programme pages, each in a fixed number of queries."""

from datetime import date

from sqlalchemy import case, func, literal, select
from sqlalchemy.orm import joinedload, selectinload

from talent.errors import NotFound
from talent.extensions import db
from talent.orgs.models import Organisation, Region
from talent.people.models import Person, Post
from talent.people.queries import current_post_filter
from talent.programmes.models import Cohort, Enrolment, EnrolmentStatus, PrerequisiteRule, Programme, ProgrammeModule
from talent.standards.models import Standard


def list_programmes() -> list[Programme]:
    return list(
        db.session.scalars(
            select(Programme).options(selectinload(Programme.accreditations)).order_by(Programme.kind, Programme.title)
        )
    )


def programmes_query(kind=None):
    query = select(Programme).options(
        selectinload(Programme.accreditations),
        selectinload(Programme.modules).selectinload(ProgrammeModule.standards),
    )
    if kind is not None:
        query = query.where(Programme.kind == kind)
    return query.order_by(Programme.title, Programme.id)


def get_programme(programme_id: int) -> Programme:
    programme = db.session.scalar(
        select(Programme)
        .where(Programme.id == programme_id)
        .options(
            selectinload(Programme.accreditations),
            selectinload(Programme.cohorts),
            selectinload(Programme.modules).selectinload(ProgrammeModule.standards).joinedload(Standard.domain),
        )
    )
    if programme is None:
        raise NotFound("No such programme")
    return programme


def get_cohort(cohort_id: int) -> Cohort:
    cohort = db.session.scalar(select(Cohort).where(Cohort.id == cohort_id).options(joinedload(Cohort.programme)))
    if cohort is None:
        raise NotFound("No such cohort")
    return cohort


def get_enrolment(enrolment_id: int) -> Enrolment:
    enrolment = db.session.scalar(
        select(Enrolment)
        .where(Enrolment.id == enrolment_id)
        .options(
            joinedload(Enrolment.cohort).joinedload(Cohort.programme),
            joinedload(Enrolment.person).joinedload(Person.organisation),
        )
    )
    if enrolment is None:
        raise NotFound("No such enrolment")
    return enrolment


def cohort_enrolments(cohort: Cohort) -> list[Enrolment]:
    """Everyone on the cohort, places first, then the waiting list in the order it is served."""
    order = case(
        (Enrolment.status == EnrolmentStatus.ENROLLED, 0),
        (Enrolment.status == EnrolmentStatus.COMPLETED, 1),
        (Enrolment.status == EnrolmentStatus.WAITING, 2),
        else_=3,
    )
    return list(
        db.session.scalars(
            select(Enrolment)
            .where(Enrolment.cohort_id == cohort.id)
            .options(joinedload(Enrolment.person).joinedload(Person.organisation))
            .order_by(order, Enrolment.waiting_since, Enrolment.id)
        )
    )


def cohort_fill(programme_ids: list[int], on: date) -> dict[int, dict]:
    """Per programme, for cohorts not yet finished: places, places taken and people waiting."""
    taken = func.sum(case((Enrolment.status == EnrolmentStatus.ENROLLED, 1), else_=0))
    waiting = func.sum(case((Enrolment.status == EnrolmentStatus.WAITING, 1), else_=0))
    per_cohort = (
        select(Cohort.programme_id, Cohort.capacity, taken.label("taken"), waiting.label("waiting"))
        .outerjoin(Enrolment, Enrolment.cohort_id == Cohort.id)
        .where(Cohort.programme_id.in_(programme_ids), Cohort.ends_on >= on)
        .group_by(Cohort.id, Cohort.programme_id, Cohort.capacity)
        .subquery()
    )
    rows = db.session.execute(
        select(
            per_cohort.c.programme_id,
            func.sum(per_cohort.c.capacity),
            func.sum(func.coalesce(per_cohort.c.taken, 0)),
            func.sum(func.coalesce(per_cohort.c.waiting, 0)),
        ).group_by(per_cohort.c.programme_id)
    )
    return {pid: {"places": int(p or 0), "taken": int(t or 0), "waiting": int(w or 0)} for pid, p, t, w in rows}


def person_enrolments(person_id: int) -> list[Enrolment]:
    return list(
        db.session.scalars(
            select(Enrolment)
            .where(Enrolment.person_id == person_id)
            .options(joinedload(Enrolment.programme), joinedload(Enrolment.cohort))
            .order_by(Enrolment.created_at.desc(), Enrolment.id.desc())
        )
    )


def enrolments_for_people(person_ids: list[int]) -> dict[int, list[Enrolment]]:
    found: dict[int, list[Enrolment]] = {person_id: [] for person_id in person_ids}
    for enrolment in db.session.scalars(
        select(Enrolment)
        .where(Enrolment.person_id.in_(person_ids))
        .options(joinedload(Enrolment.programme))
        .order_by(Enrolment.id)
    ):
        found[enrolment.person_id].append(enrolment)
    return found


def completion_population(programme_id: int, on: date):
    """One row per enrolment with a place on a finished cohort of the programme, with the
    person's organisation and region and how it ended, for the insights service."""
    outcome = case(
        (Enrolment.status == EnrolmentStatus.COMPLETED, literal("completed")), else_=literal("not_completed")
    )
    return (
        select(
            Enrolment.id.label("enrolment_id"),
            Organisation.name.label("organisation"),
            func.coalesce(Region.name, literal("No region")).label("region"),
            outcome.label("outcome"),
        )
        .join(Cohort, Cohort.id == Enrolment.cohort_id)
        .join(Person, Person.id == Enrolment.person_id)
        .join(Organisation, Organisation.id == Person.organisation_id)
        .outerjoin(Region, Region.id == Organisation.region_id)
        .where(
            Enrolment.programme_id == programme_id,
            Cohort.ends_on < on,
            Enrolment.status.in_([EnrolmentStatus.COMPLETED, EnrolmentStatus.NOT_COMPLETED, EnrolmentStatus.ENROLLED]),
        )
    )


def list_rules() -> list[PrerequisiteRule]:
    return list(
        db.session.scalars(
            select(PrerequisiteRule)
            .options(selectinload(PrerequisiteRule.programmes))
            .order_by(PrerequisiteRule.effective_from, PrerequisiteRule.id)
        )
    )


def current_posts(person_id: int, on: date) -> list[Post]:
    return list(
        db.session.scalars(
            select(Post)
            .where(Post.person_id == person_id, current_post_filter(Post, on))
            .options(joinedload(Post.organisation))
            .order_by(Post.start_date)
        )
    )


def vacant_posts(organisation_id: int, on: date, limit: int = 20) -> list[Post]:
    """Vacant posts in an organisation, most senior first."""
    posts = db.session.scalars(
        select(Post)
        .where(Post.organisation_id == organisation_id, Post.person_id.is_(None), current_post_filter(Post, on))
        .options(joinedload(Post.organisation))
        .limit(500)
    )
    return sorted(posts, key=lambda post: (-post.band.rank, post.title))[:limit]


def get_rule(rule_id: int) -> PrerequisiteRule:
    rule = db.session.get(PrerequisiteRule, rule_id)
    if rule is None:
        raise NotFound("No such rule")
    return rule


def programmes_by_id(ids: list[int]) -> list[Programme]:
    return list(db.session.scalars(select(Programme).where(Programme.id.in_(ids)).order_by(Programme.title)))
