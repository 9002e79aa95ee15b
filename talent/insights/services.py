"""The one way any module produces statistics about people.

A module describes its population as a SELECT with named columns (one row per person, or per
event); this service groups and counts it in the database and returns only what may be
published: suppressed, rounded :class:`~talent.insights.disclosure.Table` objects and
:class:`RelativeLikelihood` results. Raw counts stay inside this package.
"""

import math
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

from flask import current_app
from sqlalchemy import Select, case, func, literal, select

from talent.audit.services import record_event
from talent.auth.policy import ListScope
from talent.db import utcnow
from talent.extensions import db
from talent.imports import bulk_insert
from talent.insights import queries as insight_queries
from talent.insights.disclosure import SUPPRESSED, Cell, DisclosurePolicy, Table, protect
from talent.insights.models import WorkforceCount
from talent.orgs.models import Organisation
from talent.people.models import Post

ALL = "all"
#: For counts that say nothing about protected characteristics (completions by region, fill
#: rates): grouped in SQL all the same, but published as they are.
NOT_ABOUT_CHARACTERISTICS = DisclosurePolicy(min_cell=0, round_to=1, secondary=False)


def current_policy() -> DisclosurePolicy:
    return DisclosurePolicy.from_config(current_app.config)


def _raw_counts(population: Select, keys: list[str]) -> dict:
    subquery = population.subquery()
    columns = [subquery.c[key] for key in keys]
    statement = select(*columns, func.count()).group_by(*columns)
    return {tuple(row[:-1]): row[-1] for row in db.session.execute(statement)}


def count_by(
    population: Select,
    *,
    column: str,
    row: str | None = None,
    columns: list | None = None,
    rows: list | None = None,
    policy: DisclosurePolicy | None = None,
) -> Table:
    """Count ``population`` by ``column`` (and ``row``), in SQL, then apply disclosure control.

    :param columns: the column keys in order, including any with no one in them; by default
        the keys found, sorted.
    :param rows: likewise for ``row``; a table without ``row`` has the single row ``"all"``.
    """
    policy = policy or current_policy()
    if row is None:
        counts = {(ALL, key[0]): count for key, count in _raw_counts(population, [column]).items()}
    else:
        counts = dict(_raw_counts(population, [row, column]))
    rows = rows if rows is not None else sorted({r for r, _ in counts}, key=str) or [ALL]
    columns = columns if columns is not None else sorted({c for _, c in counts}, key=str)
    return protect(counts, rows, columns, policy)


def _summed(statement: Select | Iterable[tuple]) -> Iterable[tuple]:
    """A summary's rows: ``statement`` run, or rows a caller has already read."""
    return db.session.execute(statement) if isinstance(statement, Select) else statement


def count_summary(
    statement: Select | Iterable[tuple], *, rows: list | None, columns: list, policy: DisclosurePolicy | None = None
):
    """Like :func:`count_by`, for counts a module keeps in its own summary table: ``statement``
    gives (row, column, count) already summed (or is those rows), and disclosure control runs
    on those sums."""
    counts = {(row, column): count for row, column, count in _summed(statement)}
    rows = rows if rows is not None else sorted({r for r, _ in counts}, key=str) or [ALL]
    return protect(counts, rows, columns, policy or current_policy())


@dataclass(frozen=True)
class Likelihood:
    """How often an outcome happened in one group: ``numerator`` of ``denominator``."""

    group: str
    numerator: Cell
    denominator: Cell
    #: None when not available (nobody in the group) or when small numbers are suppressed.
    rate: float | None


#: The bands a p-value is published in, smallest first; anything else is "0.05 or more".
P_BANDS = ((0.001, "< 0.001"), (0.01, "< 0.01"), (0.05, "< 0.05"))
P_NOT_SIGNIFICANT = "0.05 or more"


def p_band(p_value: float) -> str:
    return next((label for bound, label in P_BANDS if p_value < bound), P_NOT_SIGNIFICANT)


@dataclass(frozen=True)
class RelativeLikelihood:
    """``reference.rate / comparison.rate``; 1.0 is parity. ``value`` is None with a reason
    when it cannot be given."""

    reference: Likelihood
    comparison: Likelihood
    #: Rounded to two decimals: at full precision the ratio of two exact rates, beside the
    #: rounded counts, would let someone solve for the exact counts behind them.
    value: float | None
    reason: str | None = None
    #: Which band the two-sided p-value of a two-proportion z-test falls in ("< 0.001", "< 0.01",
    #: "< 0.05", "0.05 or more"), never the value itself, for the same reason; None when the ratio
    #: is not available.
    p_band: str | None = None

    @property
    def significant(self) -> bool:
        return self.p_band is not None and self.p_band != P_NOT_SIGNIFICANT

    def __str__(self) -> str:
        return f"{self.value:.2f}" if self.value is not None else "Not available"


def _likelihood(group: str, outcomes: int, population: int, policy: DisclosurePolicy) -> tuple[Likelihood, bool]:
    small = outcomes < policy.min_cell or population < policy.min_cell
    numerator = SUPPRESSED if small else Cell(policy.publish(outcomes))
    denominator = SUPPRESSED if small else Cell(policy.publish(population))
    # From the published (rounded) counts, so the rate adds nothing to what they already say.
    rate = None if small or not denominator.value else round(numerator.value / denominator.value, 2)
    return Likelihood(group, numerator, denominator, rate), small


def relative_likelihood(
    reference: tuple[str, int, int],
    comparison: tuple[str, int, int],
    *,
    policy: DisclosurePolicy | None = None,
) -> RelativeLikelihood:
    """Relative likelihood of an outcome for the ``reference`` group against ``comparison``,
    each given as (group, outcomes, population at risk), the NHS WRES/WDES way.

    "Not available" when either population is empty or the comparison group has no
    outcomes; suppressed (also "not available", with the reason) when any count is under the
    minimum cell size, since the ratio and the published counts together would reveal it.
    """
    policy = policy or current_policy()
    ref, ref_small = _likelihood(*reference, policy)
    cmp_, cmp_small = _likelihood(*comparison, policy)
    if reference[2] == 0 or comparison[2] == 0:
        return RelativeLikelihood(ref, cmp_, None, "No one in one of the groups")
    if ref_small or cmp_small:
        return RelativeLikelihood(ref, cmp_, None, f"Fewer than {policy.min_cell} people in a count")
    if comparison[1] == 0:
        return RelativeLikelihood(ref, cmp_, None, f"No outcomes in the {comparison[0]} group")
    p_value = _two_proportion_p(reference[1], reference[2], comparison[1], comparison[2])
    exact = (reference[1] / reference[2]) / (comparison[1] / comparison[2])
    return RelativeLikelihood(ref, cmp_, round(exact, 2), p_band=None if p_value is None else p_band(p_value))


def _two_proportion_p(x1: int, n1: int, x2: int, n2: int) -> float | None:
    """Two-sided p-value for "the two rates are the same" (pooled two-proportion z-test)."""
    pooled = (x1 + x2) / (n1 + n2)
    spread = math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2))
    if spread == 0:
        return None
    z = (x1 / n1 - x2 / n2) / spread
    return math.erfc(abs(z) / math.sqrt(2))


def _outcome_counts(population: Select, *, groups: list[str], outcome: str) -> dict[str, dict]:
    """For each of ``groups`` and each of its values: (people with a true ``outcome``, people),
    counted in SQL in one grouped scan of ``population`` and summed per group here.

    Raw counts: private, so that they reach callers only through :func:`relative_likelihood`.
    """
    subquery = population.subquery()
    columns = [subquery.c[group] for group in groups]
    happened = func.sum(case((subquery.c[outcome].is_(True), literal(1)), else_=literal(0)))
    counts: dict[str, dict] = {group: {} for group in groups}
    for *values, outcomes, people in db.session.execute(select(*columns, happened, func.count()).group_by(*columns)):
        for group, value in zip(groups, values, strict=True):
            before = counts[group].get(value, (0, 0))
            counts[group][value] = (before[0] + int(outcomes or 0), before[1] + people)
    return counts


def compare_each(
    population: Select,
    *,
    groups: dict[str, tuple[str, str]],
    outcome: str,
    policy: DisclosurePolicy | None = None,
) -> dict[str, RelativeLikelihood]:
    """:func:`compare` for several groupings of one population at once (``groups``: column →
    (reference, comparison)), from one grouped query rather than one per grouping: a national
    population is then read once, not once per characteristic."""
    counts = _outcome_counts(population, groups=list(groups), outcome=outcome)
    return {
        group: relative_likelihood(
            (reference, *counts[group].get(reference, (0, 0))),
            (comparison, *counts[group].get(comparison, (0, 0))),
            policy=policy,
        )
        for group, (reference, comparison) in groups.items()
    }


def compare(
    population: Select,
    *,
    group: str,
    outcome: str,
    reference: str,
    comparison: str,
    policy: DisclosurePolicy | None = None,
) -> RelativeLikelihood:
    """Relative likelihood of ``outcome`` for the ``reference`` value of ``group`` against the
    ``comparison`` value, counted in SQL."""
    return compare_each(population, groups={group: (reference, comparison)}, outcome=outcome, policy=policy)[group]


def compare_summary(
    statement: Select | Iterable[tuple], *, reference: str, comparison: str, policy: DisclosurePolicy | None = None
) -> RelativeLikelihood:
    """Like :func:`compare`, for counts a module keeps in its own summary table: ``statement``
    gives (group, whether the outcome happened, count) already summed (or is those rows)."""
    counts: dict[str, list[int]] = {}
    for group, happened, count in _summed(statement):
        totals = counts.setdefault(group, [0, 0])
        totals[0] += int(count) if happened else 0
        totals[1] += int(count)
    return relative_likelihood(
        (reference, *counts.get(reference, (0, 0))),
        (comparison, *counts.get(comparison, (0, 0))),
        policy=policy,
    )


def workforce_table(scope, characteristic: str, columns: list) -> Table:
    """Headcount by band group and one protected characteristic (WRES indicator 1 style) for
    ``scope``, disclosure-controlled, read from the workforce summary (a few thousand rows
    nationally, not 1.4 million posts)."""
    counts, _ = insight_queries.workforce_summary(scope, characteristic)
    rows = [name for name, _ in insight_queries.BAND_GROUPS]
    return count_summary(counts, rows=rows, columns=columns)


def workforce_counted_at(scope) -> datetime | None:
    """When the oldest workforce count in ``scope`` was made (None if nothing has been counted
    yet); one recount writes every characteristic, so one answer serves all of a page's tables."""
    _, counted_at = insight_queries.summary_in_scope(scope, WorkforceCount, [])
    return db.session.scalar(counted_at)


def workforce_profile(scope, characteristic: str, columns: list, *, actor) -> tuple[Table, datetime | None]:
    """:func:`workforce_table` for the workforce profile page, with when it was counted; each
    view is in the audit log."""
    result = workforce_table(scope, characteristic, columns), workforce_counted_at(scope)
    record_event("edi_statistics_viewed", actor=actor, report="workforce", breakdown=characteristic)
    return result


def clear_summary(model, organisation_ids: Iterable[int] | None) -> ListScope | None:
    """Delete a per-organisation summary's rows for these organisations (every row when None),
    before they are counted again in the same transaction; the scope to count them in, or None
    when there is nothing to count."""
    counted = model.__table__
    ids = None if organisation_ids is None else frozenset(organisation_ids)
    if ids is not None and not ids:
        return None
    _lock_organisations(ids)
    if ids is None:
        db.session.execute(counted.delete())
        return ListScope(everything=True)
    db.session.execute(counted.delete().where(counted.c.organisation_id.in_(ids)))
    return ListScope(organisation_ids=ids)


def _lock_organisations(ids: frozenset[int] | None) -> None:
    """Take the organisations' rows (every one when None) until the transaction ends, so two
    recounts of one organisation run one after the other: otherwise the second's delete cannot
    see the rows the first inserted, and its insert collides with them (two HR admins changing
    posts in one trust at once). NO KEY UPDATE leaves inserts that refer to the organisation
    free. In id order, so two recounts of overlapping organisations cannot deadlock. SQLite
    has a single writer already."""
    if db.session.get_bind().dialect.name != "postgresql":
        return
    locked = select(Organisation.id).order_by(Organisation.id).with_for_update(key_share=True)
    if ids is not None:
        locked = locked.where(Organisation.id.in_(ids))
    db.session.execute(locked).all()


def recount_workforce(organisation_ids: Iterable[int] | None = None, *, on: date | None = None) -> None:
    """Count the workforce summary again for these organisations (every one when None): their
    rows are replaced together in the caller's transaction, so a page never sees half a count."""
    on = on or date.today()
    scope = clear_summary(WorkforceCount, organisation_ids)
    if scope is None:
        return
    # One scan, grouped by every characteristic at once, then summed for each in Python: a
    # statement per characteristic read the posts five times and let the planner pick a poor
    # join for some of them (0.5 s for one large trust, on every post change).
    population = insight_queries.workforce_population(scope, on).subquery()
    keys = list(insight_queries.CHARACTERISTICS)
    grouped = [population.c.organisation_id, population.c.band_group, *(population.c[key] for key in keys)]
    headcounts: Counter = Counter()
    for organisation_id, band_group, *answers, count in db.session.execute(
        select(*grouped, func.count()).group_by(*grouped)
    ):
        for key, answer in zip(keys, answers, strict=True):
            headcounts[(organisation_id, key, band_group, answer)] += count
    now = utcnow()
    bulk_insert(
        WorkforceCount,
        [
            {
                "organisation_id": organisation_id,
                "characteristic": key,
                "band_group": band_group,
                "answer": answer,
                "headcount": count,
                "counted_at": now,
            }
            for (organisation_id, key, band_group, answer), count in headcounts.items()
        ],
    )


def recount_workforce_for_person(person_id: int, *, on: date | None = None) -> None:
    """After a change to one person's answers: recount each organisation they hold a post in."""
    recount_workforce(
        db.session.scalars(select(Post.organisation_id).where(Post.person_id == person_id).distinct()), on=on
    )
