"""Agency pages of the summary: the dashboard and its computation, every group of identical or similar opinions,
and the opinions of one group."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import format_number
from flask_babel import gettext as _
from flask_login import current_user

from consult.agency import bp
from consult.agency.access import load_managed_draft
from consult.agency.charts import summary_charts
from consult.agency.summary import duplicate_groups_page, group_members
from consult.agency.summary_runs import request_summary_run, summary_page
from consult.extensions import db
from consult.feedback.models import Feedback, FeedbackStatus
from consult.grouping.queries import differences_from
from consult.polls.results import OTHER_TEXTS_SHOWN, poll_results
from consult.runs import with_refresh

PAGE_SIZE = 50


@bp.app_template_filter("number")
def number(value):
    """Write a count the local way: 1.204 in Vietnamese, 1,204 in English."""
    return format_number(value)


@bp.route("/drafts/<int:draft_id>/summary")
def summary(draft_id):
    """The dashboard: counts by article and stance, author kind, locality, channel and day, with charts, and the
    largest groups of identical or similar opinions; live for small drafts, else the latest computed snapshot."""
    draft = load_managed_draft(draft_id)
    page = summary_page(draft, current_user)
    if page.requested:  # the first visit to a large draft asked for its run: show it from the database
        db.session.commit()
        return redirect(url_for("agency.summary", draft_id=draft.id))
    charts = summary_charts(page.summary) if page.summary else None
    poll = poll_results(draft.id, other_texts=True, other_limit=OTHER_TEXTS_SHOWN)
    html = render_template(
        "agency/summary.html", draft=draft, page=page, summary=page.summary, charts=charts, poll=poll
    )
    return with_refresh(html, [page.run])


@bp.route("/drafts/<int:draft_id>/summary/compute", methods=["POST"])
def compute_summary(draft_id):
    """Compute the draft's summary and themes again in the background; the dashboard follows the run."""
    return ask_for_summary_run(
        draft_id, "agency.summary", _("The summary is being computed. This page shows its progress.")
    )


def ask_for_summary_run(draft_id, page, message):
    """Ask for a run of the draft's summary (or join the one in progress), then go back to `page`, which shows it."""
    draft = load_managed_draft(draft_id)
    request_summary_run(draft, current_user)
    db.session.commit()
    flash(message, "success")
    return redirect(url_for(page, draft_id=draft.id))


@bp.route("/drafts/<int:draft_id>/groups")
def groups(draft_id):
    """Every group of two or more identical or similar opinions, largest first, a page at a time."""
    draft = load_managed_draft(draft_id)
    size, after = request.args.get("size", type=int), request.args.get("after", type=int)
    page, following = duplicate_groups_page(draft, (size, after) if size and after else None, limit=PAGE_SIZE)
    return render_template("agency/groups.html", draft=draft, groups=page, following=following, first=size is None)


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
    return render_template(
        "agency/group.html",
        draft=draft,
        representative=representative,
        members=members[:PAGE_SIZE],
        differences=differences_from(representative, members[:PAGE_SIZE]),
        following=following,
        after=after,
    )
