"""The pipeline's figures: a calibration review's distribution by protected characteristic,
and the region's pipeline dashboard. Every count goes through the insights service (suppressed
and rounded), so no page, CSV or API answer can show a number under the threshold; each is
grouped in SQL, so a page costs the same number of queries whatever the region's size. The
dashboard's tables about conversations and senior staff read a per-organisation summary
(``PipelineCount``), so that England's view costs no more than a trust's."""

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import case, exists, func, literal, select, true

from talent.audit.services import record_event
from talent.db import utcnow
from talent.edi.queries import statistics_population
from talent.extensions import db
from talent.imports import bulk_insert
from talent.insights import services as insight_services
from talent.insights.queries import BAND_GROUPS, summary_in_scope
from talent.orgs.models import Organisation
from talent.people.models import Person, Post
from talent.people.queries import current_post_filter
from talent.pipeline import queries as pipeline_queries
from talent.pipeline.models import (
    CalibrationPosition,
    CalibrationReview,
    ChallengedPost,
    MembershipStatus,
    PipelineCount,
    Placement,
    PoolMembership,
    ReadinessLevel,
    ShortlistEntry,
    ShortlistStatus,
    TalentConversation,
    TalentPool,
)
from talent.programmes.models import Enrolment, EnrolmentStatus, Programme

#: The characteristics the pipeline is checked on: key → (label, groups, (reference, comparison)).
BREAKDOWNS = {
    "wres_group": ("Ethnicity", [("white", "White"), ("bme", "Black and minority ethnic")], ("white", "bme")),
    "disability": ("Disability", [("no", "Not disabled"), ("yes", "Disabled")], ("no", "yes")),
    "sex": ("Sex", [("male", "Male"), ("female", "Female")], ("male", "female")),
}
#: The four-fifths rule: a group's rate under 80% of the other's (a relative likelihood above
#: 1.25 or below 0.8) is flagged for the meeting to look at.
FOUR_FIFTHS = 0.8


def four_fifths_crossed(likelihood) -> bool:
    value = likelihood.value if likelihood is not None else None
    return value is not None and (value < FOUR_FIFTHS or value > 1 / FOUR_FIFTHS)


@dataclass
class Distribution:
    key: str
    label: str
    groups: list[tuple[str, str]]
    #: Published counts by readiness level (rows) and group (columns).
    table: object
    #: Relative likelihood of the reference group being rated "ready now" against the other.
    ready_now: object
    flagged: bool


def _review_population(review: CalibrationReview, on: date):
    answers = statistics_population(on).subquery()
    return (
        select(
            CalibrationPosition.person_id.label("person_id"),
            ReadinessLevel.code.label("readiness"),
            ReadinessLevel.ready_now.label("ready"),
            *[answers.c[key] for key in BREAKDOWNS],
        )
        .join(ReadinessLevel, ReadinessLevel.id == CalibrationPosition.readiness_id)
        .join(answers, answers.c.person_id == CalibrationPosition.person_id)
        .where(CalibrationPosition.review_id == review.id)
    )


def review_distribution(review: CalibrationReview, *, actor, on: date | None = None) -> list[Distribution]:
    """Readiness by ethnicity, disability and sex in a review, disclosure-controlled, with the
    relative likelihood of being rated ready now flagged where it crosses the four-fifths rule.
    Each view is audited, since the figures derive from equality information."""
    on = on or date.today()
    population = _review_population(review, on)
    levels = [level.code for level in pipeline_queries.readiness_levels(in_use_only=False)]
    results = []
    for key, (label, groups, (reference, comparison)) in BREAKDOWNS.items():
        table = insight_services.count_by(
            population, row="readiness", column=key, rows=levels, columns=[g for g, _ in groups]
        )
        likelihood = insight_services.compare(
            population, group=key, outcome="ready", reference=reference, comparison=comparison
        )
        results.append(Distribution(key, label, groups, table, likelihood, four_fifths_crossed(likelihood)))
    record_event("edi_statistics_viewed", actor=actor, report="calibration", breakdown="all")
    return results


# --- The pipeline dashboard -----------------------------------------------------------------

NOT_SET = "Not set"
SINCE_BUCKETS = [
    ("recent", "In the last 6 months"),
    ("6_to_12", "6 to 12 months ago"),
    ("over_12", "More than 12 months ago"),
    ("none", "No conversation"),
]


#: The pipeline summary's tables besides the characteristics of BREAKDOWNS.
READINESS = "readiness"
SINCE = "since"

MOVEMENTS = {"joined": "Joined", "left": "Left"}
PARTICIPATION = {"taking_part": "Taking part", "completed": "Completed"}


def _target_group():
    return case(
        *[(TalentConversation.target_band.in_(bands), literal(label)) for label, bands in BAND_GROUPS],
        else_=literal(NOT_SET),
    )


def _in_scope(scope):
    return scope.condition(organisation=Person.organisation_id, region=Organisation.region_id, person=Person.id)


def _conversation_cells(scope, on: date):
    """Current conversations of people in ``scope``, grouped by their organisation, readiness,
    target level and consented answers (``answered`` false, answers null, for people without
    consented answers): every pipeline table about conversations sums from these rows."""
    answers = statistics_population(on).subquery()
    grouped = [
        Person.organisation_id,
        ReadinessLevel.code,
        _target_group(),
        answers.c.person_id.is_not(None),
        *[answers.c[key] for key in BREAKDOWNS],
    ]
    return (
        select(*grouped, func.count())
        .join(ReadinessLevel, ReadinessLevel.id == TalentConversation.readiness_id)
        .join(Person, Person.id == TalentConversation.person_id)
        .join(Organisation, Organisation.id == Person.organisation_id)
        .outerjoin(answers, answers.c.person_id == TalentConversation.person_id)
        .where(TalentConversation.replaced_at.is_(None), _in_scope(scope))
        .group_by(*grouped)
    )


def _since_cells(scope, on: date):
    """People in ``scope`` holding a post at band 8a or above, grouped by their organisation and
    how long ago their current conversation was held."""
    senior = (
        select(Post.person_id)
        .where(Post.band.in_(pipeline_queries.SENIOR_BANDS), Post.person_id.is_not(None), current_post_filter(Post, on))
        .distinct()
        .subquery()
    )
    held = TalentConversation.held_on
    bucket = case(
        (held.is_(None), literal("none")),
        (held >= on - timedelta(days=183), literal("recent")),
        (held >= on - timedelta(days=365), literal("6_to_12")),
        else_=literal("over_12"),
    )
    return (
        select(Person.organisation_id, bucket, func.count())
        .join(senior, senior.c.person_id == Person.id)
        .join(Organisation, Organisation.id == Person.organisation_id)
        .outerjoin(
            TalentConversation,
            (TalentConversation.person_id == Person.id) & TalentConversation.replaced_at.is_(None),
        )
        .where(_in_scope(scope))
        .group_by(Person.organisation_id, bucket)
    )


def recount_pipeline(organisation_ids: Iterable[int] | None = None, *, on: date | None = None) -> None:
    """Count the pipeline dashboard's summary again for these organisations (people whose home
    organisation they are; every organisation when None). Their rows are replaced together in
    the caller's transaction, so a dashboard never reads half a count."""
    on = on or date.today()
    scope = insight_services.clear_summary(PipelineCount, organisation_ids)
    if scope is None:
        return
    cells: Counter = Counter()
    for organisation_id, readiness, target_level, answered, *answers, count in db.session.execute(
        _conversation_cells(scope, on)
    ):
        cells[(organisation_id, READINESS, readiness, target_level)] += count
        # Only people who chose to share their answers, and named a target level, are in the
        # pipeline's diversity; the rest are still in the readiness tables.
        if answered and target_level != NOT_SET:
            for key, answer in zip(BREAKDOWNS, answers, strict=True):
                cells[(organisation_id, key, target_level, answer)] += count
    for organisation_id, since, count in db.session.execute(_since_cells(scope, on)):
        cells[(organisation_id, SINCE, insight_services.ALL, since)] += count
    now = utcnow()
    bulk_insert(
        PipelineCount,
        [
            {
                "organisation_id": organisation_id,
                "breakdown": breakdown,
                "row_key": row,
                "column_key": column,
                "headcount": count,
                "counted_at": now,
            }
            for (organisation_id, breakdown, row, column), count in cells.items()
        ],
    )


def pipeline_summary(scope, breakdown: str, groups=None):
    """The summary's sums in ``scope`` for one table: (row, column, count) by default."""
    counts, _ = summary_in_scope(
        scope,
        PipelineCount,
        groups or [PipelineCount.row_key, PipelineCount.column_key],
        PipelineCount.breakdown == breakdown,
    )
    return counts


def _pools_in(scope):
    return true() if scope.everything else TalentPool.region_id.in_(scope.region_ids)


def quarters(on: date, count: int = 4) -> list[tuple[str, date, date]]:
    """The last ``count`` calendar quarters up to ``on``, oldest first: (label, first, last day)."""
    result = []
    year, quarter = on.year, (on.month - 1) // 3
    for _ in range(count):
        first = date(year, quarter * 3 + 1, 1)
        next_first = date(year + (quarter == 3), (quarter * 3 + 3) % 12 + 1, 1)
        result.append(
            (f"{first:%b} to {(next_first - timedelta(days=1)):%b %Y}", first, next_first - timedelta(days=1))
        )
        year, quarter = (year, quarter - 1) if quarter else (year - 1, 3)
    return list(reversed(result))


def movement_population(scope, periods):
    """Joins (approvals) and leavers of the pools in ``scope``, one row per event, labelled by
    quarter; events outside the quarters are left out."""

    def quarter_of(column):
        return case(*[(column.between(first, last), literal(label)) for label, first, last in periods], else_=None)

    decided_on = func.date(PoolMembership.decided_at)
    joined = (
        select(quarter_of(decided_on).label("quarter"), literal("joined").label("movement"))
        .join(TalentPool, TalentPool.id == PoolMembership.pool_id)
        .where(
            PoolMembership.status.in_([MembershipStatus.MEMBER, MembershipStatus.LEFT]),
            PoolMembership.decided_at.is_not(None),
            quarter_of(decided_on).is_not(None),
            _pools_in(scope),
        )
    )
    left = (
        select(quarter_of(PoolMembership.left_on).label("quarter"), literal("left").label("movement"))
        .join(TalentPool, TalentPool.id == PoolMembership.pool_id)
        .where(
            PoolMembership.status == MembershipStatus.LEFT,
            quarter_of(PoolMembership.left_on).is_not(None),
            _pools_in(scope),
        )
    )
    union = joined.union_all(left).subquery()
    return select(union.c.quarter, union.c.movement)


def participation_population(scope):
    """Pool members in ``scope`` on each programme (a place or a completion), one row per person
    and programme."""
    members = (
        select(PoolMembership.person_id)
        .join(TalentPool, TalentPool.id == PoolMembership.pool_id)
        .where(PoolMembership.status == MembershipStatus.MEMBER, _pools_in(scope))
    )
    status = case((Enrolment.status == EnrolmentStatus.COMPLETED, literal("completed")), else_=literal("taking_part"))
    return (
        select(Enrolment.person_id, Programme.title.label("programme"), status.label("status"))
        .join(Programme, Programme.id == Enrolment.programme_id)
        .where(
            Enrolment.person_id.in_(members),
            Enrolment.status.in_([EnrolmentStatus.ENROLLED, EnrolmentStatus.COMPLETED]),
        )
        .distinct()
    )


@dataclass
class Dashboard:
    readiness_labels: dict[str, str]
    by_level: object
    by_organisation: object
    since: object
    movement: object
    participation: object
    #: key → (label, groups, pipeline table, workforce table), rows are band groups.
    diversity: dict
    levels: list[str]
    #: When the workforce tables' summary was counted (None if never).
    workforce_counted_at: object = None
    #: When the conversation and senior staff tables' summary was counted (None if never).
    counted_at: object = None

    def cells(self):
        """Every published cell as (table, row, column, count or None), for the CSV and the API."""
        named = [
            ("Readiness by target level", self.by_level),
            ("Readiness by organisation", self.by_organisation),
            ("Time since last talent conversation (band 8a and above)", self.since),
            ("Pool movement by quarter", self.movement),
            ("Programme participation of pool members", self.participation),
        ]
        for label, _, pipeline, workforce in self.diversity.values():
            named.append((f"Pipeline by target level: {label}", pipeline))
            named.append((f"Workforce by level: {label}", workforce))
        words = self.words()
        for name, table in named:
            for row in table.rows:
                for column in table.columns:
                    yield name, words.get(row, str(row)), words.get(column, str(column)), table.cell(row, column).value

    def words(self) -> dict:
        """What the keys in the tables are called on the page and in the CSV."""
        words = dict(self.readiness_labels) | dict(SINCE_BUCKETS) | MOVEMENTS | PARTICIPATION
        for _, groups, _, _ in self.diversity.values():
            words |= dict(groups)
        return words


def pipeline_dashboard(scope, *, actor, on: date | None = None) -> Dashboard:
    """The region's (or, for national roles, England's) pipeline. The conversation and senior
    staff tables are read from the pipeline summary and the workforce beside them from the
    workforce summary; pools are few and are counted as they stand. Audited as a view of
    statistics derived from equality information."""
    on = on or date.today()
    levels = pipeline_queries.readiness_levels(in_use_only=False)
    level_codes = [level.code for level in levels]
    target_levels = [label for label, _ in BAND_GROUPS] + [NOT_SET]
    count_by, count_summary = insight_services.count_by, insight_services.count_summary
    periods = quarters(on)
    diversity = {}
    band_groups = [label for label, _ in BAND_GROUPS]
    for key, (label, groups, _) in BREAKDOWNS.items():
        columns = [g for g, _ in groups]
        workforce = insight_services.workforce_table(scope, key, columns)
        pipeline = count_summary(pipeline_summary(scope, key), rows=band_groups, columns=columns)
        diversity[key] = (label, groups, pipeline, workforce)
    _, counted_at = summary_in_scope(scope, PipelineCount, [])
    by_organisation = pipeline_summary(scope, READINESS, [Organisation.name, PipelineCount.row_key])
    dashboard = Dashboard(
        readiness_labels={level.code: level.label for level in levels},
        by_level=count_summary(pipeline_summary(scope, READINESS), rows=level_codes, columns=target_levels),
        by_organisation=count_summary(by_organisation, rows=None, columns=level_codes),
        since=count_summary(pipeline_summary(scope, SINCE), rows=None, columns=[key for key, _ in SINCE_BUCKETS]),
        movement=count_by(
            movement_population(scope, periods),
            row="quarter",
            column="movement",
            rows=[label for label, _, _ in periods],
            columns=["joined", "left"],
        ),
        participation=count_by(
            participation_population(scope), row="programme", column="status", columns=["taking_part", "completed"]
        ),
        diversity=diversity,
        levels=level_codes,
        workforce_counted_at=insight_services.workforce_counted_at(scope),
        counted_at=db.session.scalar(counted_at),
    )
    record_event("edi_statistics_viewed", actor=actor, report="pipeline", breakdown="all")
    return dashboard


# --- Fairness of matching to challenged posts -----------------------------------------------


@dataclass
class ProcessFairness:
    key: str
    label: str
    groups: list[tuple[str, str]]
    #: Relative likelihood of being shortlisted from the pool, reference group against the other.
    shortlisted_from_pool: object
    #: Relative likelihood of being placed from the shortlist.
    placed_from_shortlist: object
    flagged: bool


def process_fairness(region_id: int | None, *, actor, on: date | None = None) -> list[ProcessFairness]:
    """For one region's challenged posts (or England's): how likely each group in the pools is
    to be shortlisted, and each group shortlisted to be placed, by ethnicity, disability and sex,
    through the insights service (suppressed, with significance). Audited: the figures derive
    from equality information."""
    on = on or date.today()
    answers = statistics_population(on).subquery()
    shortlisted = exists().where(
        ShortlistEntry.person_id == PoolMembership.person_id,
        ShortlistEntry.status != ShortlistStatus.REMOVED,
        ShortlistEntry.post_id == ChallengedPost.id,
        ChallengedPost.region_id == region_id if region_id is not None else true(),
    )
    placed = exists().where(
        Placement.person_id == ShortlistEntry.person_id,
        Placement.region_id == region_id if region_id is not None else true(),
    )
    in_pools = (
        select(
            PoolMembership.person_id.label("person_id"),
            shortlisted.label("shortlisted"),
            *[answers.c[key] for key in BREAKDOWNS],
        )
        .join(TalentPool, TalentPool.id == PoolMembership.pool_id)
        .join(answers, answers.c.person_id == PoolMembership.person_id)
        .where(PoolMembership.status.in_([MembershipStatus.MEMBER, MembershipStatus.LEFT]))
        .where(TalentPool.region_id == region_id if region_id is not None else true())
        .distinct()
    )
    on_shortlists = (
        select(
            ShortlistEntry.person_id.label("person_id"),
            placed.label("placed"),
            *[answers.c[key] for key in BREAKDOWNS],
        )
        .join(ChallengedPost, ChallengedPost.id == ShortlistEntry.post_id)
        .join(answers, answers.c.person_id == ShortlistEntry.person_id)
        .where(ShortlistEntry.status != ShortlistStatus.REMOVED)
        .where(ChallengedPost.region_id == region_id if region_id is not None else true())
        .distinct()
    )
    # One grouped read of each population for all three characteristics: England's pool
    # members joined to their answers is the slowest read on the challenged posts page.
    pairs = {key: pair for key, (_, _, pair) in BREAKDOWNS.items()}
    shortlisting = insight_services.compare_each(in_pools, groups=pairs, outcome="shortlisted")
    placing = insight_services.compare_each(on_shortlists, groups=pairs, outcome="placed")
    results = []
    for key, (label, groups, _) in BREAKDOWNS.items():
        first, second = shortlisting[key], placing[key]
        results.append(
            ProcessFairness(
                key, label, groups, first, second, four_fifths_crossed(first) or four_fifths_crossed(second)
            )
        )
    record_event("edi_statistics_viewed", actor=actor, report="challenged_posts", breakdown=str(region_id or "england"))
    return results
