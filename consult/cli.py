"""Flask CLI commands: `flask --app consult users create`, `demo load`."""

import os

import click
from sqlalchemy import select

from consult.agency.models import Agency
from consult.auth.models import Role
from consult.extensions import db


def register_cli(app):
    """Attach the command groups to the app."""
    app.cli.add_command(users_cli)
    app.cli.add_command(demo_cli)


@click.group("users")
def users_cli():
    """Manage user accounts."""


@users_cli.command("create")
@click.option("--email", required=True, help="Login email.")
@click.option("--role", type=click.Choice(Role.ALL), default=Role.CITIZEN, show_default=True)
@click.option("--agency", "agency_slug", help="Agency slug (required for agency_editor).")
@click.option("--name", default="", help="Full name.")
@click.option("--password", prompt=True, hide_input=True, confirmation_prompt=True, help="Asked for when not given.")
def create_user_command(email, role, agency_slug, name, password):
    """Create a user account with a role."""
    from consult.auth.services import UserExists, create_user

    agency = None
    if agency_slug:
        agency = db.session.scalar(select(Agency).where(Agency.slug == agency_slug))
        if agency is None:
            raise click.ClickException(f"No agency with slug {agency_slug!r}.")
    if len(password) < 10:
        raise click.ClickException("The password must have at least 10 characters.")
    try:
        user = create_user(None, email, password, role, name, agency)
    except UserExists:
        raise click.ClickException(f"An account with email {email} already exists.") from None
    except ValueError as error:
        raise click.ClickException(str(error)) from None
    db.session.commit()
    click.echo(f"Created {user.role} {user.email} (id {user.id}).")


@click.group("demo")
def demo_cli():
    """Demo data for trying Consult out."""


@demo_cli.command("load")
def load_demo_command():
    """Load the demo agencies, drafts, opinions and accounts (only once)."""
    from consult.demo import demo_accounts, load_demo

    created = load_demo()
    db.session.commit()
    click.echo("Demo data loaded." if created else "Demo data already present; nothing changed.")
    port = os.environ.get("PORT", "5000")
    click.echo(f"Demo accounts (demo only, never use these passwords elsewhere), http://127.0.0.1:{port}/auth/login")
    for email, role, password in demo_accounts():
        click.echo(f"  {role:<14} {email:<34} {password}")
