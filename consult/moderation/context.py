"""What the moderation pages read from the request: the moderator's drafts, the queue's filters (to show the same
queue again, or act on it) and where to go back."""

from datetime import datetime

from flask import abort, current_app, flash, request, url_for
from flask_login import current_user
from sqlalchemy import select

from consult.drafts.models import Draft, DraftStatus
from consult.extensions import db
from consult.moderation.forms import QueueFilterForm
from consult.permissions import can_moderate_draft, moderates_every_agency

FILTER_ARGS = ("draft", "article", "channel", "flag", "age", "received_from", "received_to", "group", "q", "mine")


def moderated_drafts():
    """Return the drafts the current user may moderate."""
    drafts = db.session.scalars(select(Draft).where(Draft.status != DraftStatus.DRAFT).order_by(Draft.title)).all()
    return [draft for draft in drafts if can_moderate_draft(current_user, draft)]


def allowed_draft_ids(drafts):
    """Return the ids of the drafts the user moderates, or None for a moderator of every agency."""
    # Moderators of every agency need no list of drafts in the query (it would grow with every consultation).
    return None if moderates_every_agency(current_user) else [draft.id for draft in drafts]


def parse_cursor(value):
    """Read the keyset cursor 'isoformat~id' from the query string, or None."""
    try:
        stamp, feedback_id = value.rsplit("~", 1)
        return datetime.fromisoformat(stamp), int(feedback_id)
    except (AttributeError, ValueError):
        return None


def queue_args():
    """Return the filters (and page) of the request's query string, to go back to the same queue view."""
    return {name: request.args[name] for name in FILTER_ARGS + ("after",) if request.args.get(name)}


def back():
    """Return the queue as the moderator was looking at it."""
    return url_for("moderation.queue", **queue_args())


def flash_errors(form, prefix=""):
    """Flash every error of a form (with the opinion's code when one is concerned)."""
    for errors in form.errors.values():
        for error in errors:
            flash(f"{prefix}{error}", "error")


def hold_flags():
    """Return the flag codes that keep an opinion out of bulk approval."""
    return current_app.config["MODERATION_HOLD_FLAGS"]


def request_filters(drafts):
    """Return (QueueFilterForm, QueueFilter) of the request's query string, the articles offered being those of
    the draft asked for; 404 for a draft the moderator does not moderate."""
    by_id = {draft.id: draft for draft in drafts}
    draft_id = request.args.get("draft", type=int)
    if draft_id is not None and draft_id not in by_id:
        abort(404)
    form = QueueFilterForm(request.args)
    form.set_choices(drafts, by_id[draft_id].articles if draft_id else [])
    form.validate()
    return form, form.to_filter()
