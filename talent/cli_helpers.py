"""Helpers shared by the ``flask`` sub-commands: progress bars and import reports."""

from pathlib import Path

import click
from sqlalchemy import text

from talent.extensions import db
from talent.imports import ImportFileError, ImportReport, write_report_file

#: Problems listed in full before the rest are summarised.
SHOWN_PROBLEMS = 50


def committing_progress(bar):
    """A progress callback that commits each batch, so a long import keeps what it has done."""

    def on_batch(count: int) -> None:
        db.session.commit()
        bar.update(count)

    return on_batch


def echo_report(report: ImportReport) -> None:
    for title, problems in (("Skipped", report.skipped), ("Errors", report.errors)):
        if not problems:
            continue
        click.echo(f"{title}:")
        for problem in problems[:SHOWN_PROBLEMS]:
            click.echo(f"  {problem}")
        if len(problems) > SHOWN_PROBLEMS:
            click.echo(f"  ... and {len(problems) - SHOWN_PROBLEMS} more")
    click.echo(report.summary())


def import_options(command):
    """The options every import command takes: ``--report FILE`` and ``--skip-bad-rows``."""
    command = click.option(
        "--skip-bad-rows",
        is_flag=True,
        help="Load the good rows even if some are bad (by default a file with any bad row loads nothing).",
    )(command)
    return click.option(
        "--report",
        "report_file",
        type=click.Path(dir_okay=False, writable=True, path_type=Path),
        help="Write every rejected or skipped row, with its reason, to this CSV file.",
    )(command)


def read_or_exit(read, *args, **kwargs):
    """Read (or import) a file, or say why it cannot be read and exit with status 1, having
    rolled back anything written: a streamed file can turn out unreadable half-way through."""
    try:
        with db.session.begin_nested():
            return read(*args, **kwargs)
    except ImportFileError as error:
        click.echo(f"Nothing was imported: {error}", err=True)
        raise SystemExit(1) from None


def count_lines(path: Path) -> int:
    """Lines in a file after the header, for a progress bar (a quoted field may span lines)."""
    lines = 0
    with path.open("rb") as handle:
        while chunk := handle.read(1 << 20):
            lines += chunk.count(b"\n")
    return max(lines - 1, 1)


def refresh_planner_statistics() -> None:
    """ANALYZE after a bulk load: PostgreSQL here runs without autovacuum, so without it the
    planner keeps the row counts of an empty database and picks plans for one (SQLite's ANALYZE
    likewise fills sqlite_stat1)."""
    db.session.execute(text("ANALYZE"))
    db.session.commit()


def finish_import(report: ImportReport, *, report_file: Path | None, skip_bad_rows: bool) -> None:
    """Commit, refresh the planner's statistics if rows were written, show the report (and write
    it in full if asked) and exit 1 if any row was bad."""
    db.session.commit()
    if report.inserted or report.updated:
        refresh_planner_statistics()
    echo_report(report)
    if report_file is not None:
        write_report_file(report_file, report)
        click.echo(f"Every rejected and skipped row is listed in {report_file}")
    if report.errors:
        if not skip_bad_rows:
            click.echo("Nothing was imported: correct the rows listed, or use --skip-bad-rows to load the others.")
        raise SystemExit(1)
