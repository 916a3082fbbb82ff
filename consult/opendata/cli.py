"""`flask --app consult opendata build [--draft SLUG]`: the open data files, built now in this process."""

import click


@click.group("opendata")
def opendata_cli():
    """Bulk open data files (/open-data)."""


@opendata_cli.command("build")
@click.option("--draft", "draft_ref", metavar="SLUG", help="Only this published draft's file (a slug or an id).")
def build_command(draft_ref):
    """Build every open data file (or one draft's) again, whether its data changed or not."""
    from consult.drafts.cli import find_draft
    from consult.opendata.builds import build_files

    draft_id = None
    if draft_ref:
        draft = find_draft(draft_ref)
        if not draft.is_public:
            raise click.ClickException(f"Draft {draft.slug!r} is not published: it has no open data file.")
        draft_id = draft.id
    for path in build_files(draft_id, force=True):
        click.echo(f"Wrote {path} ({path.stat().st_size:,} bytes).")
