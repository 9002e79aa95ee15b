from pathlib import Path

import click
from flask.cli import AppGroup

from talent.cli_helpers import committing_progress, echo_report
from talent.extensions import db
from talent.people import services as people_services

people_cli = AppGroup("people", help="People, posts and reporting lines.")


@people_cli.command("import-staff")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def import_staff_command(file: Path):
    """Load staff from an ESR-style CSV with a header row.

    Columns: employee_number, given_name, family_name, email, organisation_code, post_title,
    band, manager_employee_number (blank for none); optionally professional_group,
    start_date (YYYY-MM-DD) and directorate (a file without it leaves directorates as they
    are). Bad rows are listed with row number, field and reason and are not
    loaded. Exits with status 1 if any row had an error.
    """
    header, rows = people_services.read_staff_file(file)
    with click.progressbar(length=len(rows), label="Importing staff") as bar:
        report = people_services.import_staff(header, rows, progress=committing_progress(bar))
    db.session.commit()
    echo_report(report)
    if report.errors:
        raise SystemExit(1)
