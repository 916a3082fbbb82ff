"""The public 'report this opinion' form (its own blueprint: the moderation one is for staff only)."""

from flask import Blueprint, abort, current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from consult.extensions import db, limiter
from consult.feedback.models import Feedback, FeedbackStatus
from consult.hashing import client_key
from consult.moderation.citizen_flags import AlreadyReported, report_feedback, reporter_key
from consult.moderation.tools_forms import ReportForm
from consult.permissions import can_view_draft

bp = Blueprint("opinion_reports", __name__)


@bp.route("/opinions/<int:feedback_id>/report", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["CITIZEN_FLAG_RATE_LIMIT"], methods=["POST"])
def report(feedback_id):
    """Let a reader report a published opinion, once, with a reason."""
    feedback = db.session.get(Feedback, feedback_id)
    if (
        feedback is None
        or feedback.status != FeedbackStatus.APPROVED
        or not can_view_draft(current_user, feedback.draft)
    ):
        abort(404)
    form = ReportForm()
    back = url_for("public.draft", slug=feedback.draft.slug) + "#opinions"
    if form.validate_on_submit():
        user = current_user if current_user.is_authenticated else None
        try:
            report_feedback(feedback, reporter_key(user, client_key()), form.reason.data, form.note.data)
        except AlreadyReported:
            db.session.rollback()
            flash(_("You have already reported this opinion. Thank you: moderators will look at it."), "info")
            return redirect(back)
        db.session.commit()
        flash(_("Thank you. Moderators will look at this opinion."), "success")
        return redirect(back)
    status = 422 if form.is_submitted() else 200
    return render_template("moderation/report.html", feedback=feedback, form=form, back=back), status
