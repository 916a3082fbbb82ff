"""Staff pages for opinions gathered offline: type one in, import a file (checked, previewed, then saved in the
background: consult.offline.runs), get the template.

They live in the agency workspace (/agency/...): only agency editors and admins reach them.
"""

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from consult.agency.access import load_managed_draft, require_agency_editor
from consult.extensions import db
from consult.feedback.guards import issue_form_token, read_form_token
from consult.offline import bp
from consult.offline.forms import OfflineFeedbackForm, OfflineImportForm, OfflineSaveForm
from consult.offline.models import ImportStep, OfflineImport
from consult.offline.runs import request_check, request_save
from consult.offline.services import enter_offline_feedback, offline_entry_open, preview_labels
from consult.offline.template import template_csv, template_xlsx
from consult.outreach.paper import read_form_code
from consult.runs import stale_seconds, with_refresh

bp.before_request(require_agency_editor)

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


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
        _fill_from_paper_form(form)
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


def _fill_from_paper_form(form):
    """Fill in what a returned paper form's code says (consult.outreach.paper): in writing, its article, its code."""
    code = request.args.get("paper_form", "")
    found = read_form_code(code)
    if found is None or found[0] != form.draft.id:
        return
    form.channel.data = "letter"
    form.article.data = str(found[1]) if found[1] else ""
    form.source_ref.data = _("Paper form %(code)s", code=code.strip().upper())


@bp.route("/offline/paper-form")
def paper_form():
    """Open the offline entry of the draft (and article) that a returned paper form's code names, typed or scanned."""
    code = request.args.get("code", "")
    found = read_form_code(code)
    back = request.args.get("draft", type=int)
    if found is None:
        flash(
            _("“%(code)s” is not a paper form code: it reads like PG12-5-K7, at the top of the form.", code=code),
            "error",
        )
        if back:
            return redirect(url_for("offline.new", draft_id=back, code=code))
        return redirect(url_for("agency.index"))
    return redirect(url_for("offline.new", draft_id=found[0], paper_form=code.strip().upper()))


@bp.route("/drafts/<int:draft_id>/offline/import", methods=["GET", "POST"])
def import_file(draft_id):
    """Upload a filled-in template: it is checked in the background, on a page that follows the check."""
    draft, open_ = _load_open_draft(draft_id)
    if not open_:
        return redirect(url_for("agency.show", draft_id=draft.id))
    form = OfflineImportForm()
    if form.validate_on_submit():
        run = request_check(draft, current_user, form.file.data.read(), form.file.data.filename)
        db.session.commit()
        return redirect(url_for("offline.import_run", draft_id=draft.id, run_id=run.id))
    status = 422 if form.is_submitted() else 200
    return render_template("offline/import.html", draft=draft, form=form), status


def _load_run(draft_id, run_id):
    """Return (draft the user manages, its import run), or 404."""
    draft = load_managed_draft(draft_id)
    run = db.session.get(OfflineImport, run_id)
    if run is None or run.draft_id != draft.id:
        abort(404)
    return draft, run


@bp.route("/drafts/<int:draft_id>/offline/imports/<int:run_id>")
def import_run(draft_id, run_id):
    """Follow a file's check or saving; then its mistakes, what saving it would do, or what was saved."""
    draft, run = _load_run(draft_id, run_id)
    by_channel, by_article = preview_labels(draft, run.summary) if run.summary else ([], [])
    page = render_template(
        "offline/run.html",
        draft=draft,
        run=run,
        by_channel=by_channel,
        by_article=by_article,
        form=OfflineSaveForm(),
        upload_form=OfflineImportForm(formdata=None),
        stale=run.is_stale(stale_seconds()),
    )
    return with_refresh(page, [run])


@bp.route("/drafts/<int:draft_id>/offline/imports/<int:run_id>/save", methods=["POST"])
def save_import(draft_id, run_id):
    """Save a file whose check found every row right, in the background (checked again first)."""
    draft, run = _load_run(draft_id, run_id)
    form = OfflineSaveForm()
    # Only the person who uploaded the file saves it: the opinions are recorded as entered by them.
    if (
        form.validate_on_submit()
        and offline_entry_open(draft)
        and run.requested_by_id == current_user.id
        and run.step == ImportStep.CHECK
        and run.checked_clean
        and run.summary["new"]
    ):
        request_save(run)
        db.session.commit()
    else:
        flash(_("This file cannot be saved now. Check the page, then upload it again if needed."), "error")
    return redirect(url_for("offline.import_run", draft_id=draft.id, run_id=run.id))


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
