"""Organisations: the ODS import, oversight segments and the "challenged" rule."""

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from flask import current_app
from sqlalchemy import select

from talent.audit.services import record_event
from talent.dates import parse_ods_date
from talent.errors import RuleViolation
from talent.extensions import db
from talent.imports import (
    CsvFile,
    ImportReport,
    RowProblem,
    batched,
    column_limits,
    date_problem,
    iter_csv_file,
    text_problems,
)
from talent.orgs.models import Organisation, OrganisationType, OversightSegment, Region

#: ODS national grouping codes that mean "not an English region": Wales, and blank.
OUTSIDE_ENGLAND = {"W00", ""}
#: etr columns (0-based) the import reads; a row must reach the close date column.
COL_CODE, COL_NAME, COL_GROUPING, COL_GEOGRAPHY = 0, 1, 2, 3
COL_ADDRESS = slice(4, 9)
COL_POSTCODE, COL_OPENED, COL_CLOSED = 9, 10, 11
MINIMUM_COLUMNS = 12

_COMPARED_FIELDS = (
    "name",
    "org_type",
    "region_id",
    "icb_code",
    "address",
    "postcode",
    "opened_on",
    "closed_on",
    "is_active",
    "easting",
    "northing",
)


def organisation_type_from_name(name: str) -> OrganisationType:
    upper = name.upper()
    if "FOUNDATION TRUST" in upper:
        return OrganisationType.FOUNDATION_TRUST
    if "INTEGRATED CARE BOARD" in upper:
        return OrganisationType.ICB
    if "NHS TRUST" in upper:
        return OrganisationType.NHS_TRUST
    return OrganisationType.OTHER


def normalise_postcode(postcode: str) -> str:
    compact = "".join(postcode.split()).upper()
    return f"{compact[:-3]} {compact[-3:]}" if len(compact) > 3 else compact


def read_grid_references(path: Path) -> dict[str, tuple[int, int]]:
    """Postcode -> (easting, northing) from a ``postcode,easting,northing`` file without header."""
    grid = {}
    for row in iter_csv_file(path):
        # Eastings and northings are six or seven digits; anything else is not a grid reference.
        if len(row) >= 3 and all(part.strip().isdigit() and len(part.strip()) <= 7 for part in row[1:3]):
            grid[normalise_postcode(row[0])] = (int(row[1]), int(row[2]))
    return grid


#: The longest value each field may hold: the column it is written to.
ODS_FIELD_LIMITS = column_limits(
    Organisation,
    **{
        "organisation code": "ods_code",
        "name": "name",
        "high level health geography": "icb_code",
        "postcode": "postcode",
        "address": "address",
    },
) | {"national grouping": 3}


def _too_long(row: list[str], code: str, name: str, grouping: str) -> list[tuple[str, str]]:
    """Values longer than their columns, or holding NUL; every field is checked, stored or not."""
    return text_problems(
        {
            "organisation code": code,
            "name": name,
            "national grouping": grouping,
            "high level health geography": row[COL_GEOGRAPHY].strip(),
            "postcode": row[COL_POSTCODE].strip(),
            "address": ", ".join(part.strip() for part in row[COL_ADDRESS] if part.strip()),
            **{f"field {n + 1}": cell for n, cell in enumerate(row)},
        },
        ODS_FIELD_LIMITS | {f"field {n + 1}": 1000 for n in range(len(row))},
    )


def _ods_dates(row: list[str], problems: list) -> dict:
    """The open and close dates (None when blank), adding a problem for each bad one."""
    dates = {}
    for column, label in ((COL_OPENED, "open date"), (COL_CLOSED, "close date")):
        text = row[column].strip()
        dates[label] = None
        if not text:
            continue
        try:
            dates[label] = parse_ods_date(text)
        except ValueError as error:
            problems.append((label, str(error)))
            continue
        if date_problem(dates[label]):
            problems.append((label, date_problem(dates[label])))
    return dates


@dataclass
class _ValidRow:
    row: int
    values: dict


def _validate_ods_rows(
    rows: Iterable[list[str]], regions: dict[str, int], grid, today: date, report: ImportReport
) -> Iterator[_ValidRow]:
    """The good rows, one at a time; each bad or skipped row goes into ``report``."""
    seen: set[str] = set()
    for number, row in enumerate(rows, start=1):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) < MINIMUM_COLUMNS:
            report.errors.append(
                RowProblem(number, "row", f"has {len(row)} fields; the etr layout needs at least {MINIMUM_COLUMNS}")
            )
            continue
        code, name, grouping = row[COL_CODE].strip(), row[COL_NAME].strip(), row[COL_GROUPING].strip()
        too_long = _too_long(row, code, name, grouping)
        if too_long:
            report.errors.extend(RowProblem(number, field, reason) for field, reason in too_long)
            continue
        if grouping in OUTSIDE_ENGLAND:
            reason = "outside England (Wales)" if grouping == "W00" else "no national grouping, so not in England"
            report.skipped.append(RowProblem(number, "national grouping", reason))
            continue
        problems = []
        if not code:
            problems.append(("organisation code", "is empty"))
        elif code in seen:
            problems.append(("organisation code", f"'{code}' appears more than once in the file"))
        if not name:
            problems.append(("name", "is empty"))
        if grouping not in regions:
            problems.append(("national grouping", f"'{grouping}' is not one of NHS England's 7 region codes"))
        dates = _ods_dates(row, problems)
        if problems:
            report.errors.extend(RowProblem(number, field, reason) for field, reason in problems)
            continue
        seen.add(code)
        opened, closed = dates["open date"], dates["close date"]
        postcode = normalise_postcode(row[COL_POSTCODE]) if row[COL_POSTCODE].strip() else None
        easting, northing = grid.get(postcode, (None, None)) if postcode else (None, None)
        address = ", ".join(part.strip() for part in row[COL_ADDRESS] if part.strip())
        yield _ValidRow(
            number,
            {
                "ods_code": code,
                "name": name,
                "org_type": organisation_type_from_name(name),
                "region_id": regions[grouping],
                "icb_code": row[COL_GEOGRAPHY].strip() or None,
                "address": address,
                "postcode": postcode,
                "opened_on": opened,
                "closed_on": closed,
                "is_active": (opened is None or opened <= today) and (closed is None or closed > today),
                "easting": easting,
                "northing": northing,
            },
        )


def import_ods(
    rows: Iterable[list[str]],
    *,
    grid: dict[str, tuple[int, int]] | None = None,
    today: date | None = None,
    progress: Callable[[int], None] | None = None,
    skip_bad_rows: bool = False,
) -> ImportReport:
    """Load organisations from rows in the ODS etr layout, upserting by ODS code.

    Every row is validated first, against the same limits as the columns it goes to. Rows
    outside England are skipped and reported. If any row is bad, nothing is written and every
    bad row is reported, unless ``skip_bad_rows`` asks for the good rows to be loaded anyway.
    Running the same file again changes nothing. The caller commits.

    :param rows: read twice, once to check every row and once to load the good ones, so a
        file need never be held whole: a list, or :class:`talent.imports.CsvFile`.
    :param progress: called with the number of rows handled after each batch.
    """
    today = today or date.today()
    report = ImportReport()
    regions = dict(db.session.execute(select(Region.code, Region.id)).all())
    for _ in _validate_ods_rows(rows, regions, grid or {}, today, report):
        pass
    if report.errors and not skip_bad_rows:
        return report
    # The second reading finds the same good rows; its own report repeats the first and is dropped.
    valid = _validate_ods_rows(rows, regions, grid or {}, today, ImportReport())
    for batch in batched(valid, current_app.config["IMPORT_BATCH_SIZE"]):
        codes = [item.values["ods_code"] for item in batch]
        existing = {
            org.ods_code: org
            for org in db.session.scalars(select(Organisation).where(Organisation.ods_code.in_(codes)))
        }
        for item in batch:
            organisation = existing.get(item.values["ods_code"])
            if organisation is None:
                db.session.add(Organisation(**item.values))
                report.inserted += 1
                continue
            changed = False
            for name in _COMPARED_FIELDS:
                if getattr(organisation, name) != item.values[name]:
                    setattr(organisation, name, item.values[name])
                    changed = True
            if changed:
                report.updated += 1
            else:
                report.unchanged += 1
        db.session.flush()
        if progress:
            progress(len(batch))
    return report


def read_ods_file(path: Path) -> CsvFile:
    """The rows of an etr file, read from the file each time they are gone through.

    :raises ImportFileError: as they are read, if the file cannot be (see
        :func:`talent.imports.iter_csv_file`).
    """
    return CsvFile(path)


def record_segment(
    organisation: Organisation, *, segment: int, effective_from: date, framework_version: str, actor=None
) -> OversightSegment:
    """Add an oversight segment to an organisation's history.

    :raises RuleViolation: for a segment outside 1 to 5, a missing framework version, or a
        second segment for the same date and framework.
    """
    if segment not in range(1, 6):
        raise RuleViolation("Segment must be 1, 2, 3, 4 or 5", field="segment")
    framework_version = framework_version.strip()
    if not framework_version:
        raise RuleViolation("Enter the oversight framework version, like NOF 2025/26", field="framework_version")
    duplicate = db.session.scalar(
        select(OversightSegment.id).where(
            OversightSegment.organisation_id == organisation.id,
            OversightSegment.effective_from == effective_from,
            OversightSegment.framework_version == framework_version,
        )
    )
    if duplicate:
        raise RuleViolation(
            "This organisation already has a segment from that date under that framework", field="effective_from"
        )
    entry = OversightSegment(
        organisation=organisation, segment=segment, effective_from=effective_from, framework_version=framework_version
    )
    db.session.add(entry)
    db.session.flush()
    record_event(
        "segment_recorded",
        actor=actor,
        subject=organisation,
        segment=segment,
        effective_from=effective_from,
        framework_version=framework_version,
    )
    return entry


def set_recovery_support(organisation: Organisation, in_programme: bool, *, actor=None) -> None:
    """Record whether the organisation is in the Recovery Support Programme (``actor`` None: the command line)."""
    if organisation.in_recovery_support != in_programme:
        organisation.in_recovery_support = in_programme
        db.session.flush()
        record_event("recovery_support_changed", actor=actor, subject=organisation, in_programme=in_programme)


def current_segment(organisation: Organisation, on: date | None = None) -> OversightSegment | None:
    """The newest segment in force on ``on``, from the organisation's loaded history."""
    on = on or date.today()
    in_force = [entry for entry in organisation.segments if entry.effective_from <= on]
    return max(in_force, key=lambda entry: (entry.effective_from, entry.id), default=None)


def challenged_reasons(organisation: Organisation, on: date | None = None) -> list[str]:
    """Why the organisation counts as challenged, in words; empty if it does not. The one rule:
    segment at or above the configured threshold, or in the Recovery Support Programme. Later
    inputs (elective and cancer tiers) join here, and everything that asks uses this."""
    config = current_app.config
    reasons = []
    segment = current_segment(organisation, on)
    if segment is not None and segment.segment >= config["CHALLENGED_MIN_SEGMENT"]:
        reasons.append(f"Oversight segment {segment.segment} ({segment.framework_version})")
    if config["CHALLENGED_INCLUDES_RECOVERY_SUPPORT"] and organisation.in_recovery_support:
        reasons.append("In the Recovery Support Programme")
    return reasons


def is_challenged(organisation: Organisation, on: date | None = None) -> bool:
    return bool(challenged_reasons(organisation, on))
