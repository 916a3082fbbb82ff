"""`flask --app consult subscriptions send`: the digests of what the clock alone brought (a window's end); run it
from cron, e.g. every hour. Changes made by the agency send theirs at once."""

import click

from consult.extensions import db


@click.group("subscriptions")
def subscriptions_cli():
    """Email subscriptions."""


@subscriptions_cli.command("send")
def send_command():
    """Mail each confirmed subscription what happened since its last email; drop week-old unconfirmed ones."""
    from consult.subscriptions.services import expired_unconfirmed, send_digests

    sent = send_digests()
    dropped = expired_unconfirmed()
    db.session.commit()
    click.echo(f"{sent} digest(s) sent, {dropped} unconfirmed subscription(s) dropped")
