"""Agency pages: list, create, edit, open and close drafts; CSV of opinions (the summary: summary_views.py)."""

from flask import Response, abort, flash, redirect, render_template, request, stream_with_context, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from consult.agency import bp
from consult.agency.access import load_managed_draft, require_agency_editor
from consult.agency.dashboard import draft_work
from consult.agency.forms import CloseForm, DraftForm, ExtendForm, ImportForm, KeyPointsForm
from consult.agency.services import export_feedback_csv
from consult.auth.models import User
from consult.database import utcnow
from consult.drafts import closing as closing_rules
from consult.drafts.closing import ask_to_close, closing_now, may_close_alone, refuse_close
from consult.drafts.importing.parser import ParseError
from consult.drafts.imports import read_document
from consult.drafts.keypoints import WHOLE_DRAFT, KeyPointsRefused, set_key_points
from consult.drafts.models import Draft, DraftStatus
from consult.drafts.services import create_draft, publish_draft, update_draft
from consult.drafts.structure import StructureError, document_to_text, render_structure
from consult.drafts.window import WindowError, extend_window
from consult.extensions import db
from consult.i18n import LOCAL_TZ
from consult.permissions import can_moderate_draft, is_admin

bp.before_request(require_agency_editor)


@bp.route("/")
def index():
    """The agency's drafts, newest first (all drafts for an admin)."""
    query = select(Draft).order_by(Draft.created_at.desc())
    if not is_admin(current_user):
        query = query.where(Draft.agency_id == current_user.agency_id)
    return render_template("agency/index.html", drafts=db.session.scalars(query).all())


@bp.route("/drafts/new", methods=["GET", "POST"])
def new_draft():
    """Create an unpublished draft for the editor's agency."""
    if current_user.agency is None:
        flash(_("Your account belongs to no agency, so it cannot create drafts."), "error")
        return redirect(url_for("agency.index"))
    form = DraftForm()
    if form.validate_on_submit():
        draft = create_draft(current_user, current_user.agency, form.draft_values(), form.structure.data)
        db.session.commit()
        flash(_("Draft saved. Check it, then open it for comments."), "success")
        return redirect(url_for("agency.show", draft_id=draft.id))
    return render_template("agency/edit.html", form=form, draft=None), 422 if form.is_submitted() else 200


@bp.route("/drafts/import", methods=["GET", "POST"])
def import_draft():
    """Read a DOCX, HTML or text file and show the parsed structure in the draft form; nothing is saved yet.

    With ?draft=<id> the file is a revised text of that draft, saved through its edit form (a new version).
    """
    draft = load_managed_draft(request.args.get("draft", type=int)) if request.args.get("draft") else None
    form = ImportForm()
    if form.validate_on_submit():
        try:
            parsed = read_document(form.file.data.read())
        except ParseError as error:
            form.file.errors.extend(str(problem) for problem in error.problems)  # each problem said on its own
        else:
            draft_form = DraftForm(formdata=None)
            structure = document_to_text(parsed.document)
            if draft is None:
                form.prefill(draft_form, parsed, structure, utcnow().astimezone(LOCAL_TZ).date())
            else:
                draft_form.fill_from(draft, structure)
            return render_template(
                "agency/import_preview.html",
                form=draft_form,
                parsed=parsed,
                draft=draft,
                counts=parsed.document.counts(),
                filename=form.file.data.filename,
            )
    return render_template("agency/import.html", form=form, draft=draft), 422 if form.is_submitted() else 200


@bp.route("/drafts/<int:draft_id>")
def show(draft_id):
    """A draft's state, window, the work waiting on it, and its actions."""
    return _show_page(load_managed_draft(draft_id), ExtendForm(formdata=None))


def _show_page(draft, extend_form, status=200):
    """The draft's page, its extension form as given (empty, or refused with its errors)."""
    work, moderates = draft_work(draft), can_moderate_draft(current_user, draft)
    return render_template(
        "agency/show.html", draft=draft, work=work, moderates=moderates, extend_form=extend_form
    ), status


@bp.route("/drafts/<int:draft_id>/edit", methods=["GET", "POST"])
def edit(draft_id):
    """Change a draft's details and text."""
    draft = load_managed_draft(draft_id)
    form = DraftForm()
    if not form.is_submitted():
        form.fill_from(draft, render_structure(draft))
    if form.validate_on_submit():
        try:
            update_draft(current_user, draft, form.draft_values(), form.structure.data, note=form.note.data)
        except StructureError as error:
            db.session.rollback()
            form.structure.errors.append(str(error.args[0]))
        else:
            db.session.commit()
            flash(_("Changes saved."), "success")
            return redirect(url_for("agency.show", draft_id=draft.id))
    return render_template("agency/edit.html", form=form, draft=draft), 422 if form.is_submitted() else 200


@bp.route("/drafts/<int:draft_id>/key-points", methods=["GET", "POST"])
def key_points(draft_id):
    """Write the key points of the draft and of its articles in plain words, shown above the legal text."""
    draft = load_managed_draft(draft_id)
    form = KeyPointsForm()
    texts = {WHOLE_DRAFT: draft.key_points, **{article.number: article.key_points for article in draft.articles}}
    errors = {}
    if form.validate_on_submit():
        texts = {WHOLE_DRAFT: request.form.get("draft", "")}
        texts.update({article.number: request.form.get(f"article-{article.number}", "") for article in draft.articles})
        try:
            changed = set_key_points(current_user, draft, texts)
        except KeyPointsRefused as refused:
            db.session.rollback()
            errors = refused.errors
        else:
            db.session.commit()
            flash(_("Key points saved.") if changed else _("Nothing changed."), "success")
            return redirect(url_for("agency.show", draft_id=draft.id))
    status = 422 if form.is_submitted() else 200
    return render_template("agency/key_points.html", draft=draft, form=form, texts=texts, errors=errors), status


@bp.route("/drafts/<int:draft_id>/open", methods=["POST"])
def open_(draft_id):
    """Publish the draft: citizens may comment within its window."""
    draft = load_managed_draft(draft_id)
    publish_draft(current_user, draft)
    db.session.commit()
    flash(_("The draft is published and takes comments within its window."), "success")
    return redirect(url_for("agency.show", draft_id=draft.id))


@bp.route("/drafts/<int:draft_id>/close", methods=["GET", "POST"])
def close(draft_id):
    """Close the consultation now: a page that says what it means and asks why (shown publicly). Before the legal
    minimum period an editor's request waits for an administrator, who confirms it here."""
    draft = load_managed_draft(draft_id)
    if draft.status != DraftStatus.OPEN:
        flash(_("This consultation is not open."), "info")
        return redirect(url_for("agency.show", draft_id=draft.id))
    closing = closing_now(draft)
    form = CloseForm(data={"reason": draft.close_reason} if draft.close_requested_at else None)
    if form.validate_on_submit():
        outcome = ask_to_close(current_user, draft, form.reason.data, form.below_minimum_confirmed.data)
        if outcome == closing_rules.UNCONFIRMED:
            form.below_minimum_confirmed.errors.append(_("Tick the box to confirm closing before the legal minimum."))
        else:
            db.session.commit()
            if outcome == closing_rules.REQUESTED:
                flash(
                    _("Your request is sent: an administrator must confirm closing before the legal minimum."), "info"
                )
            else:
                flash(_("The consultation is closed."), "success")
            return redirect(url_for("agency.show", draft_id=draft.id))
    requester = db.session.get(User, draft.close_requested_by_id) if draft.close_requested_by_id else None
    return render_template(
        "agency/close.html",
        draft=draft,
        form=form,
        closing=closing,
        alone=may_close_alone(current_user, closing),
        requester=requester,
    ), 422 if form.is_submitted() else 200


@bp.route("/drafts/<int:draft_id>/close/refuse", methods=["POST"])
def refuse_close_request(draft_id):
    """An administrator refuses an editor's request to close before the legal minimum."""
    draft = load_managed_draft(draft_id)
    if not is_admin(current_user):
        abort(403)
    if draft.close_requested_at is not None:
        refuse_close(current_user, draft)
        db.session.commit()
        flash(_("The request is refused: the consultation goes on."), "success")
    return redirect(url_for("agency.show", draft_id=draft.id))


@bp.route("/drafts/<int:draft_id>/extend", methods=["POST"])
def extend(draft_id):
    """Extend the consultation window, with a public reason."""
    draft = load_managed_draft(draft_id)
    form = ExtendForm()
    if form.validate_on_submit():
        try:
            extend_window(current_user, draft, form.new_closes_at(), form.reason.data)
        except WindowError as error:
            db.session.rollback()
            form.closes_on.errors.append(str(error.message))
        else:
            db.session.commit()
            flash(_("The consultation is extended."), "success")
            return redirect(url_for("agency.show", draft_id=draft.id))
    return _show_page(draft, form, 422)


@bp.route("/drafts/<int:draft_id>/opinions.csv")
def opinions_csv(draft_id):
    """Download every opinion of the draft, contacts included (this page is for the agency only)."""
    draft = load_managed_draft(draft_id)
    filename = f"y-kien-{draft.slug}.csv"
    return Response(
        stream_with_context(export_feedback_csv(draft, include_contact=True)),
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{filename}"', "Cache-Control": "no-store"},
    )
