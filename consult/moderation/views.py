"""Queue of pending opinions and the approve / reject action."""

from datetime import datetime

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select

from consult.drafts.models import Draft, DraftStatus
from consult.extensions import db
from consult.feedback.models import Feedback
from consult.moderation import bp
from consult.moderation.forms import DecisionForm
from consult.moderation.services import AlreadyDecided, approve_feedback, pending_queue, reject_feedback
from consult.permissions import can_moderate, can_moderate_draft, moderates_every_agency


def _moderated_drafts():
    """Return the drafts the current user may moderate."""
    drafts = db.session.scalars(select(Draft).where(Draft.status != DraftStatus.DRAFT).order_by(Draft.title)).all()
    return [draft for draft in drafts if can_moderate_draft(current_user, draft)]


def _parse_cursor(value):
    """Read the keyset cursor 'isoformat~id' from the query string, or None."""
    try:
        stamp, feedback_id = value.rsplit("~", 1)
        return datetime.fromisoformat(stamp), int(feedback_id)
    except (AttributeError, ValueError):
        return None


@bp.before_request
@login_required
def require_moderator():
    """Only moderators and admins reach these pages."""
    if not can_moderate(current_user):
        abort(403)


@bp.route("/")
def queue():
    """Pending opinions, oldest first, optionally for one draft."""
    drafts = _moderated_drafts()
    draft_id = request.args.get("draft", type=int)
    if draft_id is not None and draft_id not in {draft.id for draft in drafts}:
        abort(404)
    after = _parse_cursor(request.args.get("after"))
    size = current_app.config["QUEUE_PAGE_SIZE"]
    # Moderators of every agency need no list of drafts in the query (it would grow with every consultation).
    allowed = None if moderates_every_agency(current_user) else [draft.id for draft in drafts]
    items = pending_queue(draft_ids=allowed, draft_id=draft_id, after=after, limit=size + 1)
    next_cursor = None
    if len(items) > size:
        items = items[:size]
        last = items[-1]
        next_cursor = f"{last.created_at.isoformat()}~{last.id}"
    return render_template(
        "moderation/queue.html",
        items=items,
        drafts=drafts,
        draft_id=draft_id,
        next_cursor=next_cursor,
        form=DecisionForm(),
    )


@bp.route("/<int:feedback_id>/decide", methods=["POST"])
def decide(feedback_id):
    """Approve or reject one opinion; if another moderator was first, say so."""
    feedback = db.session.get(Feedback, feedback_id) or abort(404)
    if not can_moderate_draft(current_user, feedback.draft):
        abort(403)
    form = DecisionForm()
    back = url_for("moderation.queue", draft=request.args.get("draft", type=int))
    if not form.validate_on_submit():
        for errors in form.errors.values():
            for error in errors:
                flash(f"{feedback.receipt_code}: {error}", "error")
        return redirect(back)
    try:
        if form.approve.data:
            approve_feedback(current_user, feedback, form.note.data)
            flash(_("Opinion %(code)s approved and published.", code=feedback.receipt_code), "success")
        else:
            reject_feedback(current_user, feedback, form.reason.data, form.note.data)
            flash(_("Opinion %(code)s rejected.", code=feedback.receipt_code), "success")
    except AlreadyDecided:
        db.session.rollback()
        flash(_("Opinion %(code)s was already decided by another moderator.", code=feedback.receipt_code), "warning")
        return redirect(back)
    db.session.commit()
    return redirect(back)
