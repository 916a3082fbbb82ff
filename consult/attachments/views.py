"""A draft's files: the agency uploads and deletes them; whoever may see the draft downloads them."""

from urllib.parse import quote

from flask import abort, flash, redirect, send_file, url_for
from flask_babel import format_decimal
from flask_babel import gettext as _
from flask_login import current_user, login_required

from consult.attachments import bp
from consult.attachments.forms import AttachmentForm
from consult.attachments.models import Attachment
from consult.attachments.services import (
    AttachmentRefused,
    attachment_path,
    delete_attachment,
    megabytes,
    safe_download_name,
    store_attachment,
)
from consult.drafts.models import Draft
from consult.extensions import db
from consult.permissions import can_manage_draft, can_view_draft

# A downloaded file must never run as a page of this site, even if a browser ignores the attachment disposition.
DOWNLOAD_HEADERS = {"X-Content-Type-Options": "nosniff", "Content-Security-Policy": "default-src 'none'; sandbox"}


@bp.route("/agency/drafts/<int:draft_id>/attachments", methods=["POST"])
@login_required
def upload(draft_id):
    """Attach a file sent from the agency draft page."""
    draft = db.session.get(Draft, draft_id) or abort(404)
    if not can_manage_draft(current_user, draft):
        abort(403)
    form = AttachmentForm()
    if not form.validate_on_submit():
        for errors in form.errors.values():
            for error in errors:
                flash(str(error), "error")
        return redirect(url_for("agency.show", draft_id=draft.id))
    upload = form.file.data
    try:
        attachment = store_attachment(current_user, draft, upload.filename, upload.read(), form.kind.data)
    except AttachmentRefused as refused:
        flash(str(refused.message), "error")
    else:
        db.session.commit()
        flash(_("The file %(name)s is attached to the draft.", name=attachment.filename), "success")
    return redirect(url_for("agency.show", draft_id=draft.id))


@bp.route("/agency/attachments/<int:attachment_id>/delete", methods=["POST"])
@login_required
def delete(attachment_id):
    """Remove a file from its draft."""
    attachment = db.session.get(Attachment, attachment_id) or abort(404)
    if not can_manage_draft(current_user, attachment.draft):
        abort(403)
    draft_id, name = attachment.draft_id, attachment.filename
    delete_attachment(current_user, attachment)
    db.session.commit()
    flash(_("The file %(name)s is deleted.", name=name), "success")
    return redirect(url_for("agency.show", draft_id=draft_id))


@bp.route("/drafts/<slug>/attachments/<int:attachment_id>/<path:filename>")
def download(slug, attachment_id, filename):
    """Send a file as a download, never inline; the name in the URL is for people only and is not used."""
    attachment = db.session.get(Attachment, attachment_id)
    if attachment is None or attachment.draft.slug != slug or not can_view_draft(current_user, attachment.draft):
        abort(404)
    path = attachment_path(attachment)
    if not path.is_file():
        abort(404)
    name = safe_download_name(attachment.filename, attachment.extension)
    response = send_file(path, mimetype=attachment.content_type, as_attachment=True, download_name=name.name)
    # Werkzeug's own ASCII fallback drops letters such as đ; ours folds them (Đề án → De an).
    response.headers.set(
        "Content-Disposition",
        "attachment",
        filename=name.ascii,
        **{"filename*": "UTF-8''" + quote(name.name, safe="!#$&+-.^_`|~")},
    )
    response.headers.update(DOWNLOAD_HEADERS)
    if not attachment.draft.is_public:
        response.headers["Cache-Control"] = "private, max-age=0"
    return response


@bp.app_template_global()
def attachment_form():
    """Return an empty upload form for templates/attachments/_manage.html."""
    return AttachmentForm()


@bp.app_template_global()
def attachment_url(attachment):
    """Return the download address of an attachment, its display name at the end."""
    return url_for(
        "attachments.download", slug=attachment.draft.slug, attachment_id=attachment.id, filename=attachment.filename
    )


@bp.app_template_filter("filesize")
def filesize(num_bytes):
    """Show a size in KB under 1 MB, else in MB with one decimal, written the local way."""
    if num_bytes < 1024 * 1024:
        return f"{format_decimal(max(1, round(num_bytes / 1024)))} KB"
    return f"{megabytes(num_bytes)} MB"
