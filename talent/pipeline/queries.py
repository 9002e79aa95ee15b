"""Bounded reads for the talent pipeline: each page's lists in a fixed number of queries."""

from datetime import date

from sqlalchemy import func, select, true, tuple_
from sqlalchemy.orm import joinedload, selectinload

from talent.errors import NotFound
from talent.extensions import db
from talent.orgs.models import Organisation, Region
from talent.people.models import Band, Person, Post
from talent.people.queries import current_post_filter, decode_person_cursor, encode_person_cursor
from talent.pipeline.models import (
    OPEN_MEMBERSHIP,
    ApprovalStatus,
    CalibrationMove,
    CalibrationPosition,
    CalibrationReview,
    ChallengedPost,
    ChallengedPostStatus,
    IncentivePackage,
    MatchResult,
    MatchRun,
    MembershipStatus,
    NominationRoute,
    Placement,
    PoolMembership,
    ReadinessLevel,
    ShortlistEntry,
    ShortlistStatus,
    TalentConversation,
    TalentPool,
)

#: Members listed on one page of a pool.
MEMBERS_PER_PAGE = 50
#: Bands whose holders an organisation's calibration review covers: 8a and above.
SENIOR_BANDS = [band for band in Band if band.rank >= Band.AFC_8A.rank]


def readiness_levels(*, in_use_only: bool = True) -> list[ReadinessLevel]:
    query = select(ReadinessLevel).order_by(ReadinessLevel.position)
    if in_use_only:
        query = query.where(ReadinessLevel.in_use.is_(True))
    return list(db.session.scalars(query))


def self_nominated_regions(person_id: int) -> frozenset[int]:
    """Regions whose pools ``person_id`` has nominated themselves into (and not left): their
    talent leads see the person's conversations as well as the home region's."""
    rows = db.session.scalars(
        select(TalentPool.region_id)
        .join(PoolMembership, PoolMembership.pool_id == TalentPool.id)
        .where(
            PoolMembership.person_id == person_id,
            PoolMembership.route == NominationRoute.SELF,
            PoolMembership.status.in_(OPEN_MEMBERSHIP),
            TalentPool.region_id.is_not(None),
        )
    )
    return frozenset(rows)


_CONVERSATION_DETAIL = (
    joinedload(TalentConversation.person).joinedload(Person.organisation),
    joinedload(TalentConversation.facilitator),
    selectinload(TalentConversation.regions),
    selectinload(TalentConversation.programmes),
)


def get_conversation(conversation_id: int) -> TalentConversation:
    conversation = db.session.get(TalentConversation, conversation_id, options=_CONVERSATION_DETAIL)
    if conversation is None:
        raise NotFound("No such talent conversation")
    return conversation


def current_conversation(person_id: int) -> TalentConversation | None:
    return db.session.scalar(
        select(TalentConversation)
        .where(TalentConversation.person_id == person_id, TalentConversation.replaced_at.is_(None))
        .options(*_CONVERSATION_DETAIL)
    )


def earlier_conversations(person_id: int, limit: int = 20) -> list[TalentConversation]:
    return list(
        db.session.scalars(
            select(TalentConversation)
            .where(TalentConversation.person_id == person_id, TalentConversation.replaced_at.is_not(None))
            .options(joinedload(TalentConversation.facilitator))
            .order_by(TalentConversation.held_on.desc(), TalentConversation.id.desc())
            .limit(limit)
        )
    )


def get_pool(pool_id: int) -> TalentPool:
    pool = db.session.get(TalentPool, pool_id)
    if pool is None:
        raise NotFound("No such talent pool")
    return pool


def get_membership(membership_id: int) -> PoolMembership:
    membership = db.session.get(
        PoolMembership, membership_id, options=[joinedload(PoolMembership.person).joinedload(Person.organisation)]
    )
    if membership is None:
        raise NotFound("No such nomination")
    return membership


def open_membership(pool_id: int, person_id: int) -> PoolMembership | None:
    return db.session.scalar(
        select(PoolMembership).where(
            PoolMembership.pool_id == pool_id,
            PoolMembership.person_id == person_id,
            PoolMembership.status.in_(OPEN_MEMBERSHIP),
        )
    )


def _pool_scope(scope):
    if scope.everything:
        return true()
    return TalentPool.region_id.in_(scope.region_ids)


def pools_in_scope(scope) -> list[tuple[TalentPool, int, int]]:
    """The pools a talent lead (their region's) or a national admin (all) runs, each with how
    many are in it and how many nominations wait, in one grouped query."""
    members = func.count(PoolMembership.id).filter(PoolMembership.status == MembershipStatus.MEMBER)
    waiting = func.count(PoolMembership.id).filter(PoolMembership.status == MembershipStatus.NOMINATED)
    rows = db.session.execute(
        select(TalentPool, members, waiting)
        .outerjoin(PoolMembership, PoolMembership.pool_id == TalentPool.id)
        .where(_pool_scope(scope))
        .group_by(TalentPool.id)
        .order_by(TalentPool.region_id.is_not(None), TalentPool.name)
    ).all()
    return [(pool, int(member_count), int(waiting_count)) for pool, member_count, waiting_count in rows]


def pools_open_for_nomination(on: date) -> list[TalentPool]:
    """Every pool still open: a person may be nominated into any region's pool they qualify for."""
    return list(
        db.session.scalars(
            select(TalentPool)
            .where((TalentPool.closed_on.is_(None)) | (TalentPool.closed_on > on))
            .order_by(TalentPool.region_id.is_not(None), TalentPool.name)
        )
    )


def pool_members(
    pool: TalentPool, status: MembershipStatus, *, after: str | None = None, size: int = MEMBERS_PER_PAGE
) -> tuple[list[PoolMembership], str | None]:
    """A page of a pool's memberships in ``status``, in surname order from a cursor, with each
    person and their organisation loaded: the same queries for 10 members or 10,000."""
    query = (
        select(PoolMembership)
        .join(Person, Person.id == PoolMembership.person_id)
        .where(PoolMembership.pool_id == pool.id, PoolMembership.status == status)
        .options(joinedload(PoolMembership.person).joinedload(Person.organisation))
        .order_by(Person.family_name, Person.given_name, Person.id)
    )
    if after:
        query = query.where(
            tuple_(Person.family_name, Person.given_name, Person.id) > tuple_(*decode_person_cursor(after))
        )
    rows = list(db.session.scalars(query.limit(size + 1)))
    if len(rows) <= size:
        return rows, None
    return rows[:size], encode_person_cursor(rows[size - 1].person)


def current_posts_of(person_ids: list[int], on: date) -> dict[int, Post]:
    """Each person's current post (the most senior if several), in one query."""
    posts: dict[int, Post] = {}
    if not person_ids:
        return posts
    for post in db.session.scalars(
        select(Post)
        .where(Post.person_id.in_(person_ids), current_post_filter(Post, on))
        .options(joinedload(Post.organisation))
    ):
        held = posts.get(post.person_id)
        if held is None or post.band.rank > held.band.rank:
            posts[post.person_id] = post
    return posts


def current_conversations_of(person_ids: list[int]) -> dict[int, TalentConversation]:
    if not person_ids:
        return {}
    return {
        conversation.person_id: conversation
        for conversation in db.session.scalars(
            select(TalentConversation).where(
                TalentConversation.person_id.in_(person_ids), TalentConversation.replaced_at.is_(None)
            )
        )
    }


def person_memberships(person_id: int) -> list[PoolMembership]:
    return list(
        db.session.scalars(
            select(PoolMembership)
            .where(PoolMembership.person_id == person_id)
            .order_by(PoolMembership.nominated_at.desc())
            .limit(50)
        )
    )


def review_population(*, pool: TalentPool | None, organisation: Organisation | None, on: date):
    """Current conversations of the people a review covers: a pool's members, or the holders of
    an organisation's current posts at band 8a and above."""
    query = select(TalentConversation).where(TalentConversation.replaced_at.is_(None))
    if pool is not None:
        members = select(PoolMembership.person_id).where(
            PoolMembership.pool_id == pool.id, PoolMembership.status == MembershipStatus.MEMBER
        )
        query = query.where(TalentConversation.person_id.in_(members))
    else:
        holders = select(Post.person_id).where(
            Post.organisation_id == organisation.id,
            Post.band.in_(SENIOR_BANDS),
            Post.person_id.is_not(None),
            current_post_filter(Post, on),
        )
        query = query.where(TalentConversation.person_id.in_(holders))
    return list(db.session.scalars(query))


def get_review(review_id: int) -> CalibrationReview:
    review = db.session.get(
        CalibrationReview,
        review_id,
        options=[joinedload(CalibrationReview.pool), joinedload(CalibrationReview.organisation)],
    )
    if review is None:
        raise NotFound("No such calibration review")
    return review


def get_position(review_id: int, person_id: int) -> CalibrationPosition:
    position = db.session.get(
        CalibrationPosition, (review_id, person_id), options=[joinedload(CalibrationPosition.person)]
    )
    if position is None:
        raise NotFound("That person is not in this review")
    return position


#: People listed on one page of a review.
POSITIONS_PER_PAGE = 50


def review_grid(review: CalibrationReview) -> dict[tuple[int, object], int]:
    """How many people sit in each (readiness, impact) cell of a review, grouped in SQL."""
    rows = db.session.execute(
        select(CalibrationPosition.readiness_id, CalibrationPosition.impact, func.count())
        .where(CalibrationPosition.review_id == review.id)
        .group_by(CalibrationPosition.readiness_id, CalibrationPosition.impact)
    )
    return {(readiness_id, impact): count for readiness_id, impact, count in rows}


def review_positions(
    review: CalibrationReview,
    *,
    readiness_id: int | None = None,
    impact=None,
    after: str | None = None,
    size: int = POSITIONS_PER_PAGE,
) -> tuple[list[CalibrationPosition], str | None]:
    """A page of the people in a review (optionally one cell of the grid), in surname order from
    a cursor, with each person loaded: a review of a large pool is read a page at a time."""
    query = (
        select(CalibrationPosition)
        .join(Person, Person.id == CalibrationPosition.person_id)
        .where(CalibrationPosition.review_id == review.id)
        .options(joinedload(CalibrationPosition.person))
        .order_by(Person.family_name, Person.given_name, Person.id)
    )
    if readiness_id is not None:
        query = query.where(CalibrationPosition.readiness_id == readiness_id)
    if impact is not None:
        query = query.where(CalibrationPosition.impact == impact)
    if after:
        query = query.where(
            tuple_(Person.family_name, Person.given_name, Person.id) > tuple_(*decode_person_cursor(after))
        )
    rows = list(db.session.scalars(query.limit(size + 1)))
    if len(rows) <= size:
        return rows, None
    return rows[:size], encode_person_cursor(rows[size - 1].person)


def review_moves(review: CalibrationReview, limit: int = 100) -> list[CalibrationMove]:
    """The meeting's latest moves, newest first."""
    return list(
        db.session.scalars(
            select(CalibrationMove)
            .where(CalibrationMove.review_id == review.id)
            .options(joinedload(CalibrationMove.person))
            .order_by(CalibrationMove.moved_at.desc(), CalibrationMove.id.desc())
            .limit(limit)
        )
    )


def reviews_in_scope(scope, limit: int = 50) -> list[CalibrationReview]:
    condition = true() if scope.everything else CalibrationReview.region_id.in_(scope.region_ids)
    return list(
        db.session.scalars(
            select(CalibrationReview)
            .where(condition)
            .options(joinedload(CalibrationReview.pool), joinedload(CalibrationReview.organisation))
            .order_by(CalibrationReview.closed_at.is_not(None), CalibrationReview.opened_at.desc())
            .limit(limit)
        )
    )


def area_name(scope) -> str:
    """What a scope covers, in words: "England" or the region's name."""
    if scope.everything:
        return "England"
    return ", ".join(
        db.session.scalars(select(Region.name).where(Region.id.in_(scope.region_ids)).order_by(Region.name))
    )


# --- Challenged posts, packages and match runs ----------------------------------------------


def get_challenged_post(post_id: int) -> ChallengedPost:
    post = db.session.get(ChallengedPost, post_id)
    if post is None:
        raise NotFound("No such challenged post")
    return post


def challenged_posts(scope, limit: int = 200) -> list[ChallengedPost]:
    """Challenged posts within reach, open ones first, soonest closing first."""
    return list(
        db.session.scalars(
            select(ChallengedPost)
            .where(scope.condition(organisation=ChallengedPost.organisation_id, region=ChallengedPost.region_id))
            .order_by(ChallengedPost.status != ChallengedPostStatus.OPEN, ChallengedPost.closing_on, ChallengedPost.id)
            .limit(limit)
        )
    )


def get_package(package_id: int) -> IncentivePackage:
    package = db.session.get(IncentivePackage, package_id)
    if package is None:
        raise NotFound("No such incentive package")
    return package


def packages(scope, *, templates_only: bool = False, limit: int = 200) -> list[IncentivePackage]:
    """Packages within reach: the region's own; national admins see every region's."""
    query = select(IncentivePackage)
    if not scope.everything:
        query = query.where(IncentivePackage.region_id.in_(scope.region_ids or [-1]))
    if templates_only:
        query = query.where(IncentivePackage.is_template.is_(True))
    return list(db.session.scalars(query.order_by(IncentivePackage.approval, IncentivePackage.name).limit(limit)))


def awaiting_approval(limit: int = 50) -> list[IncentivePackage]:
    return list(
        db.session.scalars(
            select(IncentivePackage)
            .where(IncentivePackage.approval == ApprovalStatus.AWAITING)
            .order_by(IncentivePackage.created_at)
            .limit(limit)
        )
    )


def get_run(run_id: int) -> MatchRun:
    run = db.session.get(MatchRun, run_id)
    if run is None:
        raise NotFound("No such match run")
    return run


def runs_for_post(post_id: int, limit: int = 20) -> list[MatchRun]:
    return list(
        db.session.scalars(
            select(MatchRun).where(MatchRun.post_id == post_id).order_by(MatchRun.run_at.desc()).limit(limit)
        )
    )


def run_results(run: MatchRun) -> list[MatchResult]:
    """A run's results, ranked people first (by post, then rank), then the filtered ones."""
    return list(
        db.session.scalars(
            select(MatchResult)
            .options(joinedload(MatchResult.post))
            .where(MatchResult.run_id == run.id)
            .order_by(MatchResult.post_id, MatchResult.rank.is_(None), MatchResult.rank, MatchResult.person_id)
        )
    )


def get_result(result_id: int) -> MatchResult:
    result = db.session.get(MatchResult, result_id)
    if result is None:
        raise NotFound("No such match result")
    return result


def challenged_posts_by_id(ids) -> dict[int, ChallengedPost]:
    wanted = list(ids)
    if not wanted:
        return {}
    return {post.id: post for post in db.session.scalars(select(ChallengedPost).where(ChallengedPost.id.in_(wanted)))}


def get_shortlist_entry(entry_id: int) -> ShortlistEntry:
    entry = db.session.get(ShortlistEntry, entry_id)
    if entry is None:
        raise NotFound("No such shortlist entry")
    return entry


def shortlist(post_id: int) -> list[ShortlistEntry]:
    return list(
        db.session.scalars(
            select(ShortlistEntry)
            .where(ShortlistEntry.post_id == post_id)
            .order_by(ShortlistEntry.status == ShortlistStatus.REMOVED, ShortlistEntry.run_rank, ShortlistEntry.id)
        )
    )


def get_placement(placement_id: int) -> Placement:
    placement = db.session.get(Placement, placement_id)
    if placement is None:
        raise NotFound("No such placement")
    return placement


def placements(scope, limit: int = 500) -> list[Placement]:
    """Placements within reach, newest first."""
    query = select(Placement)
    if not scope.everything:
        query = query.where(Placement.region_id.in_(scope.region_ids or [-1]))
    return list(db.session.scalars(query.order_by(Placement.starts_on.desc(), Placement.id.desc()).limit(limit)))
