"""What each role's home page shows: its own work, gathered with a fixed number of queries."""

from datetime import date

from sqlalchemy import case, func, select, text

from talent.auth.models import Account, Role, SignInThrottle, ThrottleScope
from talent.auth.policy import Principal
from talent.db import utcnow
from talent.extensions import db
from talent.ned import queries as ned_queries
from talent.orgs import queries as org_queries
from talent.orgs.models import Organisation, Region
from talent.people import queries as people_queries
from talent.people.models import Band, Person, Post


def home_sections(principal: Principal, today: date) -> dict:
    """A dict of sections keyed by role; only the principal's roles get a section."""
    roles = principal.roles
    sections: dict = {}
    if Role.STAFF in roles:
        sections["staff"] = {"post": people_queries.get_current_post(principal.person_id, today)}
    if Role.LINE_MANAGER in roles:
        sections["line_manager"] = {"reports": people_queries.list_direct_reports(principal.person_id, today)}
    if Role.HR_ADMIN in roles:
        organisation_ids = principal.organisation_ids[Role.HR_ADMIN]
        sections["hr_admin"] = {
            "organisations": _organisations(organisation_ids),
            "bands": people_queries.count_current_posts_by_band(organisation_ids=organisation_ids, on=today),
        }
    if Role.TALENT_LEAD in roles:
        regions = [db.session.get(Region, region_id) for region_id in sorted(principal.region_ids[Role.TALENT_LEAD])]
        sections["talent_lead"] = [
            {"region": region, "organisations": org_queries.list_organisations_in_region(region.id, today)}
            for region in regions
        ]
    if Role.PROGRAMME_ADMIN in roles:
        sections["programme_admin"] = {"bands": people_queries.count_current_posts_by_band(on=today)}
    if Role.NED_TEAM in roles:
        sections["ned_team"] = {"regions": board_posts_by_region(today)}
    if Role.NED_PANEL in roles:
        sections["ned_panel"] = {"vacancies": ned_queries.panels_of(principal.person_id)}
    if Role.BOARD_SECRETARY in roles:
        sections["board_secretary"] = [
            {"organisation": organisation, "posts": people_queries.list_board_posts(organisation.id, today)}
            for organisation in _organisations(principal.organisation_ids[Role.BOARD_SECRETARY])
        ]
    if Role.SYSTEM_ADMIN in roles:
        sections["system_admin"] = system_counts()
    return sections


def _organisations(organisation_ids) -> list[Organisation]:
    query = select(Organisation).where(Organisation.id.in_(organisation_ids)).order_by(Organisation.name)
    return list(db.session.scalars(query))


def board_posts_by_region(today: date) -> list[tuple[Region, int, int]]:
    """(region, filled chair and NED posts, vacant ones) for every region."""
    query = (
        select(
            Organisation.region_id,
            func.sum(case((Post.person_id.is_not(None), 1), else_=0)),
            func.sum(case((Post.person_id.is_(None), 1), else_=0)),
        )
        .join(Post.organisation)
        .where(Post.band.in_([Band.CHAIR, Band.NED]), (Post.end_date.is_(None)) | (Post.end_date >= today))
        .group_by(Organisation.region_id)
    )
    counts = {region_id: (filled or 0, vacant or 0) for region_id, filled, vacant in db.session.execute(query)}
    return [(region, *counts.get(region.id, (0, 0))) for region in org_queries.list_regions()]


#: Up to this many people are counted exactly; past it the admin's home page gives PostgreSQL's
#: own estimate (kept by the ANALYZE after every import and demo load) rather than reading
#: every row of a national workforce on each visit.
EXACT_PEOPLE_COUNT = 100_000


def people_count() -> tuple[int, bool]:
    """(how many people, whether that is exact)."""
    counted = db.session.scalar(
        select(func.count()).select_from(select(Person.id).limit(EXACT_PEOPLE_COUNT + 1).subquery())
    )
    if counted <= EXACT_PEOPLE_COUNT or db.session.get_bind().dialect.name != "postgresql":
        if counted > EXACT_PEOPLE_COUNT:
            counted = db.session.scalar(select(func.count(Person.id)))
        return counted, True
    estimate = db.session.scalar(text("SELECT reltuples FROM pg_class WHERE oid = 'people'::regclass"))
    return max(int(round(estimate, -4)), EXACT_PEOPLE_COUNT), False


def system_counts() -> dict:
    now = utcnow()
    return {
        "organisations": db.session.scalar(select(func.count(Organisation.id)).where(Organisation.is_active.is_(True))),
        "people": people_count(),
        "accounts": db.session.scalar(select(func.count(Account.id))),
        # Emails (with or without an account) whose sign-ins must wait, from any source.
        "throttled_emails": db.session.scalar(
            select(func.count(SignInThrottle.id)).where(
                SignInThrottle.scope == ThrottleScope.ACCOUNT, SignInThrottle.blocked_until > now
            )
        ),
    }
