from datetime import date

from pydantic import BaseModel, Field, field_validator

from talent.api.routing import api_route
from talent.api.schemas import CursorPage, Strict
from talent.auth.policy import current_principal, list_scope
from talent.people import queries as people_queries


class PeopleQuery(Strict):
    q: str | None = Field(None, max_length=100, description="Part of the name or email address")
    after: str | None = Field(
        None,
        max_length=400,
        pattern=r"^[A-Za-z0-9_-]+$",
        description="The `next` cursor of the page before; leave out for the first page",
    )
    per_page: int = Field(25, ge=1, le=100)

    @field_validator("after")
    @classmethod
    def _readable(cls, value):
        if value is not None:
            people_queries.decode_person_cursor(value)  # raises ValueError: a 400 naming `after`
        return value


class PersonSummary(BaseModel):
    id: int
    given_name: str
    family_name: str
    work_email: str
    employee_number: str | None
    organisation_id: int


class Post(BaseModel):
    id: int
    title: str
    band: str
    directorate: str | None
    organisation_id: int
    start_date: date
    end_date: date | None
    reports_to_post_id: int | None


class Person(PersonSummary):
    professional_group: str | None
    posts: list[Post]


@api_route(
    "/people",
    method="GET",
    operation_id="listPeople",
    permission="person.list",
    query=PeopleQuery,
    response=CursorPage[PersonSummary],
    summary="People in the organisations or region you cover, by surname, a page at a time",
    tag="People",
)
def list_people(query: PeopleQuery):
    scope = list_scope(current_principal(), "person.list")
    after = people_queries.decode_person_cursor(query.after) if query.after else None
    people, following = people_queries.people_page(scope, search=query.q, after=after, size=query.per_page)
    return CursorPage[PersonSummary](
        items=[PersonSummary.model_validate(person, from_attributes=True) for person in people],
        per_page=query.per_page,
        next=following,
    )


@api_route(
    "/people/<id:person_id>",
    method="GET",
    operation_id="getPerson",
    permission="person.view",
    load=people_queries.get_person,
    response=Person,
    summary="One person with their posts",
    tag="People",
)
def get_person(person):
    posts = [
        Post(
            id=p.id,
            title=p.title,
            band=p.band.value,
            directorate=p.directorate,
            organisation_id=p.organisation_id,
            start_date=p.start_date,
            end_date=p.end_date,
            reports_to_post_id=p.reports_to_post_id,
        )
        for p in people_queries.list_posts_for_person(person)
    ]
    return Person(
        **PersonSummary.model_validate(person, from_attributes=True).model_dump(),
        professional_group=person.professional_group.value if person.professional_group else None,
        posts=posts,
    )
