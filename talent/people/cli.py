from pathlib import Path

import click
from flask.cli import AppGroup

from talent.cli_helpers import count_lines, finish_import, import_options, read_or_exit
from talent.people import services as people_services

people_cli = AppGroup("people", help="People, posts and reporting lines.")


@people_cli.command("import-staff")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@import_options
def import_staff_command(file: Path, report_file: Path | None, skip_bad_rows: bool):
    """Load staff from an ESR-style CSV with a header row.

    Columns: employee_number, given_name, family_name, email, organisation_code, post_title,
    band, manager_employee_number (blank for none); optionally professional_group,
    start_date (YYYY-MM-DD) and directorate (a file without it leaves directorates as they
    are). The file must be UTF-8 (Excel: "CSV UTF-8"). Every row is checked before anything is
    written; if any is bad, nothing is loaded and each bad row is listed with its row number,
    field and reason (all of them with --report). Exits with status 1 if any row had an error.
    The file is read a batch at a time, so a national file of a million rows loads in the same
    memory as a small one; the load is one transaction.
    """
    header, rows = read_or_exit(people_services.read_staff_file, file)
    # Each row is counted twice: once checked, once loaded.
    with click.progressbar(length=2 * count_lines(file), label="Importing staff") as bar:
        report = read_or_exit(
            people_services.import_staff, header, rows, progress=bar.update, skip_bad_rows=skip_bad_rows
        )
    finish_import(report, report_file=report_file, skip_bad_rows=skip_bad_rows)
