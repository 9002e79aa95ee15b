"""Diversity of the NED appointment process: applicants, then shortlisted, then appointed, by
ethnicity, disability, sex and age band from candidates' voluntary monitoring, with the
relative likelihood of appointment from shortlisting.

The only reader of `ned_monitoring`, and only through the insights service: counts are
suppressed and rounded there, and each view is audited. Panels never reach these figures (the
permission is the appointments team's).
"""

from dataclasses import dataclass

from sqlalchemy import Select, exists, literal, select, union_all

from talent.audit.services import record_event
from talent.insights import services as insight_services
from talent.ned.models import ApplicationStatus, BoardAppointment, NedApplication, NedMonitoring, NedVacancy
from talent.orgs.models import Organisation

#: (monitoring column, heading, published groups in order, (reference, comparison) for the
#: relative likelihood or None). The reference is the group the WRES and WDES put first.
BREAKDOWNS = [
    ("wres_group", "Ethnicity", [("white", "White"), ("bme", "Black and minority ethnic")], ("white", "bme")),
    ("disability", "Disability", [("no", "Not disabled"), ("yes", "Disabled")], ("no", "yes")),
    ("sex", "Sex", [("male", "Male"), ("female", "Female")], ("male", "female")),
    (
        "age_band",
        "Age band",
        [("under_45", "Under 45"), ("45_to_54", "45 to 54"), ("55_to_64", "55 to 64"), ("65_and_over", "65 and over")],
        None,
    ),
]
STAGES = [("applied", "Applied"), ("shortlisted", "Shortlisted"), ("appointed", "Appointed")]
#: Statuses of an application that reached interview.
REACHED_INTERVIEW = [
    ApplicationStatus.SHORTLISTED,
    ApplicationStatus.PREFERRED,
    ApplicationStatus.RESERVE,
    ApplicationStatus.UNSUCCESSFUL,
]


@dataclass
class Breakdown:
    key: str
    label: str
    groups: list[tuple[str, str]]
    #: Published counts: stages (rows) by group (columns).
    table: object
    #: Relative likelihood of appointment from shortlisting, reference group against the other.
    appointed_from_shortlist: object | None


def _applications(vacancy_id: int | None, region_id: int | None) -> Select:
    appointed = exists().where(
        BoardAppointment.vacancy_id == NedApplication.vacancy_id,
        BoardAppointment.person_id == NedApplication.person_id,
    )
    query = (
        select(
            NedApplication.id.label("application_id"),
            NedApplication.status.in_(REACHED_INTERVIEW).label("shortlisted"),
            appointed.label("appointed"),
            *[NedMonitoring.__table__.c[key] for key, *_ in BREAKDOWNS],
        )
        .join(NedMonitoring, NedMonitoring.application_id == NedApplication.id)
        .join(NedVacancy, NedVacancy.id == NedApplication.vacancy_id)
    )
    if vacancy_id is not None:
        query = query.where(NedApplication.vacancy_id == vacancy_id)
    if region_id is not None:
        query = query.join(Organisation, Organisation.id == NedVacancy.organisation_id).where(
            Organisation.region_id == region_id
        )
    return query


def _by_stage(applications: Select) -> Select:
    """One row per application per stage it reached, for counting stage by group."""
    base = applications.subquery()
    keys = [key for key, *_ in BREAKDOWNS]
    return (
        union_all(
            select(literal("applied").label("stage"), *[base.c[key] for key in keys]),
            select(literal("shortlisted").label("stage"), *[base.c[key] for key in keys]).where(base.c.shortlisted),
            select(literal("appointed").label("stage"), *[base.c[key] for key in keys]).where(base.c.appointed),
        )
        .subquery()
        .select()
    )


def process_diversity(*, actor, vacancy_id: int | None = None, region_id: int | None = None) -> list[Breakdown]:
    """For one vacancy, one region's vacancies, or England: stage by group for each
    characteristic, suppressed and rounded, with the relative likelihood of appointment from
    shortlisting."""
    applications = _applications(vacancy_id, region_id)
    by_stage = _by_stage(applications)
    shortlisted = applications.where(NedApplication.status.in_(REACHED_INTERVIEW))
    results = []
    for key, label, groups, pair in BREAKDOWNS:
        table = insight_services.count_by(
            by_stage, row="stage", column=key, rows=[code for code, _ in STAGES], columns=[code for code, _ in groups]
        )
        likelihood = None
        if pair is not None:
            likelihood = insight_services.compare(
                shortlisted, group=key, outcome="appointed", reference=pair[0], comparison=pair[1]
            )
        results.append(Breakdown(key, label, groups, table, likelihood))
    record_event(
        "edi_statistics_viewed",
        actor=actor,
        report="ned_process",
        breakdown=f"vacancy {vacancy_id}" if vacancy_id else f"region {region_id}" if region_id else "england",
    )
    return results
