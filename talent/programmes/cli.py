import click
from flask.cli import AppGroup

from talent.extensions import db
from talent.programmes import services as programme_services

programmes_cli = AppGroup("programmes", help="Programmes, cohorts and prerequisites.")


@programmes_cli.command("seed")
def seed_command():
    """Add the national programmes and starting accredited courses that are not there yet,
    mapped to the management standards in use (run `flask standards seed` first); safe to
    run again."""
    added = programme_services.seed_programmes()
    db.session.commit()
    click.echo(f"{added} programmes added")
