"""Helpers shared by the ``flask`` sub-commands: progress bars and import reports."""

import click

from talent.extensions import db
from talent.imports import ImportReport

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
