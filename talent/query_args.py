"""One validated parser for HTML pages' query strings, the counterpart of the API's query models.

Each page declares what its query string may hold as a pydantic model, with the same bounds the
API uses, so a 20-digit page number or the year 9999 is a 400 that says what is wrong rather
than an integer the database cannot hold (a 500). Unknown parameters are ignored here, unlike
the API: links people bookmark or share gather tracking parameters.
"""

from datetime import date
from typing import Annotated, TypeVar

from flask import request
from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationError

from talent.errors import RuleViolation
from talent.routing import MAX_ID

Query = TypeVar("Query", bound="PageArgs")

#: Dates anyone would search for: the service's records start long after 2000.
EARLIEST_DATE = date(2000, 1, 1)
LATEST_DATE = date(2100, 12, 31)


def _blank_to_none(value):
    return None if isinstance(value, str) and not value.strip() else value


#: An optional number or date field: an empty box in a filter form means "not given".
OptionalId = Annotated[Annotated[int, Field(ge=1, le=MAX_ID)] | None, BeforeValidator(_blank_to_none)]
OptionalYear = Annotated[Annotated[int, Field(ge=2000, le=2100)] | None, BeforeValidator(_blank_to_none)]
OptionalDate = Annotated[
    Annotated[date, Field(ge=EARLIEST_DATE, le=LATEST_DATE)] | None, BeforeValidator(_blank_to_none)
]


def _trimmed(limit: int):
    return Annotated[str, BeforeValidator(lambda v: v.strip()[:limit] if isinstance(v, str) else v)]


SearchText = _trimmed(100)
#: A keyset page's ``after``: the opaque, URL-safe cursor a list gave for its next page.
Cursor = Annotated[str, Field(max_length=400, pattern=r"^[A-Za-z0-9_-]*$")]


class PageArgs(BaseModel):
    """Base for a page's query string: a page number, and whatever the page adds."""

    model_config = ConfigDict(extra="ignore", str_max_length=1000)

    page: int = Field(1, ge=1, le=100000)


def parse_query(model: type[Query]) -> Query:
    """Validate ``request.args`` against ``model``.

    :raises RuleViolation: (a 400 page) naming the parameter and what it must be.
    """
    try:
        return model.model_validate(request.args.to_dict())
    except ValidationError as error:
        first = error.errors()[0]
        name = ".".join(str(part) for part in first["loc"]) or "query"
        raise RuleViolation(f"The address has a bad value for '{name}': {first['msg']}", field=name) from None


class FinderQuery(PageArgs):
    """A page with the people finder: what was searched for."""

    find: SearchText = ""
