"""Read helpers for organisations, with the current segment worked out in SQL for lists."""

from datetime import date

from flask import current_app
from sqlalchemy import case, func, or_, select
from sqlalchemy.orm import selectinload

from talent.errors import NotFound
from talent.extensions import db
from talent.orgs.models import Organisation, OversightSegment, Region


def current_segment_column(on: date):
    """Correlated scalar subquery: the organisation's newest segment in force on ``on``."""
    return (
        select(OversightSegment.segment)
        .where(OversightSegment.organisation_id == Organisation.id, OversightSegment.effective_from <= on)
        .order_by(OversightSegment.effective_from.desc(), OversightSegment.id.desc())
        .limit(1)
        .correlate(Organisation)
        .scalar_subquery()
    )


def challenged_condition(segment_column):
    config = current_app.config
    condition = segment_column >= config["CHALLENGED_MIN_SEGMENT"]
    if config["CHALLENGED_INCLUDES_RECOVERY_SUPPORT"]:
        condition = or_(condition, Organisation.in_recovery_support.is_(True))
    return condition


def organisations_query(
    *, region_id: int | None = None, search: str | None = None, challenged_only: bool = False, on: date | None = None
):
    """Active organisations with (organisation, current segment, challenged) rows, by name."""
    on = on or date.today()
    segment = current_segment_column(on).label("current_segment")
    challenged = challenged_condition(current_segment_column(on))
    query = select(Organisation, segment, case((challenged, True), else_=False).label("challenged")).where(
        Organisation.is_active.is_(True)
    )
    if region_id:
        query = query.where(Organisation.region_id == region_id)
    if search:
        pattern = f"%{search.strip().lower()}%"
        query = query.where(
            or_(func.lower(Organisation.name).like(pattern), func.lower(Organisation.ods_code).like(pattern))
        )
    if challenged_only:
        query = query.where(challenged)
    return query.order_by(Organisation.name)


def paginate_organisations(page: int, per_page: int, **filters):
    query = organisations_query(**filters)
    total = db.session.scalar(select(func.count()).select_from(query.order_by(None).subquery()))
    rows = db.session.execute(query.limit(per_page).offset((page - 1) * per_page)).all()
    return rows, total


def get_organisation(organisation_id: int) -> Organisation:
    organisation = db.session.get(Organisation, organisation_id, options=[selectinload(Organisation.segments)])
    if organisation is None:
        raise NotFound("No such organisation")
    return organisation


def get_organisation_by_code(ods_code: str) -> Organisation | None:
    return db.session.scalar(select(Organisation).where(Organisation.ods_code == ods_code))


def get_region(region_id: int) -> Region:
    region = db.session.get(Region, region_id)
    if region is None:
        raise NotFound("No such region")
    return region


def list_regions() -> list[Region]:
    return list(db.session.scalars(select(Region).order_by(Region.name)))


def count_organisations_by_region(on: date | None = None) -> list[tuple[Region, int, int]]:
    """(region, active organisations, challenged organisations) for every region."""
    on = on or date.today()
    challenged = challenged_condition(current_segment_column(on))
    counts = (
        select(
            Organisation.region_id,
            func.count(Organisation.id),
            func.sum(case((challenged, 1), else_=0)),
        )
        .where(Organisation.is_active.is_(True))
        .group_by(Organisation.region_id)
    )
    by_region = {
        region_id: (total, challenged_total or 0) for region_id, total, challenged_total in db.session.execute(counts)
    }
    return [(region, *by_region.get(region.id, (0, 0))) for region in list_regions()]


def list_organisations_in_region(region_id: int, on: date | None = None):
    """(organisation, current segment, challenged) for a region, challenged first."""
    query = organisations_query(region_id=region_id, on=on)
    rows = db.session.execute(query).all()
    return sorted(rows, key=lambda row: (not row.challenged, row.Organisation.name))


def current_segments(organisation_ids, on: date) -> dict[int, int]:
    """Each organisation's oversight segment in force on ``on`` (those with none left out), in one query."""
    ids = list(organisation_ids)
    if not ids:
        return {}
    segment = current_segment_column(on)
    rows = db.session.execute(select(Organisation.id, segment).where(Organisation.id.in_(ids)))
    return {organisation_id: value for organisation_id, value in rows if value is not None}
