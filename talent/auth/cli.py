import click
from flask.cli import AppGroup
from sqlalchemy import select

from talent.auth import services as auth_services
from talent.auth.models import Account, Role
from talent.errors import RuleViolation
from talent.extensions import db
from talent.orgs.models import Organisation, Region
from talent.people.models import Person
from talent.transactions import service_call

accounts_cli = AppGroup("accounts", help="Sign-in accounts and their roles.")

GIVEN_ROLES = [role.value for role in Role if not role.is_derived]


@accounts_cli.command("create")
@click.argument("email")
@click.option("--password", prompt=True, hide_input=True, confirmation_prompt=True)
@click.option("--person-email", help="Link the account to the person with this work email")
def create_account_command(email: str, password: str, person_email: str | None):
    """Create a sign-in account for EMAIL."""
    person = None
    if person_email:
        person = db.session.scalar(select(Person).where(Person.work_email == person_email.lower()))
        if person is None:
            raise click.BadParameter(f"no person with work email {person_email}", param_hint="--person-email")
    try:
        with service_call():
            auth_services.create_account(email, password, person=person)
    except RuleViolation as error:
        raise click.ClickException(error.message) from None
    db.session.commit()
    click.echo(f"Created account {email.lower()}")


@accounts_cli.command("grant-role")
@click.argument("email")
@click.argument("role", type=click.Choice(GIVEN_ROLES))
@click.option("--organisation", "ods_code", help="ODS code, for organisation-scoped roles")
@click.option("--region", "region_code", help="Region code such as Y56, for the regional talent lead")
def grant_role_command(email: str, role: str, ods_code: str | None, region_code: str | None):
    """Give the account EMAIL a ROLE, scoped to an organisation or region where the role needs one."""
    account = db.session.scalar(select(Account).where(Account.email == email.lower()))
    if account is None:
        raise click.BadParameter(f"no account {email}", param_hint="EMAIL")
    organisation = region = None
    if ods_code:
        organisation = db.session.scalar(select(Organisation).where(Organisation.ods_code == ods_code.upper()))
        if organisation is None:
            raise click.BadParameter(f"no organisation {ods_code}", param_hint="--organisation")
    if region_code:
        region = db.session.scalar(select(Region).where(Region.code == region_code.upper()))
        if region is None:
            raise click.BadParameter(f"no region {region_code}", param_hint="--region")
    try:
        with service_call():
            auth_services.grant_role(account, Role(role), organisation=organisation, region=region)
    except RuleViolation as error:
        raise click.ClickException(error.message) from None
    db.session.commit()
    click.echo(f"{account.email} is now {Role(role).label}")


@accounts_cli.command("set-password")
@click.argument("email")
@click.option("--password", prompt=True, hide_input=True, confirmation_prompt=True)
def set_password_command(email: str, password: str):
    """Set a new password for EMAIL and sign the account out everywhere."""
    account = db.session.scalar(select(Account).where(Account.email == email.lower()))
    if account is None:
        raise click.BadParameter(f"no account {email}", param_hint="EMAIL")
    try:
        with service_call():
            auth_services.set_password(account, password)
    except RuleViolation as error:
        raise click.ClickException(error.message) from None
    db.session.commit()
    click.echo(f"Password changed for {account.email}; existing sessions are signed out and API tokens revoked")
