"""What every import shares: reading a CSV file safely, checking fields against the columns they
will be written to, and the report of every bad row with its row number, field and reason.

Everything that could make the database refuse a row (a value longer than its column, a NUL
character, a date out of range) is checked here first, so that the two engines behave the same
(SQLite would store an over-long value that PostgreSQL refuses) and nothing fails half-way
through a load. A file that cannot be read at all is a :class:`ImportFileError`, before anything
is written.
"""

import csv
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from enum import Enum
from itertools import islice
from pathlib import Path

from sqlalchemy import Column, Index, MetaData, Table, insert, text

from talent.extensions import db

#: Dates outside this range are typing mistakes (0202 for 2020, 9999 for "no end").
EARLIEST_DATE = date(1900, 1, 1)
LATEST_DATE = date(2100, 12, 31)


class ImportFileError(Exception):
    """The file cannot be imported at all: nothing is written."""


def iter_csv_file(path: Path) -> Iterator[list[str]]:
    """The rows of a UTF-8 CSV file (a byte-order mark is fine), read a line at a time so that a
    file of a million rows never sits in memory whole.

    :raises ImportFileError: for an empty file, one that is not UTF-8 text (UTF-16, latin-1,
        binary), or one the CSV reader cannot parse (such as a field over its size limit),
        naming the row where it could. Raised when the reader reaches the problem, so a caller
        that writes as it reads must do so in a transaction it can roll back.
    """
    with path.open("rb") as handle:
        start = handle.read(4)
        if start.startswith((b"\xff\xfe", b"\xfe\xff")):
            raise ImportFileError("The file is UTF-16 text. Save it as 'CSV UTF-8' and import it again")
        handle.seek(0)
        reader = csv.reader(_text_lines(handle))
        found = False
        try:
            for row in reader:
                found = found or any(cell.strip() for cell in row)
                yield row
        except csv.Error as error:
            raise ImportFileError(f"row {reader.line_num + 1}: the file cannot be read as CSV: {error}") from None
        if not found:
            raise ImportFileError("The file is empty")


def _text_lines(handle) -> Iterator[str]:
    for number, raw in enumerate(handle, start=1):
        if b"\x00" in raw:
            raise ImportFileError("The file is not a CSV text file: it contains NUL bytes")
        try:
            yield raw.decode("utf-8-sig" if number == 1 else "utf-8")
        except UnicodeDecodeError:
            raise ImportFileError(
                f"The file is not UTF-8 text (line {number} cannot be read). Save it as 'CSV UTF-8' and import it again"
            ) from None


@dataclass(frozen=True)
class CsvFile:
    """A CSV file's rows that can be gone through more than once (check every row, then load),
    each time read from the file a line at a time (:func:`iter_csv_file`)."""

    path: Path

    def __iter__(self) -> Iterator[list[str]]:
        return iter_csv_file(self.path)


def text_problems(values: dict[str, str], limits: dict[str, int]) -> list[tuple[str, str]]:
    """(field, reason) for each value that the column it goes to cannot hold."""
    problems = []
    for name, limit in limits.items():
        value = values.get(name) or ""
        if "\x00" in value:
            problems.append((name, "contains the NUL character"))
        elif len(value) > limit:
            problems.append((name, f"is longer than {limit} characters"))
    return problems


def date_problem(value: date | None) -> str | None:
    if value is not None and not EARLIEST_DATE <= value <= LATEST_DATE:
        return f"{value.isoformat()} is not between {EARLIEST_DATE.year} and {LATEST_DATE.year}"
    return None


def column_limits(model, **fields: str) -> dict[str, int]:
    """{file field: the length of the model column it is written to}."""
    return {name: model.__table__.c[column].type.length for name, column in fields.items()}


def write_report_file(path: Path, report: "ImportReport") -> None:
    """Every rejected and skipped row, with its reason, as CSV (the screen lists the first few)."""
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["row", "field", "reason", "outcome"])
        for outcome, problems in (("rejected", report.errors), ("skipped", report.skipped)):
            for problem in problems:
                writer.writerow([problem.row, problem.field, problem.reason, outcome])


def reporting_cycles(managers: dict[str, str | None]) -> dict[str, list[str]]:
    """For each employee in a reporting cycle (A reports to B, B reports to A), the cycle."""
    found: dict[str, list[str]] = {}
    for start in managers:
        path, node = [], start
        seen: set[str] = set()
        while node is not None and node in managers and node not in seen:
            seen.add(node)
            path.append(node)
            node = managers[node]
        if node is not None and node in seen and node == start:
            found[start] = path
    return found


Progress = Callable[[int], None]
Rows = Iterable[list[str]]


@dataclass(frozen=True)
class RowProblem:
    row: int
    field: str
    reason: str

    def __str__(self) -> str:
        return f"row {self.row}: {self.field}: {self.reason}"


@dataclass
class ImportReport:
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    #: Rows deliberately not loaded (for example trusts outside England).
    skipped: list[RowProblem] = field(default_factory=list)
    #: Rows refused because something in them is wrong.
    errors: list[RowProblem] = field(default_factory=list)

    @property
    def loaded(self) -> int:
        return self.inserted + self.updated + self.unchanged

    def summary(self) -> str:
        return (
            f"{self.inserted} added, {self.updated} updated, {self.unchanged} unchanged, "
            f"{len(self.skipped)} skipped, {len(self.errors)} with errors"
        )


def batched(items: Iterable, size: int) -> Iterator[list]:
    """Lists of up to ``size`` items, taking them from ``items`` (a list or a generator) as it goes."""
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch


class StagingTable:
    """A temporary table that an import loads a file into, batch by batch, before checking and
    merging it with set-based statements.

    PostgreSQL loads it with ``COPY`` (one round trip a batch, no bind parameters); SQLite with
    one ``executemany`` INSERT. The table lives in the import's own transaction and connection,
    so two imports at once never see each other's rows, and a rollback leaves nothing behind.
    """

    def __init__(self, name: str, *columns: Column, indexes: tuple[tuple[str, ...], ...] = ()):
        self.table = Table(name, MetaData(), *columns, prefixes=["TEMPORARY"])
        self.name = name
        self._indexes = indexes
        self._loading = [column.name for column in columns if not column.info.get("derived")]

    def create(self) -> None:
        connection = db.session.connection()
        # Left behind only by an import that failed in a caller that did not roll back.
        connection.execute(text(f"DROP TABLE IF EXISTS {self.name}"))
        self.table.create(connection)
        if connection.dialect.name == "postgresql":
            # The merge writes each row's findings back a few times; free space on each page
            # lets those be heap-only updates, and no plan here is worth JIT-compiling (its
            # estimates for a table filled moments ago make it compile for seconds).
            connection.execute(text(f"ALTER TABLE {self.name} SET (fillfactor = 50)"))
            connection.execute(text("SET LOCAL jit = off"))

    def load(self, rows: list[tuple]) -> None:
        """Append rows, each a tuple in the order of the columns not marked ``derived``."""
        if not rows:
            return
        connection = db.session.connection()
        if connection.dialect.name == "postgresql":
            with connection.connection.driver_connection.cursor() as cursor:
                with cursor.copy(f"COPY {self.name} ({', '.join(self._loading)}) FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row(row)
        else:
            connection.execute(self.table.insert(), [dict(zip(self._loading, row, strict=True)) for row in rows])

    def finish_loading(self) -> None:
        """Index the loaded rows and give the planner their statistics: temporary tables are never
        analysed by autovacuum, and without them PostgreSQL plans set-based checks for an empty table.
        (SQLite would keep them in a temporary ``sqlite_stat1`` that hides the main database's.)"""
        connection = db.session.connection()
        for number, columns in enumerate(self._indexes):
            Index(f"{self.name}_{number}", *(self.table.c[name] for name in columns)).create(connection)
        if connection.dialect.name == "postgresql":
            connection.execute(text(f"ANALYZE {self.name}"))

    def drop_indexes(self) -> None:
        """Drop the indexes once the checks that needed them are done, so that writing findings
        back to each row does not update them too."""
        connection = db.session.connection()
        for number in range(len(self._indexes)):
            connection.execute(text(f"DROP INDEX {self.name}_{number}"))

    def drop(self) -> None:
        self.table.drop(db.session.connection())


def bulk_insert(model, rows: list[dict], *, return_ids: bool = False) -> list[int]:
    """Insert many rows of ``model`` (each a dict with the same keys), fast, returning their new
    ids in order if asked.

    On PostgreSQL the ids are drawn from the table's sequence in one round trip and the rows
    sent with ``COPY`` (about ten times faster than multi-row INSERTs); elsewhere one
    ``executemany`` INSERT, with ``RETURNING`` when ids are wanted.
    """
    if not rows:
        return []
    table = model.__table__
    connection = db.session.connection()
    if connection.dialect.name != "postgresql":
        if return_ids:
            return list(db.session.scalars(insert(model).returning(model.id, sort_by_parameter_order=True), rows))
        db.session.execute(insert(model), rows)
        return []
    names = list(rows[0])
    # COPY skips SQLAlchemy's Python-side defaults (created_at and the like): work them out once.
    defaults = {
        column.name: column.default.arg(None) if column.default.is_callable else column.default.arg
        for column in table.columns
        if column.default is not None and column.name not in names and column.name != "id"
    }
    names += list(defaults)
    ids: list[int] = []
    if return_ids:
        ids = list(
            connection.execute(
                text("SELECT nextval(pg_get_serial_sequence(:table, 'id')) FROM generate_series(1, :count)"),
                {"table": table.name, "count": len(rows)},
            ).scalars()
        )
        names = ["id", *names]
    with connection.connection.driver_connection.cursor() as cursor:
        with cursor.copy(f"COPY {table.name} ({', '.join(names)}) FROM STDIN") as copy:
            for number, row in enumerate(rows):
                values = [value.value if isinstance(value, Enum) else value for value in row.values()]
                values += defaults.values()
                copy.write_row([ids[number], *values] if return_ids else values)
    return ids
