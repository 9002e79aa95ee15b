"""Schemas shared by every module's API: errors and pagination."""

from typing import Annotated, Generic, TypeVar

from pydantic import BaseModel, ConfigDict, Field, field_validator

from talent.extensions import db
from talent.routing import MAX_ID

Item = TypeVar("Item")
#: An id in a request body or query: the same bounds as ids in URLs, which PostgreSQL can hold.
RecordId = Annotated[int, Field(ge=1, le=MAX_ID)]


class Strict(BaseModel):
    """Base for request bodies and queries: unknown fields are refused, not ignored."""

    model_config = ConfigDict(extra="forbid")


#: Longest field path given back; a longer name sent by a client is cut short.
FIELD_PATH_LENGTH = 200


def safe_field_path(path: str) -> str:
    """A field path built from names the client sent, made safe to send back: control characters
    (NUL included, which the error schema forbids) written as ``\\uXXXX``, and the length capped."""
    escaped = "".join(f"\\u{ord(c):04x}" if ord(c) < 32 or ord(c) == 127 else c for c in path)
    return escaped[:FIELD_PATH_LENGTH]


class FieldError(BaseModel):
    #: Dotted path to the field, for example ``body.expires_in_days``.
    field: str
    message: str

    @field_validator("field", mode="before")
    @classmethod
    def _safe(cls, value):
        return safe_field_path(value) if isinstance(value, str) else value


class Error(BaseModel):
    message: str
    errors: list[FieldError] = []


class PageQuery(Strict):
    page: int = Field(1, ge=1, le=100000)
    per_page: int = Field(25, ge=1, le=100)


class Page(BaseModel, Generic[Item]):
    items: list[Item]
    page: int
    per_page: int
    total: int


class CursorPage(BaseModel, Generic[Item]):
    """A page of a long list read in order by a cursor (keyset pagination): every page, the
    first or the ten-thousandth, costs the same, and nothing counts the whole list."""

    items: list[Item]
    per_page: int
    #: Pass as ``after`` for the next page; null on the last page.
    next: str | None


def page_of(item: type[BaseModel], statement, query: PageQuery, convert=None) -> Page:
    """One page of ``statement``'s rows as ``item`` models: a LIMIT query and a COUNT query.

    :param convert: turns a row into an ``item``; by default its attributes are read.
    """
    page = db.paginate(statement, page=query.page, per_page=query.per_page, error_out=False)
    convert = convert or (lambda row: item.model_validate(row, from_attributes=True))
    items = [convert(row) for row in page.items]
    return Page[item](items=items, page=query.page, per_page=query.per_page, total=page.total)
