"""The ESR-style staff import: people, posts and managers, with a per-row error report."""

from datetime import date

from click.testing import CliRunner

from talent.people import services as people_services
from tests.factories import create_organisation

HEADER = "employee_number,given_name,family_name,email,organisation_code,post_title,band,manager_employee_number"
TODAY = date(2026, 11, 22)


def run(text: str, **options):
    lines = [line.split(",") for line in text.strip().splitlines()]
    header = [name.strip().lower() for name in lines[0]]
    return people_services.import_staff(header, lines[1:], today=TODAY, **options)


def staff_csv(code: str, *rows: str) -> str:
    return "\n".join([HEADER, *(row.replace("{org}", code) for row in rows)])


def test_the_command_shows_a_progress_bar_and_the_report(app, db_session, tmp_path):
    create_organisation(ods_code="RZE")
    path = tmp_path / "staff.csv"
    path.write_text(staff_csv("RZE", "5001,Ewan,Reid,ewan.reid@nhs.net,{org},Porter,2,") + "\n")
    result = CliRunner().invoke(app.cli, ["people", "import-staff", str(path)], catch_exceptions=False)
    assert result.exit_code == 0
    assert "Importing staff" in result.output
    assert "1 added, 0 updated, 0 unchanged, 0 skipped, 0 with errors" in result.output
