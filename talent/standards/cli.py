import click
from flask.cli import AppGroup

from talent.extensions import db
from talent.standards import services as standard_services

standards_cli = AppGroup("standards", help="Leadership and management standards.")


@standards_cli.command("seed")
def seed_command():
    """Add the built-in frameworks (LCF, Healthcare Leadership Model, management standards)
    that are not there yet; safe to run again."""
    added = standard_services.seed_frameworks()
    db.session.commit()
    click.echo(f"{added} frameworks added")
