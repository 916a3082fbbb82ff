"""Agency pages around the summary: every group of identical or similar opinions, and the opinions of one group."""

from flask import abort, render_template, request
from flask_babel import format_number

from consult.agency import bp
from consult.agency.access import load_managed_draft
from consult.agency.summary import duplicate_groups_page, group_members
from consult.extensions import db
from consult.feedback.models import Feedback, FeedbackStatus

PAGE_SIZE = 50


@bp.app_template_filter("number")
def number(value):
    """Write a count the local way: 1.204 in Vietnamese, 1,204 in English."""
    return format_number(value)


@bp.route("/drafts/<int:draft_id>/groups")
def groups(draft_id):
    """Every group of two or more identical or similar opinions, largest first, a page at a time."""
    draft = load_managed_draft(draft_id)
    size, after = request.args.get("size", type=int), request.args.get("after", type=int)
    page, following = duplicate_groups_page(draft, (size, after) if size and after else None, limit=PAGE_SIZE)
    return render_template("agency/groups.html", draft=draft, groups=page, following=following,
                           first=size is None)


@bp.route("/drafts/<int:draft_id>/groups/<int:representative_id>")
def group(draft_id, representative_id):
    """The opinions of one group (published, pending and rejected), in the order they arrived, a page at a time."""
    draft = load_managed_draft(draft_id)
    representative = db.session.get(Feedback, representative_id)
    if representative is None or representative.draft_id != draft.id or representative.duplicate_group_id:
        abort(404)
    after = request.args.get("after", type=int)
    members = group_members(draft, representative.id, after=after, limit=PAGE_SIZE + 1, statuses=FeedbackStatus.ALL)
    following = members[PAGE_SIZE - 1].id if len(members) > PAGE_SIZE else None
    return render_template("agency/group.html", draft=draft, representative=representative,
                           members=members[:PAGE_SIZE], following=following, after=after)
