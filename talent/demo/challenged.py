"""Demo challenged posts: in every region with a challenged organisation, two package templates
(one over the national pay threshold, waiting for approval) and two posts; in the talent lead's
region, a saved match run for the first post and a region-wide proposal."""

from datetime import date, timedelta

from sqlalchemy import func, select

from talent.auth.models import Account
from talent.extensions import db
from talent.orgs import queries as org_queries
from talent.orgs.models import Organisation, Region
from talent.people.models import Band, Person, Post
from talent.pipeline import challenged
from talent.pipeline.models import (
    ChallengedPost,
    ChallengedPostStatus,
    ExperienceTag,
    LeavingReason,
    MembershipStatus,
    Placement,
    PoolMembership,
    ShortlistEntry,
    ShortlistStatus,
    TargetRole,
)

_POSTS = [
    # Band 8b: below the band 8c prerequisites, so the demo's aspiring leaders can be matched.
    ("Deputy chief operating officer", Band.AFC_8B, TargetRole.SENIOR_MANAGER, [ExperienceTag.URGENT_EMERGENCY_CARE]),
    ("Chief executive", Band.VSM, TargetRole.CHIEF_EXECUTIVE, [ExperienceTag.TURNAROUND]),
]


def load(home_region_id: int, demo_people: dict[str, int], today: date) -> bool:
    """Add the demo posts once; returns False if they were already there."""
    if db.session.scalar(select(func.count(ChallengedPost.id))):
        return False
    admin = _account(demo_people.get("admin"))
    lead = _account(demo_people.get("talent.lead"))
    if admin is None:
        return False
    for region in db.session.scalars(select(Region).order_by(Region.name)):
        trust = _challenged_organisation(region, today)
        if trust is None:
            continue
        actor = lead if lead is not None and region.id == home_region_id else admin
        small = challenged.create_package(
            region,
            challenged.PackageTerms(
                name=f"Recovery support, {region.name}",
                base_salary_pounds=125_000,
                uplift_percent=10,
                uplift_months=24,
                relocation_pounds=8_000,
                protected_development_days=10,
                return_guarantee=True,
            ),
            template=True,
            actor=actor,
        )
        large = challenged.create_package(
            region,
            challenged.PackageTerms(
                name=f"Turnaround chief executive, {region.name}",
                base_salary_pounds=165_000,
                uplift_percent=15,
                uplift_months=24,
                relocation_pounds=15_000,
                ceo_mentoring=True,
                protected_development_days=10,
                bonus_percent=10,
            ),
            template=True,
            actor=actor,
        )
        posts = []
        for (title, band, role, tags), template in zip(_POSTS, (small, large), strict=True):
            posts.append(
                challenged.create_post(
                    trust,
                    title=title,
                    band=band,
                    role_type=role,
                    min_behaviours_rating=None,
                    experience=tags,
                    interim=band is Band.VSM,
                    starts_on=today + timedelta(days=120),
                    closing_on=today + timedelta(days=35),
                    template=template,
                    actor=actor,
                    today=today,
                )
            )
        if lead is not None and region.id == home_region_id:
            challenged.match_post(posts[0], actor=lead)
            challenged.propose_assignment(region, actor=lead)
            _past_placements(trust, lead, today)
    db.session.flush()
    return True


def _past_placements(trust: Organisation, lead: Account, today: date) -> None:
    """Two leaders placed at the trust a year and two years ago; the earlier one left after
    eight months, so the outcomes page has something to show."""
    people = db.session.scalars(
        select(Person)
        .join(PoolMembership, PoolMembership.person_id == Person.id)
        .where(PoolMembership.status == MembershipStatus.MEMBER)
        .order_by(Person.id)
        .limit(2)
    ).all()
    segments = org_queries.current_segments([trust.id], today)
    for years, person in enumerate(people, start=1):
        started = today - timedelta(days=365 * years)
        post = ChallengedPost(
            organisation_id=trust.id,
            region_id=trust.region_id,
            title="Director of operations" if years == 1 else "Director of finance",
            band=Band.AFC_9,
            role_type=TargetRole.OTHER_DIRECTOR if years == 1 else TargetRole.DIRECTOR_OF_FINANCE,
            experience="",
            starts_on=started,
            closing_on=started - timedelta(days=60),
            challenged_because="Oversight segment 4",
            status=ChallengedPostStatus.FILLED,
            created_by_id=lead.id,
        )
        db.session.add(post)
        db.session.flush()
        new_post = Post(
            title=post.title, organisation_id=trust.id, band=Band.AFC_9, person_id=person.id, start_date=started
        )
        db.session.add(new_post)
        db.session.add(
            ShortlistEntry(post_id=post.id, person_id=person.id, status=ShortlistStatus.PLACED, added_by_id=lead.id)
        )
        db.session.flush()
        left = years == 2
        db.session.add(
            Placement(
                challenged_post_id=post.id,
                person_id=person.id,
                post_id=new_post.id,
                region_id=trust.region_id,
                previous_organisation_id=person.organisation_id,
                starts_on=started,
                segment_at_placement=segments.get(trust.id),
                left_on=started + timedelta(days=240) if left else None,
                left_reason="Returned to their previous trust under the guaranteed return route" if left else "",
            )
        )
        if left:
            new_post.end_date = started + timedelta(days=240)
        for membership in db.session.scalars(select(PoolMembership).where(PoolMembership.person_id == person.id)):
            membership.status, membership.left_on, membership.left_reason = (
                MembershipStatus.LEFT,
                started,
                LeavingReason.PLACED,
            )
    db.session.flush()


def _challenged_organisation(region: Region, today: date) -> Organisation | None:
    """The first organisation of the region (by name) the challenged rule flags today."""
    rows = org_queries.list_organisations_in_region(region.id, on=today)
    return next((row.Organisation for row in rows if row.challenged), None)


def _account(person_id: int | None) -> Account | None:
    if person_id is None:
        return None
    return db.session.scalar(select(Account).where(Account.person_id == person_id))
