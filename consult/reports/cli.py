"""`flask --app consult reports build DRAFT --format docx -o FILE`: a report file without the web pages."""

from pathlib import Path

import click

from consult.reports.models import Audience
from consult.reports.services import FORMAT_WRITERS


@click.group("reports")
def reports_cli():
    """Report files of a draft's consultation."""


@reports_cli.command("build")
@click.argument("draft_ref", metavar="DRAFT")
@click.option("--format", "fmt", required=True, type=click.Choice(list(FORMAT_WRITERS)), help="File format.")
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False, writable=True), help="File to write.")
@click.option("--with-contacts", is_flag=True, help="Add the authors' contact details (internal version).")
@click.option("--public", is_flag=True, help="The public version: published opinions and answers only.")
def build_command(draft_ref, fmt, output, with_contacts, public):
    """Write the report of DRAFT (a slug or an id) in the chosen format."""
    from consult.drafts.cli import find_draft
    from consult.reports import build_report

    if public and with_contacts:
        raise click.UsageError("--with-contacts cannot be used with --public.")
    draft = find_draft(draft_ref)
    folder = Path(output).resolve().parent
    if not folder.is_dir():
        raise click.ClickException(f"Folder {folder} does not exist.")
    audience = Audience.PUBLIC if public else Audience.AGENCY
    with click.progressbar(length=1, label=f"{draft.slug} ({fmt})", file=None) as bar:

        def progress(done, total):
            bar.length = max(total, 1)
            bar.update(done - bar.pos)

        path = build_report(draft, fmt, output, include_contact=with_contacts, progress=progress, audience=audience)
    click.echo(f"Wrote {path} ({path.stat().st_size:,} bytes).")
