"""Flask CLI commands: `flask --app consult users create`, `users set-password`, `demo load`, `search reindex`."""

import os

import click
from flask import current_app
from sqlalchemy import select

from consult.agency.models import Agency
from consult.auth.models import Role
from consult.backup.cli import backup_cli
from consult.dbcopy.cli import database_cli
from consult.drafts.cli import find_draft
from consult.extensions import db
from consult.jobs import jobs_cli
from consult.opendata.cli import opendata_cli
from consult.reports.cli import reports_cli
from consult.search.cli import search_cli
from consult.themes.cli import themes_cli


def register_cli(app):
    """Attach the command groups to the app."""
    from consult.offline.cli import import_command, template_command
    from consult.subscriptions.cli import subscriptions_cli

    feedback_cli.add_command(import_command)
    feedback_cli.add_command(template_command)
    app.cli.add_command(users_cli)
    app.cli.add_command(demo_cli)
    app.cli.add_command(drafts_cli)
    app.cli.add_command(feedback_cli)
    app.cli.add_command(jobs_cli)
    app.cli.add_command(search_cli)
    app.cli.add_command(themes_cli)
    app.cli.add_command(reports_cli)
    app.cli.add_command(opendata_cli)
    app.cli.add_command(subscriptions_cli)
    app.cli.add_command(database_cli)
    app.cli.add_command(backup_cli)


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
    _refuse_weak_password(password, email, name)
    try:
        user = create_user(None, email, password, role, name, agency)
    except UserExists:
        raise click.ClickException(f"An account with email {email} already exists.") from None
    except ValueError as error:
        raise click.ClickException(str(error)) from None
    db.session.commit()
    click.echo(f"Created {user.role} {user.email} (id {user.id}).")


@users_cli.command("set-password")
@click.option("--email", required=True, help="Login email of the account.")
@click.option("--password", prompt=True, hide_input=True, confirmation_prompt=True, help="Asked for when not given.")
def set_password_command(email, password):
    """Give an account a new password; every session of the account ends."""
    from consult.auth.passwords import change_password
    from consult.auth.services import find_user_by_email

    user = find_user_by_email(email)
    if user is None:
        raise click.ClickException(f"No account with email {email}.")
    _refuse_weak_password(password, user.email, user.name)
    change_password(None, user, password)
    db.session.commit()
    click.echo(f"New password set for {user.email}; its sessions have ended.")


def _refuse_weak_password(password, email, name):
    """Stop the command, saying why in English, when `password` cannot be the account's (the forms' own rules)."""
    from flask_babel import force_locale

    from consult.auth.passwords import password_problem

    with force_locale("en"):
        problem = password_problem(password, email, name)
    if problem:
        raise click.ClickException(problem)


@click.group("demo")
def demo_cli():
    """Demo data for trying Consult out."""


@demo_cli.command("load")
def load_demo_command():
    """Load the demo agencies, drafts, opinions and accounts (only once)."""
    from consult.demo import demo_accounts, load_demo

    if not current_app.config["DEMO_DATA_ALLOWED"]:
        raise click.ClickException(
            "demo data is not loaded in production: it creates accounts whose passwords are published "
            "(CONSULT_ENV=production). Create real accounts with `flask --app consult users create`."
        )
    created = load_demo()
    db.session.commit()
    click.echo("Demo data loaded." if created else "Demo data already present; nothing changed.")
    port = os.environ.get("PORT", "5000")
    click.echo(f"Demo accounts (demo only, never use these passwords elsewhere), http://127.0.0.1:{port}/auth/login")
    for email, role, password in demo_accounts():
        click.echo(f"  {role:<14} {email:<34} {password}")


@click.group("drafts")
def drafts_cli():
    """Import and list drafts."""


@drafts_cli.command("import")
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
@click.option("--agency", "agency_slug", help="Slug of the agency the draft belongs to (required unless --dry-run).")
@click.option("--title", help="Title of the draft (default: read from the file's title block).")
@click.option("--draft", "draft_ref", help="Slug or id of an existing draft: the file becomes its next version.")
@click.option("--dry-run", is_flag=True, help="Parse and report; save nothing.")
@click.option("--json", "as_json", is_flag=True, help="Print the parsed tree and counts as JSON.")
def import_draft_command(path, agency_slug, title, draft_ref, dry_run, as_json):
    """Import a draft from a DOCX, HTML or text file as an unpublished draft, or as a new version of one."""
    import json

    from consult.drafts.importing.parser import ParseError
    from consult.drafts.imports import import_draft, import_version, read_document

    agency = existing = None
    if draft_ref:
        existing = find_draft(draft_ref)
    elif not dry_run:
        if not agency_slug:
            raise click.UsageError("--agency is required to save a draft (or use --dry-run).")
        agency = db.session.scalar(select(Agency).where(Agency.slug == agency_slug))
        if agency is None:
            raise click.ClickException(f"No agency with slug {agency_slug!r}.")
    with open(path, "rb") as handle:
        data = handle.read()
    try:
        parsed = read_document(data)
        if dry_run:
            draft = None
        elif existing is not None:
            draft = import_version(None, existing, parsed)
        else:
            draft = import_draft(None, agency, parsed, title=title)
    except ParseError as error:
        db.session.rollback()
        raise click.ClickException(f"{path}: {error.message}") from None
    if draft is not None:
        db.session.commit()
    counts = parsed.document.counts()
    if as_json:
        payload = {
            "format": parsed.format,
            "title": title or parsed.title,
            "number_symbol": parsed.number_symbol,
            **{key: counts[key] for key in ("parts", "chapters", "sections", "articles", "clauses", "points")},
            "subsections": counts["subsections"],
            "draft_id": draft.id if draft else None,
            "tree": parsed.document.to_dict(),
        }
        click.echo(json.dumps(payload, ensure_ascii=False, indent=2))
        return
    summary = ", ".join(
        f"{counts[key]} {key}" for key in ("parts", "chapters", "sections", "articles", "clauses", "points")
    )
    click.echo(f"{parsed.format}: {title or parsed.title or '(no title)'}: {summary}")
    if dry_run:
        click.echo("Dry run: nothing saved.")
    elif existing is not None:
        click.echo(f"Draft {draft.id} ({draft.slug}) now has version {draft.current_version.number}.")
    else:
        click.echo(f"Saved as draft {draft.id} ({draft.slug}), not yet published.")


@drafts_cli.command("list")
def list_drafts_command():
    """Print one line per draft: id, slug, status, version, articles, opinions."""
    from sqlalchemy import func
    from sqlalchemy.orm import selectinload

    from consult.drafts.models import Article, Draft
    from consult.feedback.models import Feedback, FeedbackStatus

    articles = dict(
        db.session.execute(
            select(Draft.id, func.count(Article.id))
            .join(Article, Article.version_id == Draft.current_version_id)
            .group_by(Draft.id)
        ).all()
    )
    opinions = dict(
        db.session.execute(
            select(Feedback.draft_id, func.count())
            .where(Feedback.status.in_(FeedbackStatus.ALL))
            .group_by(Feedback.draft_id)
        ).all()
    )
    click.echo(f"{'id':>5}  {'slug':<50} {'status':<12} {'version':>7} {'articles':>8} {'opinions':>8}")
    drafts = db.session.scalars(select(Draft).options(selectinload(Draft.current_version)).order_by(Draft.id))
    for draft in drafts:
        version = draft.current_version.number if draft.current_version else 0
        click.echo(
            f"{draft.id:>5}  {draft.slug[:50]:<50} {draft.phase():<12} {version:>7} "
            f"{articles.get(draft.id, 0):>8} {opinions.get(draft.id, 0):>8}"
        )


@drafts_cli.command("record-transitions")
def record_transitions_command():
    """Audit drafts that opened or closed by the clock since the last run (safe to run often, e.g. hourly)."""
    from consult.drafts.window import record_transitions

    changes = record_transitions()
    db.session.commit()
    for draft, before, after in changes:
        click.echo(f"{draft.id:>5}  {draft.slug[:50]:<50} {before} -> {after}")
    click.echo(f"{len(changes)} transition(s) recorded.")


@click.group("feedback")
def feedback_cli():
    """Opinions: import those gathered offline, privacy and clean-up tasks, groups of copies."""


@feedback_cli.command("erase-contacts")
def erase_contacts_command():
    """Erase contact details of opinions on drafts closed longer ago than CONTACT_RETENTION_DAYS."""
    from flask import current_app

    from consult.feedback.privacy import erase_expired_contacts

    days = current_app.config["CONTACT_RETENTION_DAYS"]
    count = erase_expired_contacts(days)
    db.session.commit()
    click.echo(f"Erased the contact details of {count} opinion(s) on drafts closed more than {days} days ago.")


@feedback_cli.command("purge-unverified")
@click.option("--days", type=int, help="Age in days (default: UNVERIFIED_RETENTION_DAYS).")
def purge_unverified_command(days):
    """Delete opinions whose email was never confirmed, older than UNVERIFIED_RETENTION_DAYS."""
    from flask import current_app

    from consult.feedback.verification import purge_unverified

    days = current_app.config["UNVERIFIED_RETENTION_DAYS"] if days is None else days
    count = purge_unverified(days)
    db.session.commit()
    click.echo(f"Deleted {count} opinion(s) whose email was not confirmed within {days} days.")


@feedback_cli.command("regroup")
@click.option("--draft", "draft_ref", required=True, help="Slug or id of the draft.")
@click.option("--batch-size", default=500, show_default=True, help="Opinions per transaction.")
def regroup_command(draft_ref, batch_size):
    """Recompute a draft's groups of copies and near copies (merging groups split by simultaneous sends)."""
    from consult.grouping.queries import group_counts
    from consult.grouping.regroup import regroup_draft

    draft = find_draft(draft_ref)
    before = group_counts(draft)
    done = 0
    for done in regroup_draft(draft.id, batch_size):  # noqa: B007 - the count after the last batch is printed
        db.session.commit()  # one transaction per batch: moderators are never blocked for the whole pass
    db.session.commit()
    groups, grouped = group_counts(draft)
    click.echo(
        f"Regrouped {done} opinion(s) of {draft.slug}: {groups} group(s) holding {grouped} opinion(s) "
        f"(before: {before[0]} group(s), {before[1]} opinion(s))."
    )
