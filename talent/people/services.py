"""People and posts: the ESR-style staff import and changes HR makes to posts."""

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from flask import current_app
from sqlalchemy import bindparam, select, update
from sqlalchemy.orm import joinedload

from talent.auth.models import Role
from talent.auth.policy import refuse_own_record
from talent.auth.queries import role_holders
from talent.dates import nhs_date
from talent.errors import Conflict, RuleViolation
from talent.extensions import db
from talent.imports import (
    ImportReport,
    RowProblem,
    batched,
    column_limits,
    date_problem,
    read_csv_file,
    reporting_cycles,
    text_problems,
)
from talent.jobs.services import claim_reminder
from talent.notifications.services import link_to, notify
from talent.orgs.models import Organisation
from talent.people.models import Band, Person, Post, ProfessionalGroup
from talent.people.queries import current_post_filter
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


@dataclass
class StaffRow:
    row: int
    employee_number: str
    given_name: str
    family_name: str
    email: str
    organisation_id: int
    post_title: str
    band: Band
    manager_employee_number: str | None
    professional_group: ProfessionalGroup | None
    start_date: date
    #: None when the file has no directorate column (existing posts keep theirs); "" to clear.
    directorate: str | None = None


def _parse_group(text: str) -> ProfessionalGroup:
    cleaned = text.strip().lower()
    for group in ProfessionalGroup:
        if cleaned in (group.value, group.label.lower()):
            return group
    raise ValueError(f"'{text}' is not an ESR staff group")


def read_staff_file(path: Path) -> tuple[list[str], list[list[str]]]:
    """The header (lower case) and the rows of a staff file.

    :raises ImportFileError: if the file cannot be read (see :func:`talent.imports.read_csv_file`).
    """
    rows = read_csv_file(path)
    return [name.strip().lower() for name in rows[0]], rows[1:]


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


def validate_staff_rows(header: list[str], rows: list[list[str]], today: date, report: ImportReport) -> list[StaffRow]:
    """Check every row; return the good ones, putting each problem in ``report.errors``.

    Row numbers count the header as row 1, as a spreadsheet shows them.
    """
    missing = [name for name in STAFF_COLUMNS if name not in header]
    if missing:
        report.errors.append(RowProblem(1, "header", f"missing column(s): {', '.join(missing)}"))
        return []
    index = {name: header.index(name) for name in (*STAFF_COLUMNS, *OPTIONAL_STAFF_COLUMNS) if name in header}
    codes = {row[index["organisation_code"]].strip().upper() for row in rows if len(row) > index["organisation_code"]}
    organisations = dict(
        db.session.execute(select(Organisation.ods_code, Organisation.id).where(Organisation.ods_code.in_(codes))).all()
    )

    candidates: list[StaffRow] = []
    seen_numbers: set[str] = set()
    seen_emails: set[str] = set()
    for number, row in enumerate(rows, start=2):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) < len(header):
            report.errors.append(RowProblem(number, "row", f"has {len(row)} fields; the header has {len(header)}"))
            continue
        value = {name: row[position].strip() for name, position in index.items()}
        problems = text_problems(value, STAFF_FIELD_LIMITS)
        if problems:
            report.errors.extend(RowProblem(number, field, reason) for field, reason in problems)
            continue
        problems, parsed = _check_staff_row(value, organisations, seen_numbers, seen_emails, today)
        if problems:
            report.errors.extend(RowProblem(number, field, reason) for field, reason in problems)
            continue
        seen_numbers.add(parsed["employee_number"])
        seen_emails.add(parsed["email"])
        candidates.append(StaffRow(row=number, **parsed))
    return _check_against_database(_refuse_reporting_cycles(candidates, report), report)


def _refuse_reporting_cycles(candidates: list[StaffRow], report: ImportReport) -> list[StaffRow]:
    """Refuse rows whose managers lead back to themselves: nobody could ever be the top."""
    cycles = reporting_cycles({row.employee_number: row.manager_employee_number for row in candidates})
    for row in candidates:
        if row.employee_number in cycles:
            chain = " → ".join([*cycles[row.employee_number], row.employee_number])
            report.errors.append(RowProblem(row.row, "manager_employee_number", f"makes a reporting cycle: {chain}"))
    return [row for row in candidates if row.employee_number not in cycles]


def _check_staff_row(value: dict, organisations: dict, seen_numbers: set, seen_emails: set, today: date):
    """Check one row's fields on their own; return (problems, parsed values)."""
    problems = [(name, "is empty") for name in REQUIRED_STAFF_FIELDS if not value[name]]
    employee_number, email = value["employee_number"], value["email"].lower()
    if employee_number and employee_number in seen_numbers:
        problems.append(("employee_number", f"'{employee_number}' appears more than once in the file"))
    if email and not EMAIL_PATTERN.match(email):
        problems.append(("email", f"'{value['email']}' is not an email address"))
    elif email and email in seen_emails:
        problems.append(("email", f"'{email}' appears more than once in the file"))
    organisation_id = organisations.get(value["organisation_code"].upper())
    if value["organisation_code"] and organisation_id is None:
        problems.append(("organisation_code", f"'{value['organisation_code']}' is not a known organisation"))
    parsers = {
        "band": (Band.parse, None),
        "professional_group": (_parse_group, None),
        "start_date": (date.fromisoformat, today),
    }
    parsed_values = {}
    for name, (parse, default) in parsers.items():
        text = value.get(name, "")
        parsed_values[name] = default
        if not text:
            continue
        try:
            parsed_values[name] = parse(text)
        except ValueError as error:
            reason = f"'{text}' is not a date in YYYY-MM-DD form" if name == "start_date" else str(error)
            problems.append((name, reason))
    out_of_range = date_problem(parsed_values["start_date"])
    if out_of_range:
        problems.append(("start_date", out_of_range))
    manager = value["manager_employee_number"] or None
    if manager and manager == employee_number:
        problems.append(("manager_employee_number", "a person cannot be their own manager"))
    directorate = value.get("directorate")
    if directorate and len(directorate) > DIRECTORATE_LENGTH:
        problems.append(("directorate", f"is longer than {DIRECTORATE_LENGTH} characters"))
    parsed = {
        "employee_number": employee_number,
        "given_name": value["given_name"],
        "family_name": value["family_name"],
        "email": email,
        "organisation_id": organisation_id,
        "post_title": value["post_title"],
        "band": parsed_values["band"],
        "manager_employee_number": manager,
        "professional_group": parsed_values["professional_group"],
        "start_date": parsed_values["start_date"],
        "directorate": directorate,
    }
    return problems, parsed


def _check_against_database(candidates: list[StaffRow], report: ImportReport) -> list[StaffRow]:
    """Refuse rows whose email belongs to someone else, or whose manager is nowhere to be found."""
    emails_in_use: dict[str, str | None] = {}
    known_numbers: set[str] = set()
    for batch in batched(candidates, 1000):
        emails_in_use.update(
            db.session.execute(
                select(Person.work_email, Person.employee_number).where(Person.work_email.in_([r.email for r in batch]))
            ).all()
        )
        managers = {r.manager_employee_number for r in batch if r.manager_employee_number}
        known_numbers.update(
            db.session.scalars(select(Person.employee_number).where(Person.employee_number.in_(managers)))
        )
    known_numbers |= {r.employee_number for r in candidates}
    good = []
    for row in candidates:
        owner = emails_in_use.get(row.email, row.employee_number)
        if owner != row.employee_number:
            report.errors.append(RowProblem(row.row, "email", f"'{row.email}' already belongs to another person"))
        elif row.manager_employee_number and row.manager_employee_number not in known_numbers:
            report.errors.append(
                RowProblem(
                    row.row, "manager_employee_number", f"'{row.manager_employee_number}' is not a known employee"
                )
            )
        else:
            good.append(row)
    return good


def _check_prerequisites(rows: list[StaffRow], report: ImportReport) -> list[StaffRow]:
    """Refuse rows that would put someone into a post, or a more senior band, whose
    prerequisites they do not meet on the row's start date. The import has no override:
    a system admin or the appointments team records those appointments one by one."""
    existing = dict(
        db.session.execute(
            select(Person.employee_number, Person.id).where(
                Person.employee_number.in_([r.employee_number for r in rows])
            )
        ).all()
    )
    current = {
        (post.person_id, post.organisation_id): post.band
        for post in db.session.scalars(
            select(Post).where(Post.person_id.in_(existing.values()), Post.end_date.is_(None))
        )
    }
    moves = []
    for row in rows:
        person_id = existing.get(row.employee_number)
        band_now = current.get((person_id, row.organisation_id)) if person_id else None
        if band_now is None or row.band.rank > band_now.rank:
            moves.append((row, person_id))
    if not moves:
        return rows
    # A person who is not on the system yet has completed nothing (id 0 matches no one).
    results = programme_services.check_eligibility_for_many(
        [(person_id or 0, row.band, row.start_date) for row, person_id in moves]
    )
    refused = set()
    for (row, _), result in zip(moves, results, strict=True):
        if not result.eligible:
            refused.add(row.row)
            report.errors.append(RowProblem(row.row, "band", f"prerequisites not met: {result.summary()}"))
    return [row for row in rows if row.row not in refused]


def import_staff(
    header: list[str],
    rows: list[list[str]],
    *,
    today: date | None = None,
    progress: Callable[[int], None] | None = None,
    skip_bad_rows: bool = False,
) -> ImportReport:
    """Load an ESR-style staff file: people by employee number, their current post, and managers.

    Every row is validated before anything is written, against the same limits as the columns
    it goes to. If any row is bad, nothing is written and every bad row is reported, unless
    ``skip_bad_rows`` asks for the good rows to be loaded anyway. Good rows are upserted so that
    a second run changes nothing. A person's post in the named
    organisation is updated in place; reporting lines are set once all people are loaded, so a
    manager may appear after their staff in the file.

    :param progress: called with a row count after each batch (the CLI commits there).
    """
    today = today or date.today()
    report = ImportReport()
    good = _check_prerequisites(validate_staff_rows(header, rows, today, report), report)
    if report.errors and not skip_bad_rows:
        return report
    size = current_app.config["IMPORT_BATCH_SIZE"]
    inserted: set[str] = set()
    changed: set[str] = set()
    for batch in batched(good, size):
        changed |= _upsert_people_and_posts(batch, inserted)
        if progress:
            progress(len(batch))
    for batch in batched([r for r in good if r.manager_employee_number], size):
        changed |= _link_managers(batch, today)
    new_joiners = db.session.scalars(select(Person.id).where(Person.employee_number.in_(inserted)))
    programme_services.assign_induction(list(new_joiners))
    # Reporting lines were written with a bulk UPDATE; make loaded posts read them afresh.
    db.session.expire_all()
    report.inserted = len(inserted)
    report.updated = len(changed - inserted)
    report.unchanged = len(good) - report.inserted - report.updated
    return report


def _upsert_people_and_posts(batch: list[StaffRow], inserted: set[str]) -> set[str]:
    """Upsert one batch; add new employee numbers to ``inserted`` and return those that changed."""
    changed: set[str] = set()
    numbers = [row.employee_number for row in batch]
    people = {
        p.employee_number: p for p in db.session.scalars(select(Person).where(Person.employee_number.in_(numbers)))
    }
    for row in batch:
        person = people.get(row.employee_number)
        values = {
            "given_name": row.given_name,
            "family_name": row.family_name,
            "work_email": row.email,
            "organisation_id": row.organisation_id,
        }
        if row.professional_group:
            values["professional_group"] = row.professional_group
        if person is None:
            person = Person(employee_number=row.employee_number, **values)
            db.session.add(person)
            people[row.employee_number] = person
            inserted.add(row.employee_number)
        elif _apply(person, values):
            changed.add(row.employee_number)
    db.session.flush()

    person_ids = [people[n].id for n in numbers]
    open_posts = {
        (post.person_id, post.organisation_id): post
        for post in db.session.scalars(select(Post).where(Post.person_id.in_(person_ids), Post.end_date.is_(None)))
    }
    for row in batch:
        person = people[row.employee_number]
        post = open_posts.get((person.id, row.organisation_id))
        if post is None:
            post = Post(
                title=row.post_title, band=row.band, organisation_id=row.organisation_id, start_date=row.start_date
            )
            post.person_id = person.id
            db.session.add(post)
            changed.add(row.employee_number)
            post.directorate = row.directorate or None
        else:
            changes = {"title": row.post_title, "band": row.band}
            if row.directorate is not None:
                changes["directorate"] = row.directorate or None
            if _apply(post, changes):
                changed.add(row.employee_number)
    db.session.flush()
    return changed


def _link_managers(batch: list[StaffRow], today: date) -> set[str]:
    numbers = {row.employee_number for row in batch} | {row.manager_employee_number for row in batch}
    people = dict(
        db.session.execute(select(Person.employee_number, Person.id).where(Person.employee_number.in_(numbers))).all()
    )
    posts_by_person: dict[int, list[Post]] = {}
    for post in db.session.scalars(
        select(Post)
        .where(Post.person_id.in_(people.values()), current_post_filter(Post, today))
        .order_by(Post.start_date.desc())
    ):
        posts_by_person.setdefault(post.person_id, []).append(post)
    changed = set()
    links = []
    for row in batch:
        own = next(
            (
                p
                for p in posts_by_person.get(people[row.employee_number], [])
                if p.organisation_id == row.organisation_id
            ),
            None,
        )
        manager_posts = posts_by_person.get(people[row.manager_employee_number], [])
        # Prefer the manager's post in the same organisation, as ESR records line management there.
        manager_post = next((p for p in manager_posts if p.organisation_id == row.organisation_id), None)
        manager_post = manager_post or (manager_posts[0] if manager_posts else None)
        if own is not None and manager_post is not None and own.reports_to_post_id != manager_post.id:
            links.append({"post_id": own.id, "manager_post_id": manager_post.id})
            changed.add(row.employee_number)
    if links:
        # One executemany UPDATE, not one ORM flush per row; the version still moves on, so an
        # HR form opened before the import is told the post changed.
        posts = Post.__table__
        db.session.execute(
            update(posts)
            .where(posts.c.id == bindparam("post_id"))
            .values(reports_to_post_id=bindparam("manager_post_id"), version=posts.c.version + 1),
            links,
        )
    return changed


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
