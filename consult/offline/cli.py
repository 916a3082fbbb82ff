"""`flask --app consult feedback import FILE --draft SLUG` and `feedback template -o FILE`: offline opinions."""

import hashlib
import os

import click
from flask_babel import gettext as _

from consult.extensions import db


@click.command("import")
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
@click.option("--draft", "draft_ref", required=True, help="Slug or id of the draft the opinions are about.")
@click.option("--dry-run", is_flag=True, help="Check the file and say what would be saved; save nothing.")
@click.option("--as", "staff_email", help="Email of the staff member recorded as having entered the opinions.")
def import_command(path, draft_ref, dry_run, staff_email):
    """Import opinions gathered offline from an XLSX or CSV file: all rows or none; exit status 1 on any mistake."""
    from consult.drafts.cli import find_draft
    from consult.offline.services import OfflineEntryClosed, check_file, import_offline, preview, preview_labels

    draft = find_draft(draft_ref)
    staff = _staff(staff_email, draft) if staff_email else None
    with open(path, "rb") as handle:
        data = handle.read()
    try:
        clean, errors, message = check_file(draft, data)
    except OfflineEntryClosed:
        raise click.ClickException(_("The draft is not published: opinions about it cannot be entered yet.")) from None
    if errors or message:
        for row, column, text in errors:
            click.echo(
                _("Row %(row)d, column “%(column)s”: %(message)s", row=row, column=column, message=text), err=True
            )
        if message:
            click.echo(message, err=True)
        click.echo(_("Mistakes found: %(count)d. Nothing was saved.", count=len(errors)), err=True)
        raise SystemExit(1)
    summary = preview(draft, clean)
    for name, count in preview_labels(draft, summary)[0]:
        click.echo(f"  {name}: {count}")
    if dry_run:
        click.echo(
            _(
                "Dry run: %(new)d new opinions, %(known)d rows already imported; nothing was saved.",
                new=summary["new"],
                known=summary["known"],
            )
        )
        return
    source = {"file": os.path.basename(path), "sha256": hashlib.sha256(data).hexdigest()}
    saved, skipped = import_offline(staff, draft, clean, source=source)
    db.session.commit()
    click.echo(
        _(
            "%(saved)d opinions saved, waiting for moderation; %(skipped)d rows had already been imported.",
            saved=saved,
            skipped=skipped,
        )
    )


def _staff(email, draft):
    """Return the staff account named by --as, which must manage the draft."""
    from consult.auth.services import find_user_by_email
    from consult.permissions import can_manage_draft

    user = find_user_by_email(email)
    if user is None:
        raise click.ClickException(f"No account with email {email}.")
    if not can_manage_draft(user, draft):
        raise click.ClickException(f"{email} does not manage the draft {draft.slug}.")
    return user


@click.command("template")
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False), help="File to write (.xlsx or .csv).")
def template_command(output):
    """Write the template for opinions gathered offline: XLSX (with instructions and lists), or CSV by the name."""
    from consult.offline.template import template_csv, template_xlsx

    body = template_csv() if output.lower().endswith(".csv") else template_xlsx()
    with open(output, "wb") as handle:
        handle.write(body)
    click.echo(f"{output}: {len(body)} bytes.")
