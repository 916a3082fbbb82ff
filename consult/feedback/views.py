"""The opinion form, its receipt, and looking a receipt up."""

from flask import abort, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from consult.extensions import db
from consult.feedback import bp
from consult.feedback.forms import FeedbackForm, resolve_target
from consult.feedback.services import WindowClosed, find_by_receipt, submit_feedback
from consult.permissions import can_view_draft
from consult.public.services import draft_by_slug


def _load_public_draft(slug):
    """Return a draft the visitor may see, or 404."""
    draft = draft_by_slug(slug)
    if draft is None or not can_view_draft(current_user, draft):
        abort(404)
    return draft


@bp.route("/drafts/<slug>/feedback", methods=["GET", "POST"])
def submit(slug):
    """Show the opinion form and store an opinion as pending moderation."""
    draft = _load_public_draft(slug)
    focus = request.args.get("article", "0")
    if request.args.get("clause"):
        focus = f"{focus}.{request.args['clause']}"
    form = FeedbackForm(draft, focus=focus if request.method == "GET" else None)
    if request.method == "GET":
        form.target.data = focus
    if not draft.accepts_feedback():
        return _closed(draft, form)
    if form.validate_on_submit():
        article, clause = resolve_target(draft, form.target.data)
        try:
            user = current_user if current_user.is_authenticated else None
            feedback = submit_feedback(draft, form.data, article=article, clause=clause, user=user)
        except WindowClosed:
            return _closed(draft, form)
        db.session.commit()
        return redirect(url_for("feedback.receipt", code=feedback.receipt_code))
    status = 422 if form.is_submitted() else 200
    return render_template("feedback/form.html", draft=draft, form=form), status


def _closed(draft, form):
    """Say the window is not open; give back anything the visitor typed so it is not lost."""
    status = 403 if request.method == "POST" else 200
    return render_template("feedback/closed.html", draft=draft, form=form), status


@bp.route("/receipts/<code>")
def receipt(code):
    """Show the status of one opinion to whoever holds its receipt code."""
    feedback = find_by_receipt(code)
    if feedback is None:
        abort(404)
    return render_template("feedback/receipt.html", feedback=feedback)


@bp.route("/receipts")
def lookup():
    """Find an opinion by its receipt code."""
    code = request.args.get("code", "").strip()
    error = None
    if code:
        feedback = find_by_receipt(code)
        if feedback is not None:
            return redirect(url_for("feedback.receipt", code=feedback.receipt_code))
        error = _("No opinion has this receipt code. Check the code and try again.")
    return render_template("feedback/lookup.html", code=code, error=error), 404 if error else 200
