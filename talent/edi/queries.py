"""Reads of equality information for statistics: the one SELECT the insights service and the
appraisal fairness figures build on. Only consented answers are included."""

from datetime import date

from sqlalchemy import Select, case, literal, select

from talent.edi.models import AGE_BANDS, PREFER_NOT_TO_SAY, EdiProfile, EthnicGroup


def _latest_birth_date(years: int, on: date) -> date:
    """The latest date of birth of someone at least ``years`` old on ``on``."""
    try:
        return on.replace(year=on.year - years)
    except ValueError:  # 29 February in a non-leap year
        return on.replace(year=on.year - years, day=28)


def statistics_population(on: date) -> Select:
    """One row per person whose answers may be used in statistics, with reporting groups
    worked out in SQL: ``person_id``, ``ethnicity``, ``ethnic_group`` (broad census group),
    ``wres_group`` (white / bme), ``disability``, ``sex``, ``sexual_orientation``,
    ``religion``, ``age_band``. Unanswered questions are "not_stated" so every person
    falls in exactly one group of each breakdown. Withdrawn consent excludes the person."""
    not_stated = literal("not_stated")
    age_whens = []
    for label, youngest in reversed(AGE_BANDS):
        age_whens.append((EdiProfile.date_of_birth <= _latest_birth_date(youngest, on), literal(label)))
    age = case(
        (EdiProfile.date_of_birth_withheld.is_(True), literal(PREFER_NOT_TO_SAY)),
        (EdiProfile.date_of_birth.is_(None), not_stated),
        *age_whens,
        else_=not_stated,
    )
    broad = case(
        *[(EdiProfile.ethnicity == group, literal(group.broad_group)) for group in EthnicGroup],
        else_=not_stated,
    )
    wres = case(
        *[(EdiProfile.ethnicity == group, literal(group.wres_group)) for group in EthnicGroup],
        else_=not_stated,
    )

    def stated(column):
        return case((column.is_(None), not_stated), else_=column)

    return select(
        EdiProfile.person_id.label("person_id"),
        stated(EdiProfile.ethnicity).label("ethnicity"),
        broad.label("ethnic_group"),
        wres.label("wres_group"),
        stated(EdiProfile.disability).label("disability"),
        stated(EdiProfile.sex).label("sex"),
        stated(EdiProfile.sexual_orientation).label("sexual_orientation"),
        stated(EdiProfile.religion).label("religion"),
        age.label("age_band"),
    ).where(EdiProfile.consent_withdrawn_at.is_(None))
