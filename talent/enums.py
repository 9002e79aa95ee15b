"""Enum column helper shared by every module's models."""

import enum

from sqlalchemy import Enum


def enum_column(enum_cls: type[enum.Enum], name: str) -> Enum:
    """Store an enum by its value in a VARCHAR with a CHECK, the same on SQLite and PostgreSQL.

    Native PostgreSQL enum types would need ALTER TYPE in every migration that adds a value,
    and SQLite has none; a checked string behaves the same on both.
    """
    return Enum(
        enum_cls,
        name=name,
        native_enum=False,
        create_constraint=True,
        length=32,
        values_callable=lambda cls: [member.value for member in cls],
        validate_strings=True,
    )
