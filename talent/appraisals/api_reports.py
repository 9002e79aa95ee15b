"""Appraisal completion and fairness for integrations and regional teams: the same published
tables as the pages, so a suppressed cell is null here too."""

from datetime import date, datetime
from typing import Literal

from flask import g
from pydantic import BaseModel, Field

from talent.api.routing import api_route
from talent.api.schemas import Strict
from talent.appraisals import queries as appraisal_queries
from talent.appraisals import reports as appraisal_reports
from talent.auth.policy import current_principal, list_scope


class YearQuery(Strict):
    year: int | None = Field(None, ge=2000, le=2100, description="The cycle year; this year's by default")


class FairnessQuery(YearQuery):
    measure: Literal["behaviours", "objectives"] = Field("behaviours", description="Which overall rating")


class CompletionQuery(YearQuery):
    by: Literal["band_group", "directorate"] | None = Field(
        None, description="For HR admins: group their organisation by band (the default) or directorate"
    )


class CompletionRow(BaseModel):
    """Counts are None where withheld to protect small groups (as on the workforce page)."""

    group: str
    signed_off: int | None
    in_progress: int | None
    not_started: int | None
    total: int | None
    #: Percentage signed off, worked out from the published figures; None where they are withheld.
    completion_rate_percent: int | None


class Completion(BaseModel):
    year: int
    grouped_by: str
    rows: list[CompletionRow]
    #: When figures grouped by organisation (a region or England) were counted, from the summary
    #: counted every 15 minutes; None for an organisation or a team, counted as they stand.
    counted_at: datetime | None = None


class FairnessCell(BaseModel):
    rating: str
    group: str
    #: None when suppressed.
    count: int | None


class TopRating(BaseModel):
    reference_group: str
    comparison_group: str
    #: Rounded to two decimals.
    relative_likelihood: float | None
    reason: str | None
    #: The band the p-value falls in, not the value: "< 0.001", "< 0.01", "< 0.05" or "0.05 or more".
    p_value_band: str | None


class Breakdown(BaseModel):
    characteristic: str
    cells: list[FairnessCell]
    top_rating: TopRating | None


class Fairness(BaseModel):
    year: int
    measure: str
    breakdowns: list[Breakdown]
    #: For a region or England, when the fairness summary (counted every 15 minutes) was
    #: counted; None for an organisation, counted as it stands, or before the first count.
    counted_at: datetime | None = None


def _year(query: YearQuery) -> int:
    return query.year or appraisal_queries.cycle_year(date.today())


@api_route(
    "/appraisals/completion",
    method="GET",
    operation_id="getAppraisalCompletion",
    permission="appraisal.completion",
    query=CompletionQuery,
    response=Completion,
    summary="Where appraisals stand for everyone in post in the organisations, region or team you cover",
    tag="Appraisals",
)
def get_completion(query: CompletionQuery):
    year = _year(query)
    scope = list_scope(current_principal(), "appraisal.completion")
    grouped_by, table, counted_at = appraisal_reports.completion_table(scope, year, date.today(), by=query.by)
    rows = [
        CompletionRow(group=line.group, **line.counts, total=line.total, completion_rate_percent=line.rate)
        for line in appraisal_reports.completion_lines(table)
    ]
    return Completion(year=year, grouped_by=grouped_by, rows=rows, counted_at=counted_at)


@api_route(
    "/appraisals/fairness",
    method="GET",
    operation_id="getAppraisalFairness",
    permission="appraisal.fairness",
    query=FairnessQuery,
    response=Fairness,
    summary="Overall behaviour ratings by protected characteristic, disclosure-controlled",
    tag="Appraisals",
)
def get_fairness(query: FairnessQuery):
    year = _year(query)
    scope = list_scope(current_principal(), "appraisal.fairness")
    found = appraisal_reports.appraisal_fairness(scope, year, date.today(), query.measure, actor=g.api_account)
    cells_by_key: dict[str, list] = {}
    for cell in appraisal_reports.fairness_cells(found):
        cells_by_key.setdefault(cell.characteristic, []).append(
            FairnessCell(rating=cell.rating, group=cell.group, count=cell.count)
        )
    breakdowns = []
    for item in found:
        cells = cells_by_key.get(item.key, [])
        top = None
        if item.top_rating is not None:
            rl = item.top_rating
            top = TopRating(
                reference_group=rl.reference.group,
                comparison_group=rl.comparison.group,
                relative_likelihood=rl.value,
                reason=rl.reason,
                p_value_band=rl.p_band,
            )
        breakdowns.append(Breakdown(characteristic=item.key, cells=cells, top_rating=top))
    counted_at = found[0].counted_at if found else None
    return Fairness(year=year, measure=query.measure, breakdowns=breakdowns, counted_at=counted_at)
