"""Talent pipeline tasks for the home page's to-do list (see ``talent.home.tasks``)."""

from datetime import date

from sqlalchemy import func, select

from talent.auth.models import Role
from talent.extensions import db
from talent.home.tasks import Task
from talent.notifications.services import link_to
from talent.pipeline.models import MembershipStatus, PoolMembership, Response, TalentConversation, TalentPool

#: Enough pools to act on; the rest wait until these are done.
POOLS_LISTED = 10


def conversation_to_agree(principal, today: date) -> list[Task]:
    """For the person: their current talent conversation, recorded by their manager, waiting for
    them to agree it or say where they differ."""
    if principal.person_id is None:
        return []
    conversation = db.session.scalar(
        select(TalentConversation).where(
            TalentConversation.person_id == principal.person_id,
            TalentConversation.replaced_at.is_(None),
            TalentConversation.response == Response.AWAITING,
        )
    )
    if conversation is None:
        return []
    return [
        Task(
            "Agree your talent conversation",
            link_to("pipeline.respond", conversation_id=conversation.id),
            hint=f"Recorded by {conversation.facilitator.full_name}: agree it or say where you differ",
        )
    ]


def nominations_to_decide(principal, today: date) -> list[Task]:
    """For talent leads (their region's pools) and system admins (national pools): nominations
    waiting for a decision, one task per pool."""
    regions = principal.region_ids.get(Role.TALENT_LEAD, set())
    if regions:
        which = TalentPool.region_id.in_(regions)
    elif Role.SYSTEM_ADMIN in principal.roles:
        which = TalentPool.region_id.is_(None)
    else:
        return []
    rows = db.session.execute(
        select(TalentPool, func.count(PoolMembership.id))
        .join(PoolMembership, PoolMembership.pool_id == TalentPool.id)
        .where(which, PoolMembership.status == MembershipStatus.NOMINATED)
        .group_by(TalentPool)
        .order_by(TalentPool.name)
        .limit(POOLS_LISTED)
    ).all()
    return [
        Task(
            f"Decide nominations for {pool.name}",
            link_to("pipeline.view_pool", pool_id=pool.id),
            hint=f"{waiting} waiting for a decision",
            due_on=None,
        )
        for pool, waiting in rows
    ]
