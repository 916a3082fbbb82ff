"""`flask --app consult themes build DRAFT`: compute a draft's themes from the command line."""

import time

import click
from sqlalchemy import select

from consult.drafts.models import Draft
from consult.extensions import db


@click.group("themes")
def themes_cli():
    """Themes of the opinions on a draft."""


@themes_cli.command("build")
@click.argument("draft_ref")
def build_command(draft_ref):
    """Compute the themes of DRAFT (its id or slug) over its approved opinions."""
    from consult.themes.services import compute_themes

    draft = db.session.get(Draft, int(draft_ref)) if draft_ref.isdigit() else None
    draft = draft or db.session.scalar(select(Draft).where(Draft.slug == draft_ref))
    if draft is None:
        raise click.ClickException(f"No draft with id or slug {draft_ref!r}.")
    started = time.perf_counter()

    def report(done, total):
        click.echo(f"  {done}/{total} opinions read", err=True)

    run = compute_themes(draft, progress=report)
    db.session.commit()
    click.echo(
        f"{len(run.themes)} themes over {run.opinions} approved opinions of {draft.slug} "
        f"in {time.perf_counter() - started:.1f} s."
    )
