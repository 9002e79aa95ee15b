"""People and posts: the ESR-style staff import and changes HR makes to posts."""

import re
from collections.abc import Callable, Iterable, Iterator
from datetime import date, timedelta
from pathlib import Path

from flask import current_app
from sqlalchemy import (
    Boolean,
    Column,
    Date,
    Integer,
    SmallInteger,
    String,
    Table,
    bindparam,
    exists,
    false,
    func,
    or_,
    select,
    text,
    true,
)
from sqlalchemy.orm import joinedload

from talent.auth.models import Role
from talent.auth.policy import refuse_own_record
from talent.auth.queries import role_holders
from talent.dates import nhs_date
from talent.db import UTCDateTime, utcnow
from talent.errors import Conflict, RuleViolation
from talent.extensions import db
from talent.imports import (
    ImportFileError,
    ImportReport,
    RowProblem,
    StagingTable,
    batched,
    column_limits,
    date_problem,
    iter_csv_file,
    reporting_cycles,
    text_problems,
)
from talent.insights import services as insight_services
from talent.jobs.services import claim_reminder
from talent.notifications.services import link_to, notify
from talent.orgs.models import Organisation
from talent.people.models import Band, Person, Post, ProfessionalGroup
from talent.programmes import services as programme_services

STAFF_COLUMNS = (
    "employee_number",
    "given_name",
    "family_name",
    "email",
    "organisation_code",
    "post_title",
    "band",
    "manager_employee_number",
)
OPTIONAL_STAFF_COLUMNS = ("professional_group", "start_date", "directorate")
DIRECTORATE_LENGTH = 120
REQUIRED_STAFF_FIELDS = STAFF_COLUMNS[:-1]
EMAIL_PATTERN = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
STALE_POST = "Someone else changed this post while you were editing it. Reload the page and try again."


def _parse_group(text: str) -> ProfessionalGroup:
    cleaned = text.strip().lower()
    for group in ProfessionalGroup:
        if cleaned in (group.value, group.label.lower()):
            return group
    raise ValueError(f"'{text}' is not an ESR staff group")


def read_staff_file(path: Path) -> tuple[list[str], Iterator[list[str]]]:
    """The header (lower case) of a staff file and an iterator over its rows, read as they are
    used so that a national file is never held whole.

    :raises ImportFileError: if the file cannot be read (see :func:`talent.imports.iter_csv_file`);
        a problem further into the file is raised when the import reaches it.
    """
    rows = iter_csv_file(path)
    for header in rows:
        if any(cell.strip() for cell in header):
            return [name.strip().lower() for name in header], rows
    raise ImportFileError("The file is empty")


#: The longest value each field of the staff file may hold: the column it is written to.
STAFF_FIELD_LIMITS = {
    **column_limits(
        Person,
        employee_number="employee_number",
        given_name="given_name",
        family_name="family_name",
        email="work_email",
        manager_employee_number="employee_number",
    ),
    **column_limits(Post, post_title="title", directorate="directorate"),
    **column_limits(Organisation, organisation_code="ods_code"),
    "band": 20,
    "professional_group": 100,
    "start_date": 10,
}

# Why a staged row was refused (``refused`` in the stage, 0 for a good row); the checks' SQL
# writes the same numbers: 1 duplicate, 3 email taken, 4 unknown manager.
_CYCLE, _PREREQUISITES = 2, 5

STAFF_STAGE = "staff_stage"


def _staff_stage() -> StagingTable:
    """The file's rows, each with what the merge works out about it (``derived`` columns)."""

    def derived(name: str, type_, **options) -> Column:
        return Column(name, type_, info={"derived": True}, **options)

    return StagingTable(
        STAFF_STAGE,
        Column("file_row", Integer, primary_key=True, autoincrement=False),
        Column("employee_number", String(20), nullable=False),
        Column("given_name", String(100), nullable=False),
        Column("family_name", String(100), nullable=False),
        Column("email", String(254), nullable=False),
        Column("organisation_id", Integer, nullable=False),
        Column("post_title", String(200), nullable=False),
        Column("band", String(32), nullable=False),
        Column("band_rank", Integer, nullable=False),
        Column("manager", String(20)),
        Column("professional_group", String(32)),
        Column("start_date", Date, nullable=False),
        #: NULL when the file has no directorate column (existing posts keep theirs); "" clears it.
        Column("directorate", String(120)),
        derived("refused", SmallInteger, nullable=False, server_default="0"),
        derived("person_id", Integer),
        derived("is_new", Boolean, nullable=False, server_default=true()),
        derived("post_id", Integer),
        derived("post_added", Boolean, nullable=False, server_default=false()),
        derived("person_changed", Boolean, nullable=False, server_default=false()),
        derived("post_changed", Boolean, nullable=False, server_default=false()),
        derived("manager_post_id", Integer),
        derived("link_changed", Boolean, nullable=False, server_default=false()),
        indexes=(("employee_number",), ("email",), ("manager",)),
    )


def import_staff(
    header: list[str],
    rows: Iterable[list[str]],
    *,
    today: date | None = None,
    progress: Callable[[int], None] | None = None,
    skip_bad_rows: bool = False,
) -> ImportReport:
    """Load an ESR-style staff file: people by employee number, their current post, and managers.

    The rows are read a batch at a time into a staging table (``COPY`` on PostgreSQL), checked
    there with set-based statements, and merged a batch at a time, so memory stays flat however
    long the file is. Every row is checked before anything is written, against the same limits
    as the columns it goes to. If any row is bad, nothing is written and every bad row is
    reported, in row order, unless ``skip_bad_rows`` asks for the good rows to be loaded
    anyway. Good rows are upserted so that a second run changes nothing. A person's post in the
    named organisation is updated in place; reporting lines are set once all people are loaded,
    so a manager may appear after their staff in the file. The caller commits (or rolls back):
    the load is one transaction.

    :param rows: the rows after the header; row numbers count the header as row 1, as a
        spreadsheet shows them.
    :param progress: called with a row count as batches are checked and again as they are loaded.
    """
    today = today or date.today()
    report = ImportReport()
    missing = [name for name in STAFF_COLUMNS if name not in header]
    if missing:
        report.errors.append(RowProblem(1, "header", f"missing column(s): {', '.join(missing)}"))
        return report
    stage = _staff_stage()
    stage.create()
    staged = _stage_staff_rows(stage, header, rows, today, report, progress)
    _check_staged_rows(stage.table, report)
    stage.drop_indexes()
    report.errors.sort(key=lambda problem: problem.row)
    if report.errors and not skip_bad_rows:
        stage.drop()
        return report
    _merge_staged_rows(staged, today, progress)
    insight_services.recount_workforce(
        db.session.scalars(text("SELECT DISTINCT organisation_id FROM staff_stage WHERE refused = 0")), on=today
    )
    counts = db.session.execute(
        text(
            "SELECT COUNT(*), COALESCE(SUM(CASE WHEN is_new THEN 1 ELSE 0 END), 0),"
            " COALESCE(SUM(CASE WHEN NOT is_new AND (post_added OR person_changed OR post_changed OR link_changed)"
            " THEN 1 ELSE 0 END), 0) FROM staff_stage WHERE refused = 0"
        )
    ).one()
    stage.drop()
    # The merge wrote with set-based statements; make people and posts already loaded read afresh.
    db.session.expire_all()
    good, report.inserted, report.updated = counts
    report.unchanged = good - report.inserted - report.updated
    return report


def _stage_staff_rows(stage: StagingTable, header, rows, today: date, report: ImportReport, progress) -> int:
    """Check each row's fields on their own and stage the good ones; return the last row number."""
    index = {name: header.index(name) for name in (*STAFF_COLUMNS, *OPTIONAL_STAFF_COLUMNS) if name in header}
    organisations = dict(db.session.execute(select(func.upper(Organisation.ods_code), Organisation.id)).all())
    size = current_app.config["IMPORT_BATCH_SIZE"]
    batch: list[tuple] = []
    number = 1
    for number, row in enumerate(rows, start=2):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) < len(header):
            report.errors.append(RowProblem(number, "row", f"has {len(row)} fields; the header has {len(header)}"))
            continue
        value = {name: row[position].strip() for name, position in index.items()}
        problems = text_problems(value, STAFF_FIELD_LIMITS) or _check_staff_row(value, organisations, today)
        if isinstance(problems, list):
            report.errors.extend(RowProblem(number, field, reason) for field, reason in problems)
            continue
        batch.append((number, *problems))
        if len(batch) >= size:
            stage.load(batch)
            if progress:
                progress(len(batch))
            batch = []
    stage.load(batch)
    if progress and batch:
        progress(len(batch))
    stage.finish_loading()
    return number


def _check_staff_row(value: dict, organisations: dict, today: date) -> list | tuple:
    """Check one row's fields on their own: the problems, or the row as it is staged."""
    problems = [(name, "is empty") for name in REQUIRED_STAFF_FIELDS if not value[name]]
    employee_number, email = value["employee_number"], value["email"].lower()
    if email and not EMAIL_PATTERN.match(email):
        problems.append(("email", f"'{value['email']}' is not an email address"))
    organisation_id = organisations.get(value["organisation_code"].upper())
    if value["organisation_code"] and organisation_id is None:
        problems.append(("organisation_code", f"'{value['organisation_code']}' is not a known organisation"))
    parsers = {
        "band": (Band.parse, None),
        "professional_group": (_parse_group, None),
        "start_date": (date.fromisoformat, today),
    }
    parsed = {}
    for name, (parse, default) in parsers.items():
        text_value = value.get(name, "")
        parsed[name] = default
        if not text_value:
            continue
        try:
            parsed[name] = parse(text_value)
        except ValueError as error:
            reason = f"'{text_value}' is not a date in YYYY-MM-DD form" if name == "start_date" else str(error)
            problems.append((name, reason))
    out_of_range = date_problem(parsed["start_date"])
    if out_of_range:
        problems.append(("start_date", out_of_range))
    manager = value["manager_employee_number"] or None
    if manager and manager == employee_number:
        problems.append(("manager_employee_number", "a person cannot be their own manager"))
    if problems:
        return problems
    band, group = parsed["band"], parsed["professional_group"]
    return (
        employee_number,
        value["given_name"],
        value["family_name"],
        email,
        organisation_id,
        value["post_title"],
        band.value,
        band.rank,
        manager,
        group.value if group else None,
        parsed["start_date"],
        value.get("directorate"),
    )


def _refuse(statement: str, reason: Callable[[str], tuple[str, str]], report: ImportReport) -> None:
    """Run an UPDATE that marks staged rows refused and returns (row, value) for each; report them."""
    for row, value in db.session.execute(text(statement)):
        report.errors.append(RowProblem(row, *reason(value)))


def _check_staged_rows(stage: Table, report: ImportReport) -> None:
    """The checks that need the whole file or the database, each one statement over the stage."""
    _refuse(
        "UPDATE staff_stage SET refused = 1 WHERE refused = 0 AND EXISTS (SELECT 1 FROM staff_stage earlier"
        " WHERE earlier.employee_number = staff_stage.employee_number AND earlier.file_row < staff_stage.file_row)"
        " RETURNING file_row, employee_number",
        lambda number: ("employee_number", f"'{number}' appears more than once in the file"),
        report,
    )
    _refuse(
        "UPDATE staff_stage SET refused = 1 WHERE refused = 0 AND EXISTS (SELECT 1 FROM staff_stage earlier"
        " WHERE earlier.email = staff_stage.email AND earlier.file_row < staff_stage.file_row)"
        " RETURNING file_row, email",
        lambda email: ("email", f"'{email}' appears more than once in the file"),
        report,
    )
    _refuse_reporting_cycles(stage, report)
    _refuse(
        "UPDATE staff_stage SET refused = 3 WHERE refused = 0 AND EXISTS (SELECT 1 FROM people p"
        " WHERE p.work_email = staff_stage.email"
        " AND (p.employee_number IS NULL OR p.employee_number <> staff_stage.employee_number))"
        " RETURNING file_row, email",
        lambda email: ("email", f"'{email}' already belongs to another person"),
        report,
    )
    # Rows refused by this same check still count as known managers, so that the answer does
    # not depend on the order the database visits rows in.
    _refuse(
        "UPDATE staff_stage SET refused = 4 WHERE refused = 0 AND manager IS NOT NULL"
        " AND NOT EXISTS (SELECT 1 FROM staff_stage m WHERE m.employee_number = staff_stage.manager"
        " AND m.refused IN (0, 4))"
        " AND NOT EXISTS (SELECT 1 FROM people p WHERE p.employee_number = staff_stage.manager)"
        " RETURNING file_row, manager",
        lambda manager: ("manager_employee_number", f"'{manager}' is not a known employee"),
        report,
    )
    _refuse_unmet_prerequisites(report)


def _mark_refused(rows: list[int], reason_code: int) -> None:
    for chunk in batched(rows, 1000):
        db.session.execute(
            text("UPDATE staff_stage SET refused = :reason WHERE file_row IN :rows").bindparams(
                bindparam("rows", expanding=True)
            ),
            {"rows": chunk, "reason": reason_code},
        )


def _refuse_reporting_cycles(stage: Table, report: ImportReport) -> None:
    """Refuse rows whose managers lead back to themselves: nobody could ever be the top.

    Rows reached by walking down from everyone whose manager is outside the file (or who has
    none) cannot be on a cycle; only the few rows left are examined one by one.
    """
    good = stage.c.refused == 0
    manager = stage.alias("m")
    top = (
        select(stage.c.employee_number)
        .where(
            good,
            or_(
                stage.c.manager.is_(None),
                ~exists().where(manager.c.employee_number == stage.c.manager, manager.c.refused == 0),
            ),
        )
        .cte("reached", recursive=True)
    )
    below = stage.alias("below")
    reached = top.union_all(
        select(below.c.employee_number).join(top, below.c.manager == top.c.employee_number).where(below.c.refused == 0)
    )
    # Counting first keeps the usual case (no cycle) to one pass: the planner cannot estimate a
    # recursive query's size, and an anti-join against it is planned for hundreds of millions.
    counted = db.session.scalar(select(func.count()).select_from(reached))
    if counted == db.session.scalar(select(func.count()).where(good)):
        return
    unreached = db.session.execute(
        select(stage.c.file_row, stage.c.employee_number, stage.c.manager).where(
            good, ~exists().where(reached.c.employee_number == stage.c.employee_number)
        )
    ).all()
    cycles = reporting_cycles({number: manager for _, number, manager in unreached})
    on_cycle = [(row, number) for row, number, _ in unreached if number in cycles]
    for row, number in on_cycle:
        chain = " → ".join([*cycles[number], number])
        report.errors.append(RowProblem(row, "manager_employee_number", f"makes a reporting cycle: {chain}"))
    _mark_refused([row for row, _ in on_cycle], _CYCLE)


_SENIOR_ROWS = text(
    "SELECT staff_stage.file_row, p.id AS person_id, staff_stage.band, staff_stage.start_date, o.band AS band_now"
    " FROM staff_stage"
    " LEFT JOIN people p ON p.employee_number = staff_stage.employee_number"
    " LEFT JOIN posts o ON o.person_id = p.id AND o.organisation_id = staff_stage.organisation_id"
    " AND o.end_date IS NULL"
    " WHERE staff_stage.refused = 0 AND staff_stage.band_rank >= :lowest AND staff_stage.file_row > :after"
    " ORDER BY staff_stage.file_row LIMIT 5000"
).columns(file_row=Integer, person_id=Integer, band=String, start_date=Date, band_now=String)


def _refuse_unmet_prerequisites(report: ImportReport) -> None:
    """Refuse rows that would put someone into a post, or a more senior band, whose
    prerequisites they do not meet on the row's start date. The import has no override:
    a system admin or the appointments team records those appointments one by one.

    Only rows at a band some prerequisite rule covers are read out of the stage (the senior few
    per cent of a national file), 5,000 at a time.
    """
    lowest = programme_services.lowest_band_with_prerequisites()
    if lowest is None:
        return
    refused: list[int] = []
    after = 0
    while chunk := db.session.execute(_SENIOR_ROWS, {"lowest": lowest.rank, "after": after}).all():
        after = chunk[-1][0]
        checks = [
            (row, person_id, Band(band), start)
            for row, person_id, band, start, band_now in chunk
            if band_now is None or Band(band).rank > Band(band_now).rank
        ]
        # A person who is not on the system yet has completed nothing (id 0 matches no one).
        results = programme_services.check_eligibility_for_many(
            [(person_id or 0, band, start) for _, person_id, band, start in checks]
        )
        for (row, *_), result in zip(checks, results, strict=True):
            if not result.eligible:
                refused.append(row)
                report.errors.append(RowProblem(row, "band", f"prerequisites not met: {result.summary()}"))
    _mark_refused(refused, _PREREQUISITES)


# Each statement below works on one batch of the stage's good rows, :first to :last.
_MERGE_PEOPLE = [
    "INSERT INTO people (employee_number, given_name, family_name, work_email, organisation_id,"
    " professional_group, created_at, version)"
    " SELECT employee_number, given_name, family_name, email, organisation_id, professional_group, :now, 1"
    " FROM staff_stage WHERE refused = 0 AND file_row BETWEEN :first AND :last AND is_new ORDER BY file_row",
    "UPDATE staff_stage SET person_id = p.id FROM people p WHERE staff_stage.refused = 0"
    " AND staff_stage.file_row BETWEEN :first AND :last AND staff_stage.is_new"
    " AND p.employee_number = staff_stage.employee_number",
    "UPDATE staff_stage SET person_changed = TRUE FROM people p WHERE staff_stage.refused = 0"
    " AND staff_stage.file_row BETWEEN :first AND :last AND NOT staff_stage.is_new AND p.id = staff_stage.person_id"
    " AND (p.given_name <> staff_stage.given_name OR p.family_name <> staff_stage.family_name"
    " OR p.work_email <> staff_stage.email OR p.organisation_id <> staff_stage.organisation_id"
    " OR (staff_stage.professional_group IS NOT NULL"
    " AND (p.professional_group IS NULL OR p.professional_group <> staff_stage.professional_group)))",
    # The version moves on, so an HR form opened before the import is told the person changed.
    "UPDATE people SET given_name = staff_stage.given_name, family_name = staff_stage.family_name,"
    " work_email = staff_stage.email, organisation_id = staff_stage.organisation_id,"
    " professional_group = COALESCE(staff_stage.professional_group, people.professional_group),"
    " version = people.version + 1 FROM staff_stage WHERE staff_stage.file_row BETWEEN :first AND :last"
    " AND staff_stage.person_changed AND people.id = staff_stage.person_id",
]

# A person's open post in the row's organisation is updated in place; otherwise one is added.
_MERGE_POSTS = [
    "UPDATE staff_stage SET post_id = (SELECT MAX(o.id) FROM posts o WHERE o.person_id = staff_stage.person_id"
    " AND o.organisation_id = staff_stage.organisation_id AND o.end_date IS NULL)"
    " WHERE refused = 0 AND file_row BETWEEN :first AND :last AND NOT is_new",
    "INSERT INTO posts (title, organisation_id, band, directorate, person_id, start_date, version)"
    " SELECT post_title, organisation_id, band, NULLIF(directorate, ''), person_id, start_date, 1"
    " FROM staff_stage WHERE refused = 0 AND file_row BETWEEN :first AND :last AND post_id IS NULL"
    " ORDER BY file_row",
    "UPDATE staff_stage SET post_added = TRUE, post_id = (SELECT MAX(o.id) FROM posts o"
    " WHERE o.person_id = staff_stage.person_id AND o.organisation_id = staff_stage.organisation_id"
    " AND o.end_date IS NULL) WHERE refused = 0 AND file_row BETWEEN :first AND :last AND post_id IS NULL",
    # A file without the directorate column stages NULL and leaves directorates as they are.
    "UPDATE staff_stage SET post_changed = TRUE FROM posts o WHERE staff_stage.refused = 0"
    " AND staff_stage.file_row BETWEEN :first AND :last AND NOT staff_stage.post_added AND o.id = staff_stage.post_id"
    " AND (o.title <> staff_stage.post_title OR o.band <> staff_stage.band OR (staff_stage.directorate IS NOT NULL"
    " AND COALESCE(o.directorate, '') <> staff_stage.directorate))",
    "UPDATE posts SET title = staff_stage.post_title, band = staff_stage.band,"
    " directorate = CASE WHEN staff_stage.directorate IS NULL THEN posts.directorate"
    " ELSE NULLIF(staff_stage.directorate, '') END, version = posts.version + 1"
    " FROM staff_stage WHERE staff_stage.file_row BETWEEN :first AND :last AND staff_stage.post_changed"
    " AND posts.id = staff_stage.post_id",
]

# Each row's post reports to its manager's current post in the same organisation if they have
# one (ESR records line management there), else to their latest current post.
_LINK_MANAGERS = [
    "UPDATE staff_stage SET manager_post_id = COALESCE("
    "(SELECT MAX(o.id) FROM posts o JOIN people m ON m.id = o.person_id WHERE m.employee_number = staff_stage.manager"
    " AND o.start_date <= :today AND (o.end_date IS NULL OR o.end_date >= :today)"
    " AND o.organisation_id = staff_stage.organisation_id),"
    "(SELECT o.id FROM posts o JOIN people m ON m.id = o.person_id WHERE m.employee_number = staff_stage.manager"
    " AND o.start_date <= :today AND (o.end_date IS NULL OR o.end_date >= :today)"
    " ORDER BY o.start_date DESC, o.id DESC LIMIT 1))"
    " WHERE refused = 0 AND file_row BETWEEN :first AND :last AND manager IS NOT NULL",
    # Only people already on the system are marked (a new joiner is counted as added anyway),
    # so a second run of an unchanged file writes nothing here.
    "UPDATE staff_stage SET link_changed = TRUE FROM posts o WHERE staff_stage.file_row BETWEEN :first AND :last"
    " AND NOT staff_stage.is_new AND o.id = staff_stage.post_id AND staff_stage.manager_post_id IS NOT NULL"
    " AND o.start_date <= :today AND (o.end_date IS NULL OR o.end_date >= :today)"
    " AND (o.reports_to_post_id IS NULL OR o.reports_to_post_id <> staff_stage.manager_post_id)",
    # The version moves on, so an HR form opened before the import is told the post changed.
    "UPDATE posts SET reports_to_post_id = staff_stage.manager_post_id, version = posts.version + 1"
    " FROM staff_stage WHERE staff_stage.file_row BETWEEN :first AND :last AND posts.id = staff_stage.post_id"
    " AND (staff_stage.link_changed OR (staff_stage.is_new AND staff_stage.manager_post_id IS NOT NULL"
    " AND posts.start_date <= :today))",
]

_ASSIGN_INDUCTION = (
    "INSERT INTO enrolments (person_id, programme_id, status, created_at, updated_at, version)"
    " SELECT person_id, :programme, 'assigned', :now, :now, 1 FROM staff_stage"
    " WHERE refused = 0 AND file_row BETWEEN :first AND :last AND is_new AND NOT EXISTS"
    " (SELECT 1 FROM enrolments e WHERE e.person_id = staff_stage.person_id AND e.programme_id = :programme)"
)


def _merge_staged_rows(last_row: int, today: date, progress) -> None:
    """Upsert people and posts, then reporting lines once everyone is in, then induction for new
    joiners: a few set-based statements per batch of rows."""
    size = current_app.config["IMPORT_BATCH_SIZE"]
    now = bindparam("now", utcnow(), type_=UTCDateTime())
    db.session.execute(
        text(
            "UPDATE staff_stage SET person_id = p.id, is_new = FALSE FROM people p"
            " WHERE p.employee_number = staff_stage.employee_number AND staff_stage.refused = 0"
        )
    )
    batches = [{"first": first, "last": first + size - 1} for first in range(2, last_row + 1, size)]
    for bounds in batches:
        for statement in (*_MERGE_PEOPLE, *_MERGE_POSTS):
            db.session.execute(text(statement).bindparams(now) if ":now" in statement else text(statement), bounds)
        if progress:
            progress(min(size, last_row - bounds["first"] + 1))
    for bounds in batches:
        for statement in _LINK_MANAGERS:
            db.session.execute(text(statement), {**bounds, "today": today})
    induction = programme_services.induction_programme_id()
    if induction is not None:
        for bounds in batches:
            db.session.execute(text(_ASSIGN_INDUCTION).bindparams(now), {**bounds, "programme": induction})


def _apply(obj, values: dict) -> bool:
    changed = False
    for name, value in values.items():
        if getattr(obj, name) != value:
            setattr(obj, name, value)
            changed = True
    return changed


def update_post(
    post: Post,
    *,
    expected_version: int,
    title: str,
    band: Band,
    end_date: date | None,
    directorate: str | None = None,
    principal=None,
    override_reason: str | None = None,
    today: date | None = None,
) -> None:
    """HR changes a post's title, band, directorate or end date.

    Moving a held post to a more senior band puts its holder into a more senior post from
    today, so the prerequisites are checked as for any appointment.

    :raises Conflict: if the post changed since the form was loaded (``expected_version``).
    :raises RuleViolation: for an end date before the start date, or a holder who does not
        meet the prerequisites for the new band.
    """
    if post.version != expected_version:
        raise Conflict(STALE_POST)
    refuse_own_record(getattr(principal, "person_id", None), post.person_id, doing="change a post")
    if end_date is not None and end_date < post.start_date:
        raise RuleViolation("End date must be the same as or after the start date", field="end_date")
    if post.holder is not None and band.rank > post.band.rank:
        programme_services.require_eligibility(
            post.holder, band, today or date.today(), principal=principal, override_reason=override_reason
        )
    post.title = title.strip()
    post.band = band
    post.directorate = _directorate(directorate)
    post.end_date = end_date
    db.session.flush()
    insight_services.recount_workforce([post.organisation_id])


def _directorate(text: str | None) -> str | None:
    cleaned = (text or "").strip()
    if len(cleaned) > DIRECTORATE_LENGTH:
        raise RuleViolation(f"Directorate must be {DIRECTORATE_LENGTH} characters or fewer", field="directorate")
    return cleaned or None


def add_post(
    person: Person,
    *,
    organisation: Organisation,
    title: str,
    band: Band,
    start_date: date,
    end_date: date | None = None,
    reports_to: Post | None = None,
    directorate: str | None = None,
    principal=None,
    override_reason: str | None = None,
) -> Post:
    """Put ``person`` into a new post. A person's first post makes them a new joiner, who is
    assigned the national induction.

    :raises RuleViolation: for dates out of order, or a person who does not meet the
        prerequisites for the band on the start date (the message lists what is missing).
    """
    refuse_own_record(getattr(principal, "person_id", None), person.id, doing="add a post")
    if end_date is not None and end_date < start_date:
        raise RuleViolation("End date must be the same as or after the start date", field="end_date")
    if not title.strip():
        raise RuleViolation("Enter the post title", field="title")
    programme_services.require_eligibility(
        person, band, start_date, principal=principal, override_reason=override_reason
    )
    first_post = not db.session.scalar(select(Post.id).where(Post.person_id == person.id).limit(1))
    post = Post(
        title=title.strip(),
        band=band,
        directorate=_directorate(directorate),
        organisation_id=organisation.id,
        start_date=start_date,
        end_date=end_date,
        reports_to=reports_to,
    )
    post.person_id = person.id
    db.session.add(post)
    db.session.flush()
    if first_post:
        programme_services.assign_induction([person.id])
    insight_services.recount_workforce([organisation.id])
    return post


def fill_post(
    post: Post,
    person: Person,
    *,
    start_date: date,
    end_date: date | None = None,
    principal=None,
    override_reason: str | None = None,
) -> Post:
    """Put ``person`` into a vacant post (a board post filled by appointment), with the same
    prerequisite check as any other way into a post.

    :raises RuleViolation: for a post that is not vacant, dates out of order, or a person who
        does not meet the prerequisites for the post's band on the start date.
    """
    refuse_own_record(getattr(principal, "person_id", None), person.id, doing="fill a post")
    if post.person_id is not None:
        raise RuleViolation(f"{post.title} is already held by someone", field="post_id")
    if end_date is not None and end_date < start_date:
        raise RuleViolation("End date must be the same as or after the start date", field="end_date")
    programme_services.require_eligibility(
        person, post.band, start_date, principal=principal, override_reason=override_reason
    )
    post.person_id = person.id
    post.start_date = start_date
    post.end_date = end_date
    db.session.flush()
    insight_services.recount_workforce([post.organisation_id])
    return post


def vacate_post(post: Post, *, last_day: date) -> Post:
    """The holder leaves on ``last_day``: their post ends, and a vacant post with the same
    title, band and reporting line opens the day after, ready to be advertised."""
    post.end_date = max(last_day, post.start_date)
    vacant = Post(
        title=post.title,
        band=post.band,
        directorate=post.directorate,
        organisation_id=post.organisation_id,
        start_date=post.end_date + timedelta(days=1),
        reports_to_post_id=post.reports_to_post_id,
    )
    db.session.add(vacant)
    db.session.flush()
    insight_services.recount_workforce([post.organisation_id])
    return vacant


def remind_posts_ending(today: date, *, until: date) -> dict:
    """Tell each organisation's HR admins about filled posts ending between today and ``until``.

    Each post's reminder is claimed before anyone is notified, so running this twice, or in two
    schedulers at once, notifies once per post and end date.
    """
    posts = db.session.scalars(
        select(Post)
        .where(Post.person_id.is_not(None), Post.end_date >= today, Post.end_date <= until)
        .options(joinedload(Post.holder), joinedload(Post.organisation))
        .order_by(Post.end_date, Post.id)
    ).all()
    organisation_ids = {post.organisation_id for post in posts}
    hr_admins = role_holders(Role.HR_ADMIN, organisation_ids=organisation_ids)
    counts = {"posts": len(posts), "reminded": 0, "already_reminded": 0}
    for post in posts:
        if not claim_reminder("post_ending", post, post.end_date):
            counts["already_reminded"] += 1
            continue
        for account in hr_admins.get(post.organisation_id, []):
            notify(
                account,
                kind="post_ending",
                title=f"{post.title} post ends on {nhs_date(post.end_date)}",
                body=(
                    f"{post.holder.full_name}'s post as {post.title} at {post.organisation.display_name} "
                    f"ends on {nhs_date(post.end_date)}. Check whether it is being extended or filled."
                ),
                link=link_to("people.view_person", person_id=post.person_id),
            )
        counts["reminded"] += 1
    return counts
