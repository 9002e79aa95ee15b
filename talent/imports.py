"""What every import shares: reading a CSV file safely, checking fields against the columns they
will be written to, and the report of every bad row with its row number, field and reason.

Everything that could make the database refuse a row (a value longer than its column, a NUL
character, a date out of range) is checked here first, so that the two engines behave the same
(SQLite would store an over-long value that PostgreSQL refuses) and nothing fails half-way
through a load. A file that cannot be read at all is a :class:`ImportFileError`, before anything
is written.
"""

import csv
import io
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

#: Dates outside this range are typing mistakes (0202 for 2020, 9999 for "no end").
EARLIEST_DATE = date(1900, 1, 1)
LATEST_DATE = date(2100, 12, 31)


class ImportFileError(Exception):
    """The file cannot be imported at all: nothing is written."""


def read_csv_file(path: Path) -> list[list[str]]:
    """Every row of a UTF-8 CSV file (a byte-order mark is fine).

    :raises ImportFileError: for an empty file, one that is not UTF-8 text (UTF-16, latin-1,
        binary), or one the CSV reader cannot parse (such as a field over its size limit),
        naming the row where it could.
    """
    data = path.read_bytes()
    if not data.strip():
        raise ImportFileError("The file is empty")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ImportFileError("The file is UTF-16 text. Save it as 'CSV UTF-8' and import it again")
    if b"\x00" in data:
        raise ImportFileError("The file is not a CSV text file: it contains NUL bytes")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise ImportFileError(
            f"The file is not UTF-8 text (line {line} cannot be read). Save it as 'CSV UTF-8' and import it again"
        ) from None
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        return list(reader)
    except csv.Error as error:
        raise ImportFileError(f"row {reader.line_num + 1}: the file cannot be read as CSV: {error}") from None


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


def batched(items: list, size: int):
    for start in range(0, len(items), size):
        yield items[start : start + size]
