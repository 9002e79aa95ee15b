from datetime import date

from pydantic import BaseModel, Field

from talent.api.routing import api_route
from talent.api.schemas import Page, PageQuery
from talent.orgs import queries as org_queries
from talent.orgs import services as org_services


class OrganisationQuery(PageQuery):
    region: str | None = Field(None, pattern=r"^Y\d\d$", description="NHS England region code, for example Y56")
    q: str | None = Field(None, max_length=100, description="Part of the name or ODS code")
    challenged: bool = False


class Region(BaseModel):
    code: str
    name: str


class Organisation(BaseModel):
    id: int
    ods_code: str
    name: str
    org_type: str
    region: Region | None
    postcode: str | None
    is_active: bool
    current_segment: int | None
    challenged: bool


class OrganisationDetail(Organisation):
    opened_on: date | None
    closed_on: date | None
    in_recovery_support: bool


def _organisation(organisation, segment, challenged) -> dict:
    return {
        "id": organisation.id,
        "ods_code": organisation.ods_code,
        "name": organisation.display_name,
        "org_type": organisation.org_type.value,
        "region": Region(code=organisation.region.code, name=organisation.region.name) if organisation.region else None,
        "postcode": organisation.postcode,
        "is_active": organisation.is_active,
        "current_segment": segment,
        "challenged": bool(challenged),
    }


@api_route(
    "/organisations",
    method="GET",
    operation_id="listOrganisations",
    permission="organisation.list",
    query=OrganisationQuery,
    response=Page[Organisation],
    summary="Active NHS organisations",
    tag="Organisations",
)
def list_organisations(query: OrganisationQuery):
    region_id = None
    if query.region:
        region_id = next((r.id for r in org_queries.list_regions() if r.code == query.region), -1)
    rows, total = org_queries.paginate_organisations(
        query.page, query.per_page, region_id=region_id, search=query.q, challenged_only=query.challenged
    )
    items = [Organisation(**_organisation(row.Organisation, row.current_segment, row.challenged)) for row in rows]
    return Page[Organisation](items=items, page=query.page, per_page=query.per_page, total=total)


@api_route(
    "/organisations/<id:organisation_id>",
    method="GET",
    operation_id="getOrganisation",
    permission="organisation.view",
    load=org_queries.get_organisation,
    response=OrganisationDetail,
    summary="One organisation with its current oversight segment",
    tag="Organisations",
)
def get_organisation(organisation):
    segment = org_services.current_segment(organisation)
    return OrganisationDetail(
        **_organisation(organisation, segment.segment if segment else None, org_services.is_challenged(organisation)),
        opened_on=organisation.opened_on,
        closed_on=organisation.closed_on,
        in_recovery_support=organisation.in_recovery_support,
    )
