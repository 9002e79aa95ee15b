"""Populations for the insights service: SELECTs with named columns, never loaded as rows."""

from datetime import date

from sqlalchemy import Select, case, func, literal, select

from talent.edi.queries import statistics_population
from talent.insights.models import WorkforceCount
from talent.orgs.models import Organisation
from talent.people.models import Band, Post
from talent.people.queries import current_post_filter

#: Band groups in the order WRES indicator 1 reads them, with the bands in each.
BAND_GROUPS: list[tuple[str, list[Band]]] = [
    ("Bands 2 to 4", [Band.AFC_2, Band.AFC_3, Band.AFC_4]),
    ("Bands 5 to 7", [Band.AFC_5, Band.AFC_6, Band.AFC_7]),
    ("Bands 8a and 8b", [Band.AFC_8A, Band.AFC_8B]),
    ("Bands 8c to 9 and VSM", [Band.AFC_8C, Band.AFC_8D, Band.AFC_9, Band.VSM]),
    ("Board: chairs and non-executive directors", [Band.NED, Band.CHAIR]),
]

#: Breakdowns a workforce profile offers: key → (label, the groups in order with their labels).
CHARACTERISTICS: dict[str, tuple[str, list[tuple[str, str]]]] = {
    "wres_group": ("Ethnicity (WRES)", [("white", "White"), ("bme", "Black and minority ethnic")]),
    "ethnic_group": (
        "Ethnic group",
        [("white", "White"), ("mixed", "Mixed or multiple"), ("asian", "Asian or Asian British")]
        + [("black", "Black, Black British, Caribbean or African"), ("other", "Other ethnic group")],
    ),
    "disability": ("Disability (WDES)", [("yes", "Disabled"), ("no", "Not disabled")]),
    "sex": ("Sex", [("female", "Female"), ("male", "Male")]),
    "age_band": (
        "Age band",
        [(band, band) for band in ("16 to 24", "25 to 34", "35 to 44", "45 to 54", "55 to 64", "65 and over")],
    ),
}
UNDECLARED = [("prefer_not_to_say", "Prefer not to say"), ("not_stated", "Not stated")]


def band_group_column():
    return case(
        *[(Post.band.in_(bands), literal(label)) for label, bands in BAND_GROUPS],
        else_=literal("Other"),
    )


def workforce_population(scope, on: date) -> Select:
    """One row per filled current post in ``scope`` with its organisation, band group and its
    holder's consented equality answers; people without consented answers are "not_stated"."""
    answers = statistics_population(on).subquery()
    columns = [func.coalesce(answers.c[key], literal("not_stated")).label(key) for key in CHARACTERISTICS]
    return (
        select(
            Post.id.label("post_id"),
            Post.organisation_id.label("organisation_id"),
            band_group_column().label("band_group"),
            *columns,
        )
        .join(Organisation, Organisation.id == Post.organisation_id)
        .outerjoin(answers, answers.c.person_id == Post.person_id)
        .where(Post.person_id.is_not(None), current_post_filter(Post, on))
        .where(scope.condition(organisation=Post.organisation_id, region=Organisation.region_id))
    )


def summary_in_scope(scope, model, groups: list, *conditions) -> tuple[Select, Select]:
    """A summary table's headcounts in ``scope`` summed by ``groups`` (rows of the groups and the
    sum), and when the oldest of them was counted. ``model`` is a summary kept per organisation:
    ``organisation_id``, ``headcount``, ``counted_at``."""
    in_scope = (*conditions, scope.condition(organisation=model.organisation_id, region=Organisation.region_id))
    counts = (
        select(*groups, func.sum(model.headcount))
        .join(Organisation, Organisation.id == model.organisation_id)
        .where(*in_scope)
        .group_by(*groups)
    )
    counted_at = (
        select(func.min(model.counted_at)).join(Organisation, Organisation.id == model.organisation_id).where(*in_scope)
    )
    return counts, counted_at


def workforce_summary(scope, characteristic: str) -> tuple[Select, Select]:
    """The workforce summary in ``scope`` for one characteristic: (band group, answer, headcount)."""
    return summary_in_scope(
        scope,
        WorkforceCount,
        [WorkforceCount.band_group, WorkforceCount.answer],
        WorkforceCount.characteristic == characteristic,
    )
