from pathlib import Path

import click
from flask.cli import AppGroup

from talent.cli_helpers import count_lines, finish_import, import_options, read_or_exit
from talent.errors import RuleViolation
from talent.extensions import db
from talent.orgs import queries as org_queries
from talent.orgs import services as org_services
from talent.transactions import service_call

orgs_cli = AppGroup("orgs", help="Organisations and their oversight segments.")

GRID_FILE_NAME = "trust-hq-postcodes-bng.csv"


@orgs_cli.command("import-ods")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--grid-references",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help=f"postcode,easting,northing file for HQ grid references (default: {GRID_FILE_NAME} beside FILE, if there)",
)
@import_options
def import_ods_command(file: Path, grid_references: Path | None, report_file: Path | None, skip_bad_rows: bool):
    """Load NHS trusts from an ODS etr.csv file; re-running it changes nothing.

    Rows outside England are skipped and listed. Every row is checked before anything is
    written; if any is bad, nothing is loaded and each bad row is listed with its row number
    (all of them with --report). Exits with status 1 if any row had an error.
    """
    if grid_references is None and (file.parent / GRID_FILE_NAME).exists():
        grid_references = file.parent / GRID_FILE_NAME
    grid = read_or_exit(org_services.read_grid_references, grid_references) if grid_references else {}
    with click.progressbar(length=count_lines(file), label="Importing organisations") as bar:
        # Read a line at a time, twice (checked, then loaded); one transaction, so a file that
        # cannot be read part-way leaves nothing behind.
        report = read_or_exit(
            org_services.import_ods,
            org_services.read_ods_file(file),
            grid=grid,
            progress=bar.update,
            skip_bad_rows=skip_bad_rows,
        )
    finish_import(report, report_file=report_file, skip_bad_rows=skip_bad_rows)


@orgs_cli.command("record-segment")
@click.argument("ods_code")
@click.argument("segment", type=click.IntRange(1, 5))
@click.option("--from", "effective_from", type=click.DateTime(["%Y-%m-%d"]), required=True, help="YYYY-MM-DD")
@click.option("--framework", "framework_version", default="NOF 2025/26", show_default=True)
def record_segment_command(ods_code: str, segment: int, effective_from, framework_version: str):
    """Record an oversight segment (1 to 5) for the organisation with ODS_CODE."""
    organisation = org_queries.get_organisation_by_code(ods_code.upper())
    if organisation is None:
        raise click.BadParameter(f"no organisation with ODS code {ods_code}", param_hint="ODS_CODE")
    try:
        with service_call():
            org_services.record_segment(
                organisation, segment=segment, effective_from=effective_from.date(), framework_version=framework_version
            )
    except RuleViolation as error:
        raise click.ClickException(error.message) from None
    db.session.commit()
    click.echo(f"{organisation.display_name}: segment {segment} from {effective_from:%d %B %Y}")


@orgs_cli.command("recovery-support")
@click.argument("ods_code")
@click.argument("state", type=click.Choice(["on", "off"]))
def recovery_support_command(ods_code: str, state: str):
    """Record whether the organisation with ODS_CODE is in the Recovery Support Programme."""
    organisation = org_queries.get_organisation_by_code(ods_code.upper())
    if organisation is None:
        raise click.BadParameter(f"no organisation with ODS code {ods_code}", param_hint="ODS_CODE")
    org_services.set_recovery_support(organisation, state == "on")
    db.session.commit()
    click.echo(f"{organisation.display_name}: Recovery Support Programme {state}")
