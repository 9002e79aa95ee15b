import click
from flask import current_app
from flask.cli import with_appcontext

from config import DEFAULT_DEMO_PASSWORD
from talent.cli_helpers import committing_progress, refresh_planner_statistics
from talent.demo import services as demo_services
from talent.errors import RuleViolation
from talent.extensions import db


@click.command("demo-data")
@click.option(
    "--size",
    type=click.Choice(list(demo_services.SIZES)),
    default="small",
    show_default=True,
    help=(
        "small: 8 trusts with 40 people each; region: every North West trust with 400; "
        "national: every trust, about 1.4M people"
    ),
)
@click.option("--if-empty", is_flag=True, help="Only load if the database has no people yet (used by make run).")
@with_appcontext
def demo_data(size: str, if_empty: bool):
    """Load invented demo people, posts, segments and accounts onto the real ODS trust list.

    Safe to run again: what is already there is kept. Demo accounts sign in with the password
    in TALENT_DEMO_PASSWORD.
    """
    if if_empty and demo_services.has_people():
        click.echo("The database already has people; demo data not loaded.")
        _echo_sign_ins()
        return
    total = demo_services.count_organisations_to_staff(size)
    try:
        with click.progressbar(length=total, label=f"Loading {size} demo data") as bar:
            added = demo_services.load_demo_data(size, progress=committing_progress(bar))
    except RuleViolation as error:
        raise click.ClickException(f"demo accounts: {error.message}") from None
    db.session.commit()
    if any(added.values()):
        refresh_planner_statistics()
    click.echo(", ".join(f"{count} {what} added" for what, count in added.items()))
    _echo_sign_ins()


def _echo_sign_ins() -> None:
    if not demo_services.has_demo_accounts():
        return
    click.echo("Demo accounts (password from TALENT_DEMO_PASSWORD, default in README):")
    for local_part, role, *_ in demo_services.DEMO_ACCOUNTS:
        label = role.label if role else ("Line manager of staff@demo.nhs.uk" if local_part == "manager" else "Staff")
        click.echo(f"  {demo_services.demo_email(local_part):32} {label}")
    if current_app.config["DEMO_PASSWORD"] == DEFAULT_DEMO_PASSWORD:
        click.echo(f"  password: {DEFAULT_DEMO_PASSWORD}")
