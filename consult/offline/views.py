"""Staff pages for opinions gathered offline: type one in, import a file (check, preview, confirm), get the template.

They live in the agency workspace (/agency/...): only agency editors and admins reach them.
"""

import hashlib
import io

from flask import Response, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from itsdangerous import BadSignature, URLSafeTimedSerializer

from consult.agency.access import load_managed_draft, require_agency_editor
from consult.extensions import db
from consult.feedback.guards import issue_form_token, read_form_token
from consult.feedback.store import StoreConflict
from consult.offline import bp
from consult.offline.forms import OfflineConfirmForm, OfflineFeedbackForm, OfflineImportForm
from consult.offline.services import (
    OfflineFileError,
    enter_offline_feedback,
    import_offline,
    offline_entry_open,
    preview,
    read_offline_file,
    validate_rows,
)
from consult.offline.template import template_csv, template_xlsx
from consult.offline.uploads import KEEP_SECONDS, discard_upload, keep_upload, load_upload

bp.before_request(require_agency_editor)

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ERRORS_SHOWN = 500


def _load_open_draft(draft_id):
    """Return (draft the user manages, whether it takes offline opinions); say why not when it does not."""
    draft = load_managed_draft(draft_id)
    if not offline_entry_open(draft):
        flash(_("Publish the draft before entering the opinions gathered about it."), "error")
        return draft, False
    return draft, True


@bp.route("/drafts/<int:draft_id>/offline/new", methods=["GET", "POST"])
def new(draft_id):
    """Type in one opinion received at a meeting, by letter, by phone or through a mass organisation."""
    draft, open_ = _load_open_draft(draft_id)
    if not open_:
        return redirect(url_for("agency.show", draft_id=draft.id))
    form = OfflineFeedbackForm(draft)
    if request.method == "GET":
        form.form_token.data = issue_form_token()
    if form.validate_on_submit():
        _opened_at, submission_id = read_form_token(form.form_token.data)
        feedback = enter_offline_feedback(current_user, draft, form.data, submission_id=submission_id)
        db.session.commit()
        flash(
            _(
                "Opinion saved with receipt code %(code)s; it waits for moderation. You can enter the next one.",
                code=feedback.receipt_code,
            ),
            "success",
        )
        return redirect(url_for("offline.new", draft_id=draft.id))
    status = 422 if form.is_submitted() else 200
    return render_template("offline/new.html", draft=draft, form=form), status


def _signer():
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt="offline-upload")


def _check(draft, data):
    """Return (clean rows, errors, file message) for the bytes of a file."""
    try:
        clean, errors = validate_rows(draft, read_offline_file(io.BytesIO(data)))
    except OfflineFileError as error:
        return [], error.errors, str(error.message)
    return clean, errors, None


def _report(draft, form, filename, errors, message):
    """Show every mistake by row and column; nothing was saved."""
    return render_template(
        "offline/import.html",
        draft=draft,
        form=form,
        filename=filename,
        errors=errors[:ERRORS_SHOWN],
        error_count=len(errors),
        file_message=message,
    ), 422


@bp.route("/drafts/<int:draft_id>/offline/import", methods=["GET", "POST"])
def import_file(draft_id):
    """Upload a filled-in template: every row is checked, then a summary is shown for confirmation."""
    draft, open_ = _load_open_draft(draft_id)
    if not open_:
        return redirect(url_for("agency.show", draft_id=draft.id))
    form = OfflineImportForm()
    if form.validate_on_submit():
        data, filename = form.file.data.read(), form.file.data.filename or ""
        clean, errors, message = _check(draft, data)
        if errors or message:
            return _report(draft, form, filename, errors, message)
        reference = _signer().dumps(
            {"token": keep_upload(data), "draft": draft.id, "user": current_user.id, "name": filename}
        )
        return render_template(
            "offline/preview.html",
            draft=draft,
            filename=filename,
            summary=preview(draft, clean),
            form=OfflineConfirmForm(upload=reference),
        )
    status = 422 if form.is_submitted() else 200
    return render_template("offline/import.html", draft=draft, form=form, errors=None), status


@bp.route("/drafts/<int:draft_id>/offline/import/confirm", methods=["POST"])
def confirm_import(draft_id):
    """Save the checked file shown in the preview (checked again: the draft or the clock may have moved)."""
    draft, open_ = _load_open_draft(draft_id)
    form = OfflineConfirmForm()
    upload = _read_reference(form.upload.data, draft) if open_ and form.validate_on_submit() else None
    data = load_upload(upload["token"]) if upload else None
    if data is None:
        if open_:
            flash(_("The checked file is no longer on the server. Upload it again."), "error")
        return redirect(url_for("offline.import_file", draft_id=draft.id))
    clean, errors, message = _check(draft, data)
    if errors or message:
        return _report(draft, OfflineImportForm(formdata=None), upload["name"], errors, message)
    source = {"file": upload["name"], "sha256": hashlib.sha256(data).hexdigest()}
    try:
        saved, skipped = import_offline(current_user, draft, clean, source=source)
        db.session.commit()
    except StoreConflict:  # the same rows were being imported at the same moment by someone else
        db.session.rollback()
        flash(
            _("These rows were being imported at the same moment. Check the opinions, then import again if needed."),
            "warning",
        )
        return redirect(url_for("offline.import_file", draft_id=draft.id))
    discard_upload(upload["token"])
    flash(
        _(
            "%(saved)d opinions saved, waiting for moderation; %(skipped)d rows had already been imported.",
            saved=saved,
            skipped=skipped,
        ),
        "success",
    )
    return redirect(url_for("agency.show", draft_id=draft.id))


def _read_reference(value, draft):
    """Return the upload a signed reference names, if it was made for this draft by this user within a day."""
    try:
        upload = _signer().loads(value or "", max_age=KEEP_SECONDS)
    except BadSignature:
        return None
    if upload.get("draft") != draft.id or upload.get("user") != current_user.id:
        return None
    return upload


@bp.route("/offline-template.<any(xlsx, csv):kind>")
def template(kind):
    """Download the template for opinions gathered offline, as XLSX (with instructions and lists) or CSV."""
    body, mimetype = (template_xlsx(), XLSX_TYPE) if kind == "xlsx" else (template_csv(), "text/csv")
    return Response(
        body,
        mimetype=mimetype,
        headers={
            "Content-Disposition": f'attachment; filename="mau-y-kien-thu-thap-truc-tiep.{kind}"',
        },
    )
