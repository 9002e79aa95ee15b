import click
from flask.cli import AppGroup

from talent.audit import services as audit_services

audit_cli = AppGroup("audit", help="The hash-chained audit log.")


@audit_cli.command("verify")
def verify_command():
    """Check every link of the audit log; exit 1 and name the first broken entry if one fails."""
    result = audit_services.verify_chain()
    if result.reason:
        where = f"entry {result.broken_at.id} ({result.broken_at.kind})" if result.broken_at else "the end of the log"
        click.echo(f"Audit log broken at {where}: {result.reason}. {result.checked} entries before it are intact.")
        raise SystemExit(1)
    click.echo(f"Audit log intact: {result.checked} entries checked.")
