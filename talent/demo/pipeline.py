"""Demo talent pipeline: conversations for most staff at band 8a and above, two pools in every
region and two national ones with members and nominations waiting, and a talent review in
progress for the demo talent lead.

The home region also gets an invented cohort of aspiring leaders (bands 7 and 8a) large enough
for the review's fairness figures to pass the disclosure threshold; their readiness is drawn
less generously for people from Black and minority ethnic groups, so the review shows what the
four-fifths flag looks like. Like everything in the demo, it describes no real pattern.
"""

import random
from collections.abc import Callable
from datetime import date, timedelta

from sqlalchemy import func, insert, select
from sqlalchemy.orm import aliased

from talent.auth.models import Account
from talent.auth.policy import build_principal
from talent.db import utcnow
from talent.edi.models import EdiProfile, EthnicGroup
from talent.extensions import db
from talent.orgs.models import Organisation, Region
from talent.people.models import Band, Person, Post
from talent.people.queries import current_post_filter
from talent.pipeline import queries as pipeline_queries
from talent.pipeline import services as pipeline_services
from talent.pipeline.models import (
    Axis,
    ExperienceTag,
    GrowthDirection,
    MembershipStatus,
    NominationRoute,
    PoolMembership,
    ReadinessLevel,
    TalentConversation,
    TalentPool,
    TargetRole,
)
from talent.programmes import services as programme_services

#: Invented aspiring leaders per trust in the home region.
ASPIRING_PER_TRUST = 75
#: Share of senior staff with a conversation recorded.
CONVERSATION_RATE = 0.85
_SENIOR = [Band.AFC_8A, Band.AFC_8B, Band.AFC_8C, Band.AFC_8D, Band.AFC_9, Band.VSM]
#: Readiness spread (ready now, 12 months, 12 to 24 months, develop in role).
_SPREAD = [0.15, 0.30, 0.35, 0.20]
_ROLES_BY_BAND = {
    Band.AFC_8C: [TargetRole.OTHER_DIRECTOR, TargetRole.DIRECTOR_OF_FINANCE, TargetRole.DIRECTOR_OF_NURSING],
    Band.AFC_8D: [TargetRole.OTHER_DIRECTOR, TargetRole.CHIEF_OPERATING_OFFICER, TargetRole.DIRECTOR_OF_WORKFORCE],
    Band.AFC_9: [TargetRole.CHIEF_OPERATING_OFFICER, TargetRole.DIRECTOR_OF_STRATEGY],
    Band.VSM: [TargetRole.CHIEF_EXECUTIVE],
}


def load(
    staffed_ids: list[int],
    home_region_id: int,
    demo_people: dict[str, int],
    today: date,
    add_people: Callable[[Organisation, list[tuple[str, Band, int | None]]], list[int]],
) -> bool:
    """Add the demo pipeline once; returns False if it was already there.

    :param add_people: the demo's own builder (people, posts and equality answers) for the
        aspiring leaders cohort, given an organisation and (title, band, reports-to post) specs.
    """
    if db.session.scalar(select(func.count(TalentPool.id))):
        return False
    rng = random.Random("talent-demo-pipeline")
    levels = list(db.session.scalars(select(ReadinessLevel).order_by(ReadinessLevel.position)))
    cohort = _add_aspiring_leaders(staffed_ids, home_region_id, today, add_people, rng)
    _add_conversations(staffed_ids, set(cohort), levels, today, rng)
    pools = _add_pools(today)
    lead = _account(demo_people.get("talent.lead"))
    admin = _account(demo_people.get("admin"))
    _add_members(pools, lead, admin, today, rng)
    home_pool = pools[(home_region_id, "emerging")]
    if lead is not None and pipeline_queries.review_population(pool=home_pool, organisation=None, on=today):
        _add_review(home_pool, lead, levels, rng)
    db.session.flush()
    return True


def _account(person_id: int | None) -> Account | None:
    if person_id is None:
        return None
    return db.session.scalar(select(Account).where(Account.person_id == person_id))


def _add_aspiring_leaders(staffed_ids, home_region_id, today, add_people, rng) -> list[int]:
    trusts = list(
        db.session.scalars(
            select(Organisation)
            .where(Organisation.id.in_(staffed_ids), Organisation.region_id == home_region_id)
            .order_by(Organisation.ods_code)
        )
    )
    person_ids = []
    for trust in trusts:
        # They report to the trust's directors or, where an import brought no board, to its
        # most senior people in post, so each has a manager to hold their conversation.
        held = (
            select(Post.id, Post.band)
            .where(Post.organisation_id == trust.id, Post.person_id.is_not(None), current_post_filter(Post, today))
            .order_by(Post.id)
        )
        posts = db.session.execute(held).all()
        if not posts:
            continue
        directors = [post_id for post_id, band in posts if band is Band.VSM]
        if not directors:
            top = max(band.rank for _, band in posts)
            directors = [post_id for post_id, band in posts if band.rank == top][:20]
        specs = [
            ("Deputy head of service", rng.choice([Band.AFC_7, Band.AFC_8A]), rng.choice(directors))
            for _ in range(ASPIRING_PER_TRUST)
        ]
        post_ids = add_people(trust, specs)
        person_ids += list(db.session.scalars(select(Post.person_id).where(Post.id.in_(post_ids))))
    return person_ids


def _add_conversations(staffed_ids, cohort: set[int], levels, today, rng) -> None:
    """One current conversation for most senior staff (and the whole cohort), recorded by the
    person's manager, in bulk."""
    manager_post = aliased(Post)
    rows = db.session.execute(
        select(Post.person_id, Post.band, manager_post.person_id)
        .join(manager_post, manager_post.id == Post.reports_to_post_id)
        .where(
            Post.organisation_id.in_(staffed_ids),
            Post.person_id.is_not(None),
            manager_post.person_id.is_not(None),
            current_post_filter(Post, today),
            Post.band.in_(_SENIOR) | Post.person_id.in_(cohort),
        )
        .order_by(Post.person_id)
    ).all()
    bme = set(
        db.session.scalars(
            select(EdiProfile.person_id).where(
                EdiProfile.person_id.in_(cohort),
                EdiProfile.ethnicity.in_([group for group in EthnicGroup if group.wres_group == "bme"]),
            )
        )
    )
    seen: set[int] = set()
    values = []
    now = utcnow()
    for person_id, band, manager_id in rows:
        if person_id in seen or manager_id == person_id:
            continue
        seen.add(person_id)
        if person_id not in cohort and rng.random() > CONVERSATION_RATE:
            continue
        if person_id in cohort:
            ready_now = 0.3 if person_id in bme else 0.6
            spread = [ready_now, 0.25, 0.75 - ready_now - 0.05, 0.05]
        else:
            spread = _SPREAD
        level = rng.choices(levels[: len(spread)], spread)[0]
        target = programme_services.next_band(band) if band not in (Band.VSM,) else Band.VSM
        values.append(
            {
                "person_id": person_id,
                "facilitator_id": manager_id,
                "held_on": today - timedelta(days=rng.randint(7, 420)),
                "impact": rng.choices(list(Axis), [1, 3, 2])[0],
                "growth": rng.choices(list(Axis), [1, 2, 3])[0],
                "direction": rng.choices(list(GrowthDirection), [3, 2, 3])[0],
                "readiness_id": level.id,
                "target_band": target,
                "target_role": rng.choice(_ROLES_BY_BAND[band]) if band in _ROLES_BY_BAND else None,
                "aspirations": "",
                "willing_challenged": rng.random() < 0.3,
                "max_travel_km": rng.choice([None, 40, 60, 100]),
                "travel_from": None,
                "development_plan": "",
                "experience": ",".join(sorted(rng.sample([tag.value for tag in ExperienceTag], rng.randint(0, 2)))),
                "response": rng.choices(["agreed", "awaiting", "differs"], [80, 15, 5])[0],
                "response_comment": "",
                "created_at": now,
                "version": 1,
            }
        )
    for value in values:
        if value["max_travel_km"] is not None:
            value["travel_from"] = "workplace"
    for start in range(0, len(values), 5000):
        db.session.execute(insert(TalentConversation), values[start : start + 5000])


def _add_pools(today: date) -> dict:
    pools = {}
    review_on = today + timedelta(days=180)
    ready_12 = db.session.scalar(select(ReadinessLevel.id).where(ReadinessLevel.code == "ready_12_months"))
    ready_24 = db.session.scalar(select(ReadinessLevel.id).where(ReadinessLevel.code == "ready_12_24_months"))
    specs = [
        ("directors", "Aspiring directors", Band.VSM, Band.AFC_8C, Band.AFC_9, ready_24, 24),
        ("emerging", "Emerging leaders", Band.AFC_8B, Band.AFC_5, Band.AFC_8A, ready_24, 12),
    ]
    for region in db.session.scalars(select(Region).order_by(Region.name)):
        for key, name, level, low, high, readiness, months in specs:
            pools[(region.id, key)] = _pool(
                f"{name}: {region.name}", region.id, level, low, high, readiness, months, review_on
            )
    pools[(None, "chief_executives")] = _pool(
        "Aspiring chief executives", None, Band.VSM, Band.AFC_9, Band.VSM, ready_12, 24, review_on
    )
    pools[(None, "finance")] = _pool(
        "Aspiring directors of finance", None, Band.VSM, Band.AFC_8C, Band.AFC_9, ready_12, 24, review_on
    )
    db.session.flush()
    return pools


def _pool(name, region_id, level, low, high, readiness_id, months, review_on) -> TalentPool:
    pool = TalentPool(
        name=name,
        region_id=region_id,
        level=level,
        min_band=low,
        max_band=high,
        readiness_id=readiness_id,
        conversation_within_months=months,
        review_on=review_on,
        description="",
    )
    db.session.add(pool)
    return pool


def _add_members(pools: dict, lead: Account | None, admin: Account | None, today: date, rng) -> None:
    """Everyone meeting a pool's criteria (prerequisites checked in one batch) joins it, except a
    few left waiting for a decision; the home region's are decided by the demo talent lead."""
    lead_regions = {region for ids in build_principal(lead).region_ids.values() for region in ids} if lead else set()
    candidates = db.session.execute(
        select(
            TalentConversation.person_id,
            Post.band,
            Organisation.region_id,
            ReadinessLevel.position,
            TalentConversation.held_on,
        )
        .join(ReadinessLevel, ReadinessLevel.id == TalentConversation.readiness_id)
        .join(Post, (Post.person_id == TalentConversation.person_id) & current_post_filter(Post, today))
        .join(Person, Person.id == TalentConversation.person_id)
        .join(Organisation, Organisation.id == Person.organisation_id)
        .where(TalentConversation.replaced_at.is_(None))
    ).all()
    positions = {level.id: level.position for level in db.session.scalars(select(ReadinessLevel))}
    wanted = []
    for (region_id, _), pool in pools.items():
        limit = today - timedelta(days=round(pool.conversation_within_months * 30.44))
        for person_id, band, person_region, position, held_on in candidates:
            if region_id is not None and person_region != region_id:
                continue
            if not pool.min_band.rank <= band.rank <= pool.max_band.rank:
                continue
            if position > positions[pool.readiness_id] or held_on < limit:
                continue
            wanted.append((pool, person_id))
    eligible = programme_services.check_eligibility_for_many(
        [(person_id, pool.level, today) for pool, person_id in wanted]
    )
    rows = []
    waiting: dict[int, int] = {}
    seen = set()
    for (pool, person_id), result in zip(wanted, eligible, strict=True):
        if not result.eligible or (pool.id, person_id) in seen:
            continue
        seen.add((pool.id, person_id))
        decider = lead if pool.region_id in lead_regions else admin
        if decider is not None and decider.person_id == person_id:
            # Nobody decides on their own record.
            decider = admin if decider is lead else lead
        wait = waiting.get(pool.id, 0) < 3 and rng.random() < 0.2
        waiting[pool.id] = waiting.get(pool.id, 0) + wait
        rows.append(
            {
                "pool_id": pool.id,
                "person_id": person_id,
                "route": rng.choices([r.value for r in NominationRoute], [2, 5, 2, 1])[0],
                "nominated_by_id": None,
                "nominated_at": utcnow() - timedelta(days=rng.randint(20, 200)),
                "case": "Strong record of delivery; ready for a bigger role.",
                "status": MembershipStatus.NOMINATED.value if wait else MembershipStatus.MEMBER.value,
                "decided_by_id": None if wait or decider is None else decider.id,
                "decided_at": None if wait else utcnow() - timedelta(days=rng.randint(1, 19)),
                "decision_reason": "" if wait else "Meets the criteria; agreed at the talent panel.",
                "review_on": None if wait else pool.review_on,
                "left_comment": "",
                "version": 1,
            }
        )
    for start in range(0, len(rows), 5000):
        db.session.execute(insert(PoolMembership), rows[start : start + 5000])


def _add_review(pool: TalentPool, lead: Account, levels, rng) -> None:
    review = pipeline_services.open_review(
        title=f"{pool.name}: spring talent review", pool=pool, principal=build_principal(lead)
    )
    for position in list(review.positions)[:3]:
        target = levels[max(position.readiness.position - 2, 0)]
        if target.id == position.readiness_id:
            continue
        pipeline_services.move_position(
            review,
            position,
            readiness_id=target.id,
            impact=Axis.HIGH,
            growth=position.growth,
            reason="Led the winter plan across two sites; the panel agreed a step up.",
            actor=lead,
        )
