"""Talent pipeline reminders, each claimed before anyone is told, so a second run (or a second
scheduler) sends nothing twice: people at band 8a and above with no talent conversation in the
last 12 months (to them and their line manager), and pool reviews coming due (to whoever runs
the pool: the region's talent leads, or the system admins for a national pool)."""

from collections import defaultdict
from datetime import date, timedelta

from sqlalchemy import and_, exists, func, or_, select
from sqlalchemy.orm import aliased

from talent.auth.models import Account, Role, RoleAssignment
from talent.auth.queries import accounts_of, role_holders
from talent.dates import nhs_date
from talent.extensions import db
from talent.jobs.models import Reminder
from talent.jobs.services import claim_reminder
from talent.notifications.services import link_to, notify
from talent.people.models import Person, Post
from talent.people.queries import current_post_filter
from talent.pipeline.models import MembershipStatus, PoolMembership, TalentConversation, TalentPool
from talent.pipeline.queries import SENIOR_BANDS

#: A conversation is due a year after the last one (or a year into a senior post without one).
CONVERSATION_INTERVAL = timedelta(days=365)
#: How far ahead reviews of pools and of members' places are announced.
REVIEW_NOTICE = timedelta(days=14)
#: People reminded per run at most: a national first run reaches the rest on the days after.
BATCH = 5000


def send_pipeline_reminders(today: date) -> dict:
    counts = {"conversation_due": 0, "pool_review_due": 0, "member_reviews_due": 0}
    counts["conversation_due"] = _conversations_due(today)
    counts["pool_review_due"], counts["member_reviews_due"] = _reviews_due(today)
    return counts


def _conversations_due(today: date) -> int:
    manager_post = aliased(Post)
    last = TalentConversation
    started_long_ago = Post.start_date <= today - CONVERSATION_INTERVAL
    rows = db.session.execute(
        select(Person, Post.start_date, last.held_on, manager_post.person_id)
        .join(Post, and_(Post.person_id == Person.id, current_post_filter(Post, today)))
        .outerjoin(manager_post, manager_post.id == Post.reports_to_post_id)
        .outerjoin(last, and_(last.person_id == Person.id, last.replaced_at.is_(None)))
        .where(Post.band.in_(SENIOR_BANDS))
        .where(
            or_(
                and_(last.id.is_(None), started_long_ago),
                last.held_on <= today - CONVERSATION_INTERVAL,
            )
        )
        # Already reminded since the last conversation (or the post's start): left out, so a
        # batch moves on to people not yet told instead of meeting the same ones again.
        .where(
            ~exists().where(
                Reminder.kind == "talent_conversation_due",
                Reminder.subject_type == Person.__tablename__,
                Reminder.subject_id == Person.id,
                Reminder.due_on > func.coalesce(last.held_on, Post.start_date),
            )
        )
        .order_by(Person.id)
        .limit(BATCH)
    ).all()
    accounts = accounts_of({person.id for person, *_ in rows} | {manager for *_, manager in rows})
    sent = 0
    seen = set()
    for person, started, held_on, manager_id in rows:
        if person.id in seen:
            continue
        seen.add(person.id)
        due = (held_on or started) + CONVERSATION_INTERVAL
        if not claim_reminder("talent_conversation_due", person, due):
            continue
        since = f"since {nhs_date(held_on)}" if held_on else "yet"
        if person.id in accounts:
            notify(
                accounts[person.id],
                kind="talent_conversation_due",
                title="Time for a talent conversation",
                body=f"You have not had a talent conversation {since}. Ask your line manager for one.",
                link=link_to("pipeline.person_talent", person_id=person.id),
            )
        if manager_id in accounts:
            notify(
                accounts[manager_id],
                kind="talent_conversation_due",
                title=f"{person.full_name} is due a talent conversation",
                body=f"They have not had one {since}. Hold it and record it.",
                link=link_to("pipeline.record_conversation", person_id=person.id),
            )
        sent += 1
    return sent


def _runners(pools: list[TalentPool]) -> dict[int | None, list[Account]]:
    """Who runs each region's pools (its talent leads) and the national ones (system admins)."""
    runners: dict[int | None, list[Account]] = dict(
        role_holders(Role.TALENT_LEAD, region_ids={pool.region_id for pool in pools if pool.region_id})
    )
    if any(pool.region_id is None for pool in pools):
        runners[None] = list(
            db.session.scalars(
                select(Account)
                .join(RoleAssignment, RoleAssignment.account_id == Account.id)
                .where(RoleAssignment.role == Role.SYSTEM_ADMIN)
            )
        )
    return runners


def _reviews_due(today: date) -> tuple[int, int]:
    horizon = today + REVIEW_NOTICE
    pools = list(db.session.scalars(select(TalentPool).where(TalentPool.review_on.between(today, horizon))))
    memberships = list(
        db.session.scalars(
            select(PoolMembership)
            .where(
                PoolMembership.status == MembershipStatus.MEMBER,
                PoolMembership.review_on.between(today, horizon),
                ~exists().where(
                    Reminder.kind == "pool_membership_review_due",
                    Reminder.subject_type == PoolMembership.__tablename__,
                    Reminder.subject_id == PoolMembership.id,
                    Reminder.due_on == PoolMembership.review_on,
                ),
            )
            .order_by(PoolMembership.id)
            .limit(BATCH)
        )
    )
    member_pools = {membership.pool for membership in memberships}
    runners = _runners(pools + list(member_pools))
    pool_reviews = 0
    for pool in pools:
        if claim_reminder("talent_pool_review_due", pool, pool.review_on):
            for account in runners.get(pool.region_id, []):
                notify(
                    account,
                    kind="talent_pool_review_due",
                    title=f"{pool.name} is due for review on {nhs_date(pool.review_on)}",
                    body="Check its criteria and who is in it.",
                    link=link_to("pipeline.view_pool", pool_id=pool.id),
                )
            pool_reviews += 1
    newly_due: dict[TalentPool, int] = defaultdict(int)
    for membership in memberships:
        if claim_reminder("pool_membership_review_due", membership, membership.review_on):
            newly_due[membership.pool] += 1
    for pool, count in newly_due.items():
        for account in runners.get(pool.region_id, []):
            notify(
                account,
                kind="pool_membership_review_due",
                title=f"{count} {'member' if count == 1 else 'members'} of {pool.name} due for review",
                body=f"Their places are due for review by {nhs_date(horizon)}.",
                link=link_to("pipeline.view_pool", pool_id=pool.id),
            )
    return pool_reviews, sum(newly_due.values())
