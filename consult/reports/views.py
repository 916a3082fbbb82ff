"""Report pages: the agency's downloads (its own drafts only) and the public report of published answers."""

from flask import abort, flash, redirect, render_template, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select

from consult.agency.access import load_managed_draft
from consult.drafts.models import Draft
from consult.extensions import db
from consult.feedback.models import FeedbackStatus
from consult.reports import bp
from consult.reports.forms import AgencyReportForm, PublicReportForm, ReportTextForm
from consult.reports.models import MIME_TYPES, Audience, ReportRun, RunStatus
from consult.reports.narrative import FIELDS, report_text_of, save_report_text
from consult.reports.runs import public_run, request_run, run_path, runs_of
from consult.reports.summary import count_opinions
from consult.runs import with_refresh

LARGE_REPORT = 10_000  # opinions from which a report file takes more than a few seconds to build


@bp.route("/agency/drafts/<int:draft_id>/reports", methods=["GET", "POST"])
@login_required
def agency_reports(draft_id):
    """The draft's report files: ask for one, follow its progress, download it."""
    draft = load_managed_draft(draft_id)
    form = AgencyReportForm()
    if form.validate_on_submit():
        request_run(draft, form.fmt.data, form.audience.data, form.include_contact.data, current_user)
        db.session.commit()
        flash(_("The file is being prepared. This page shows its progress."), "success")
        return redirect(url_for("reports.agency_reports", draft_id=draft.id))
    runs = runs_of(draft)
    large = count_opinions(draft, FeedbackStatus.ALL) >= LARGE_REPORT  # what to say of the time a file takes
    return with_refresh(render_template("reports/agency.html", draft=draft, form=form, runs=runs, large=large), runs)


@bp.route("/agency/drafts/<int:draft_id>/reports/text", methods=["GET", "POST"])
@login_required
def report_text(draft_id):
    """What the agency writes for its synthesis report: place and date, and the narrative parts."""
    draft = load_managed_draft(draft_id)
    form = ReportTextForm(obj=report_text_of(draft))
    if form.validate_on_submit():
        changed = save_report_text(current_user, draft, {name: getattr(form, name).data for name in FIELDS})
        db.session.commit()
        flash(_("Saved: the next report file uses it.") if changed else _("Nothing changed."), "success")
        return redirect(url_for("reports.agency_reports", draft_id=draft.id))
    status = 422 if form.is_submitted() else 200
    return render_template("reports/text.html", draft=draft, form=form), status


@bp.route("/agency/drafts/<int:draft_id>/reports/<int:run_id>/download")
@login_required
def agency_download(draft_id, run_id):
    """Send a finished file of the draft (internal or public version) to its agency."""
    draft = load_managed_draft(draft_id)
    return _send(draft, _run_of(draft, run_id))


def _public_draft(slug):
    """Return a public draft whose answers are published, else 404."""
    draft = db.session.scalar(select(Draft).where(Draft.slug == slug))
    if draft is None or not draft.is_public or draft.answers_published_at is None:
        abort(404)
    return draft


@bp.route("/drafts/<slug>/report", methods=["GET", "POST"])
def public_report(slug):
    """The public synthesis report: pick a format; a recent file is reused, else one is built."""
    draft = _public_draft(slug)
    form = PublicReportForm()
    if form.validate_on_submit():
        run = public_run(draft, form.fmt.data)
        db.session.commit()
        return redirect(url_for("reports.public_run_page", slug=slug, run_id=run.id))
    return render_template("reports/public.html", draft=draft, form=form)


@bp.route("/drafts/<slug>/report/<int:run_id>")
def public_run_page(slug, run_id):
    """The progress of a public file, then its download link."""
    draft = _public_draft(slug)
    run = _run_of(draft, run_id, Audience.PUBLIC)
    return with_refresh(render_template("reports/public_run.html", draft=draft, run=run), [run])


@bp.route("/drafts/<slug>/report/<int:run_id>/download")
def public_download(slug, run_id):
    """Send a finished public file."""
    draft = _public_draft(slug)
    return _send(draft, _run_of(draft, run_id, Audience.PUBLIC))


def _run_of(draft, run_id, audience=None):
    """Return a run of this draft (of this audience), else 404."""
    run = db.session.get(ReportRun, run_id)
    if run is None or run.draft_id != draft.id or (audience and run.audience != audience):
        abort(404)
    return run


def _send(draft, run):
    """Send a run's file, or 404 while it is not ready (or was removed)."""
    path = run_path(run)
    if run.status != RunStatus.DONE or not path.is_file():
        abort(404)
    response = send_file(
        path,
        mimetype=MIME_TYPES[run.fmt],
        as_attachment=True,
        download_name=f"bao-cao-{draft.slug[:80]}-{run.id}.{run.fmt}",
        max_age=0,
    )
    response.headers["Cache-Control"] = (
        "private, no-store" if run.audience == Audience.AGENCY else "public, max-age=300"
    )
    return response


@bp.context_processor
def report_labels():
    """Labels of formats and run states for the report templates."""
    from consult.reports.models import FORMATS, RUN_STATUS_LABELS

    return {"REPORT_FORMATS": FORMATS, "REPORT_STATUS_LABELS": RUN_STATUS_LABELS}
