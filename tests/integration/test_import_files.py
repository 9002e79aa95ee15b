"""Imports never half-write or crash: unreadable files, over-long values, NUL characters, dates
out of range and reporting cycles are all found before anything is written, the same way on
SQLite and PostgreSQL, and every rejected row can be written to a report file."""

import csv

import pytest
from click.testing import CliRunner
from sqlalchemy import func, select, text

from talent.extensions import db
from talent.orgs.models import Organisation
from talent.people.models import Person
from tests.factories import create_organisation
from tests.integration.test_staff_import import HEADER

COMMANDS = {"staff": ["people", "import-staff"], "ods": ["orgs", "import-ods"]}


def invoke(app, kind, path, *options):
    return CliRunner().invoke(app.cli, [*COMMANDS[kind], str(path), *options], catch_exceptions=False)


def counts():
    return (
        db.session.scalar(select(func.count()).select_from(Person)),
        db.session.scalar(select(func.count()).select_from(Organisation)),
    )


def staff_row(number: int, code: str = "RZA", given="Amara") -> str:
    return f"{number},{given},Okafor,person{number}@nhs.net,{code},Staff nurse,5,"


UNREADABLE = {
    "latin-1": (f"{HEADER}\n1,Zoë,Okafor,zoe@nhs.net,RZA,Nurse,5,\n".encode("latin-1"), "not UTF-8 text"),
    "UTF-16": (f"{HEADER}\n1,Ama,Okafor,ama@nhs.net,RZA,Nurse,5,\n".encode("utf-16"), "UTF-16"),
    "binary": (bytes(range(256)) * 4, "NUL bytes"),
    "empty": (b"   \n", "The file is empty"),
    "huge field": (f"{HEADER}\n1,{'A' * 140_000},Okafor,a@nhs.net,RZA,Nurse,5,\n".encode(), "cannot be read as CSV"),
}


@pytest.mark.parametrize("kind", ["staff", "ods"])
@pytest.mark.parametrize("problem", sorted(UNREADABLE))
def test_a_file_that_cannot_be_read_is_refused_whole_without_a_traceback(app, db_session, tmp_path, kind, problem):
    create_organisation(ods_code="RZA")
    data, message = UNREADABLE[problem]
    path = tmp_path / "file.csv"
    path.write_bytes(data)
    before = counts()
    result = invoke(app, kind, path)
    assert result.exit_code == 1
    assert "Nothing was imported" in result.output
    assert message in result.output
    assert "Traceback" not in result.output
    assert counts() == before


def test_one_over_long_value_at_the_end_of_a_long_file_writes_nothing_and_names_the_row(app, db_session, tmp_path):
    """1,501 rows with a bad one last: earlier batches used to be committed before the database
    refused it (PostgreSQL) or stored it whole (SQLite)."""
    create_organisation(ods_code="RZA")
    rows = [staff_row(n) for n in range(1, 1501)] + [staff_row(1501, given="A" * 101)]
    path = tmp_path / "staff.csv"
    path.write_text("\n".join([HEADER, *rows]) + "\n")
    before = counts()
    result = invoke(app, "staff", path)
    assert result.exit_code == 1
    assert "row 1502: given_name: is longer than 100 characters" in result.output
    assert "Nothing was imported" in result.output
    assert counts() == before
    loaded = invoke(app, "staff", path, "--skip-bad-rows")
    assert "1500 added" in loaded.output
    assert counts()[0] == before[0] + 1500


def test_dates_out_of_range_and_reporting_cycles_are_row_errors(app, db_session, tmp_path):
    create_organisation(ods_code="RZA")
    header = HEADER + ",start_date"
    lines = [
        header,
        "1,Ada,One,ada@nhs.net,RZA,Nurse,5,2,2024-04-01",
        "2,Bo,Two,bo@nhs.net,RZA,Nurse,5,3,2024-04-01",
        "3,Cy,Three,cy@nhs.net,RZA,Nurse,5,1,2024-04-01",
        "4,Di,Four,di@nhs.net,RZA,Nurse,5,,0202-04-01",
        "5,Ed,Five,ed@nhs.net,RZA,Nurse,5,,2024-04-01",
    ]
    path = tmp_path / "staff.csv"
    path.write_text("\n".join(lines) + "\n")
    result = invoke(app, "staff", path)
    assert result.exit_code == 1
    assert "row 2: manager_employee_number: makes a reporting cycle: 1 → 2 → 3 → 1" in result.output
    assert "row 3: manager_employee_number: makes a reporting cycle" in result.output
    assert "row 5: start_date: 0202-04-01 is not between 1900 and 2100" in result.output
    assert "row 6" not in result.output


def test_every_rejected_row_goes_to_the_report_file(app, db_session, tmp_path):
    create_organisation(ods_code="RZA")
    rows = [staff_row(n, code="XXX") for n in range(1, 81)]
    path, report = tmp_path / "staff.csv", tmp_path / "rejected.csv"
    path.write_text("\n".join([HEADER, *rows]) + "\n")
    result = invoke(app, "staff", path, "--report", str(report))
    assert "... and 30 more" in result.output
    with report.open() as handle:
        lines = list(csv.DictReader(handle))
    assert len(lines) == 80
    assert lines[0] == {
        "row": "2",
        "field": "organisation_code",
        "reason": "'XXX' is not a known organisation",
        "outcome": "rejected",
    }


def test_an_ods_row_with_an_over_long_name_is_refused_before_writing(app, db_session, tmp_path):
    good = ["RZZ1", "GOOD TEST NHS TRUST", "Y56", "QMJ", "", "", "", "", "", "", "20200101", ""]
    long = ["RZZ2", "X" * 201, "Y56", "QMJ", "", "", "", "", "", "", "20200101", ""]
    path = tmp_path / "etr.csv"
    with path.open("w", newline="") as handle:
        csv.writer(handle).writerows([good, long])
    before = counts()
    result = invoke(app, "ods", path)
    assert result.exit_code == 1
    assert "row 2: name: is longer than 200 characters" in result.output
    assert counts() == before


def _planner_has_statistics_for(table: str) -> bool:
    if db.engine.dialect.name == "postgresql":
        query = "SELECT count(*) FROM pg_stats WHERE schemaname = current_schema() AND tablename = :table"
    else:
        exists = db.session.scalar(text("SELECT count(*) FROM sqlite_master WHERE name = 'sqlite_stat1'"))
        if not exists:
            return False
        query = "SELECT count(*) FROM sqlite_stat1 WHERE tbl = :table"
    return bool(db.session.scalar(text(query), {"table": table}))


def test_a_staff_import_refreshes_the_planners_statistics(app, db_session, tmp_path):
    """Without ANALYZE after a bulk load (this machine's PostgreSQL runs no autovacuum) the
    planner still thinks the tables are empty."""
    create_organisation(ods_code="RZA")
    path = tmp_path / "staff.csv"
    path.write_text(HEADER + "\n" + "\n".join(staff_row(n) for n in range(1, 30)) + "\n")
    assert not _planner_has_statistics_for("people")
    result = invoke(app, "staff", path)
    assert result.exit_code == 0, result.output
    assert _planner_has_statistics_for("people")


def test_a_line_that_cannot_be_read_far_into_a_file_writes_nothing(app, db_session, tmp_path):
    """The file is read as it is loaded, so the 1,502nd line is only met after earlier rows were
    staged: the whole load is rolled back and the line named."""
    create_organisation(ods_code="RZA")
    rows = [staff_row(n) for n in range(1, 1501)]
    path = tmp_path / "staff.csv"
    path.write_bytes(
        ("\n".join([HEADER, *rows]) + "\n").encode() + "1501,Zoë,Okafor,z@nhs.net,RZA,Nurse,5,\n".encode("latin-1")
    )
    before = counts()
    result = invoke(app, "staff", path)
    assert result.exit_code == 1
    assert "Nothing was imported: The file is not UTF-8 text (line 1502 cannot be read)" in result.output
    assert counts() == before
