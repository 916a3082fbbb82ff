"""What the command-line tools of every feature share about drafts."""

import click
from sqlalchemy import select

from consult.drafts.models import Draft
from consult.extensions import db


def find_draft(reference):
    """Return the draft with this slug or id, or stop with a clear message."""
    draft = db.session.scalar(select(Draft).where(Draft.slug == reference))
    if draft is None and reference.isdigit():
        draft = db.session.get(Draft, int(reference))
    if draft is None:
        raise click.ClickException(f"No draft with slug or id {reference!r}.")
    return draft
