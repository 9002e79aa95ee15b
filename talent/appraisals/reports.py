"""Appraisal reports: completion counted in SQL, and fairness by protected characteristic
through the insights service (suppressed, rounded, audited)."""

from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select

from talent.appraisals import queries as appraisal_queries
from talent.appraisals.models import FairnessCount
from talent.audit.services import record_event
from talent.errors import RuleViolation
from talent.extensions import db
from talent.insights import services as insight_services
from talent.people.models import Person
from talent.standards.models import Framework, FrameworkStatus


@dataclass
class FairnessBreakdown:
    """One protected characteristic: the published (disclosure-controlled) distribution of
    overall behaviour ratings by group, and the relative likelihood of the top rating."""

    key: str
    label: str
    groups: list[tuple[str, str]]
    table: object
    top_rating: object | None
    #: Read from the fairness summary (a region or England), not counted as it stands.
    summarised: bool = False
    #: When the summary was counted (None if not yet, or not summarised).
    counted_at: datetime | None = None


def appraisal_fairness(scope, year: int, on: date, measure: str = "behaviours", *, actor) -> list[FairnessBreakdown]:
    """Every breakdown goes through the insights service, so no cell under the minimum is
    ever returned; the relative likelihood is suppressed with its small counts. Each view is
    in the audit log, since the figures derive from equality information.

    A region or England is read from the fairness summary (counted every 15 minutes with the
    completion summary); an organisation is counted as it stands, a few thousand appraisals.

    :param measure: which overall rating, a key of ``appraisal_queries.FAIRNESS_MEASURES``.
    """
    if measure not in appraisal_queries.FAIRNESS_MEASURES:
        raise RuleViolation("Choose behaviours or objectives", field="measure")
    positions = [point.position for point in _hlm_scale()]
    if scope.everything or scope.region_ids:
        results = _summarised_fairness(scope, year, measure, positions)
    else:
        population = appraisal_queries.fairness_population(scope, year, on, measure)
        results = []
        for key, (label, groups, pair) in appraisal_queries.FAIRNESS_BREAKDOWNS.items():
            table = insight_services.count_by(
                population, row="rating", column=key, rows=positions, columns=[g for g, _ in groups]
            )
            top = None
            if pair:
                top = insight_services.compare(
                    population, group=key, outcome="top", reference=pair[0], comparison=pair[1]
                )
            results.append(FairnessBreakdown(key, label, groups, table, top))
    record_event("edi_statistics_viewed", actor=actor, report="appraisal_fairness", breakdown="all")
    return results


def _summarised_fairness(scope, year: int, measure: str, positions: list[int]) -> list[FairnessBreakdown]:
    top_position = appraisal_queries.top_rating()
    counted = FairnessCount
    results = []
    when = None
    for key, (label, groups, pair) in appraisal_queries.FAIRNESS_BREAKDOWNS.items():
        counts, counted_at = appraisal_queries.fairness_summary(
            scope, year, measure, key, [counted.rating, counted.answer]
        )
        if not results:  # every characteristic is counted together: when one was, all were
            when = db.session.scalar(counted_at)
        # One read serves both: the table by rating, and the top rating against the rest.
        sums = db.session.execute(counts).all()
        table = insight_services.count_summary(sums, rows=positions, columns=[g for g, _ in groups])
        top = None
        if pair:
            by_top = [(answer, rating == top_position, count) for rating, answer, count in sums]
            top = insight_services.compare_summary(by_top, reference=pair[0], comparison=pair[1])
        results.append(FairnessBreakdown(key, label, groups, table, top, True, when))
    return results


def _hlm_scale():
    framework = db.session.scalar(
        select(Framework).where(Framework.code == "hlm", Framework.status == FrameworkStatus.ACTIVE)
    )
    return framework.scale if framework else []


def hlm_scale_labels() -> dict[int, str]:
    return {point.position: point.label for point in _hlm_scale()}


def completion_table(scope, year: int, on: date, *, by: str | None = None):
    """Where appraisals stand for everyone in post in ``scope``: (what each row is, table, when
    it was counted).

    Regions and national see organisations, read from the completion summary (counted every 15
    minutes; ``counted_at`` says when, None if never); HR sees their organisation by band, or by
    directorate with ``by="directorate"``, and a manager each person in their team, both counted
    as they stand (``counted_at`` None).
    """
    states = [key for key, _ in appraisal_queries.COMPLETION_STATES]
    if scope.everything or scope.region_ids:
        counts, counted_at = appraisal_queries.completion_summary(scope, year)
        table = insight_services.count_summary(counts, rows=None, columns=states)
        return "organisation", table, db.session.scalar(counted_at)
    row = ("directorate" if by == "directorate" else "band_group") if scope.organisation_ids else "person"
    table = insight_services.count_by(
        appraisal_queries.completion_population(scope, year, on),
        row=row,
        column="state",
        columns=states,
        # Headcounts by band, directorate or organisation are the margins the workforce and
        # fairness tables publish rounded; given exactly here they would undo that rounding,
        # so they follow the same rule (docs/architecture.md, "One rule for headcounts"). A
        # manager's team by person is a list of people they manage, not statistics.
        policy=insight_services.NOT_ABOUT_CHARACTERISTICS if row == "person" else None,
    )
    return row, table, None


def completion_links(scope, row: str) -> dict[str, int]:
    """For a manager's team (rows are people): each row's person, so the row can open their
    appraisals. A name two people share links to neither rather than to the wrong one."""
    if row != "person" or not scope.person_ids:
        return {}
    people = db.session.execute(
        select(Person.id, Person.family_name, Person.given_name).where(Person.id.in_(scope.person_ids))
    ).all()
    names = Counter(f"{family}, {given}" for _, family, given in people)
    return {f"{family}, {given}": id_ for id_, family, given in people if names[f"{family}, {given}"] == 1}


def completion_rate(table, group) -> int | None:
    """Percentage signed off in ``group``, from the published figures only (None if hidden)."""
    done = table.cell(group, "signed_off").value
    total = (table.row_totals[group] if table.row_totals else table.total).value
    if done is None or not total:
        return None
    return round(100 * done / total)


@dataclass(frozen=True)
class CompletionLine:
    """One row of the completion report as every format shows it (page, CSV and API): counts by
    state (None where withheld), the row's total and the percentage signed off (None if hidden)."""

    group: str
    counts: dict[str, int | None]
    total: int | None
    rate: int | None


def completion_lines(table) -> list[CompletionLine]:
    """The completion table's rows, shaped once for the page, the CSV and the API. A table with
    no one in it (a published total of 0) has no rows; a withheld total still shows its rows."""
    if table.total.value == 0:
        return []
    return [
        CompletionLine(
            group=str(group),
            counts={state: table.cell(group, state).value for state in table.columns},
            total=(table.row_totals[group] if table.row_totals else table.total).value,
            rate=completion_rate(table, group),
        )
        for group in table.rows
    ]


@dataclass(frozen=True)
class FairnessCell:
    """One published cell of the fairness report, as the CSV and the API give it."""

    characteristic: str
    characteristic_label: str
    group: str
    group_label: str
    rating: str
    #: None where withheld.
    count: int | None


def fairness_cells(breakdowns: list[FairnessBreakdown]) -> list[FairnessCell]:
    """Every cell of every breakdown, shaped once for the CSV and the API."""
    labels = hlm_scale_labels()
    return [
        FairnessCell(
            item.key,
            item.label,
            group,
            group_label,
            labels.get(position, str(position)),
            item.table.cell(position, group).value,
        )
        for item in breakdowns
        for position in item.table.rows
        for group, group_label in item.groups
    ]
