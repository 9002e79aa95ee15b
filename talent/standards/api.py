from pydantic import BaseModel, Field

from talent.api.routing import api_route
from talent.api.schemas import Page, PageQuery, page_of
from talent.standards import queries as standard_queries


class StandardQuery(PageQuery):
    framework: str | None = Field(None, pattern=r"^[a-z]{2,20}$", description="Framework code: lcf, hlm or mls")
    level: int | None = Field(None, ge=1, le=5, description="Management standards level, 1 (entry) to 5")


class Statement(BaseModel):
    id: int
    text: str


class StandardOut(BaseModel):
    id: int
    code: str
    title: str
    level: int | None
    framework_code: str
    framework_version: int
    domain: str
    statements: list[Statement]


def _standard(standard) -> StandardOut:
    return StandardOut(
        id=standard.id,
        code=standard.code,
        title=standard.title,
        level=standard.level,
        framework_code=standard.domain.framework.code,
        framework_version=standard.domain.framework.version,
        domain=standard.domain.title,
        statements=[Statement(id=s.id, text=s.text) for s in standard.statements],
    )


@api_route(
    "/standards",
    method="GET",
    operation_id="listStandards",
    permission="standard.view",
    query=StandardQuery,
    response=Page[StandardOut],
    summary="Standards in the framework versions in use, with their behaviour statements",
    tag="Standards",
)
def list_standards(query: StandardQuery):
    statement = standard_queries.standards_query(code=query.framework, level=query.level)
    return page_of(StandardOut, statement, query, convert=_standard)
