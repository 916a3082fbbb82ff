"""Queue of pending opinions, its filters, and the approve / reject actions (one opinion, a selection, a group)."""

from datetime import datetime
from urllib.parse import urlencode, urlsplit
from zoneinfo import ZoneInfo

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user, login_required
from sqlalchemy import select

from consult.drafts.models import Draft, DraftStatus
from consult.extensions import db
from consult.feedback.models import AUTHOR_KINDS, CHANNELS, FLAG_LABELS, STANCES, Feedback, FeedbackStatus
from consult.grouping.queries import differences_from, near_copies
from consult.moderation import bp
from consult.moderation.forms import BulkDecisionForm, DecisionForm, GroupDecisionForm, QueueFilterForm
from consult.moderation.queue import GROUP_COUNT_CAP, pending_group_sizes
from consult.moderation.services import (
    AlreadyDecided,
    approve_feedback,
    decide_group,
    decide_many,
    pending_queue,
    reject_feedback,
)
from consult.permissions import can_moderate, can_moderate_draft, moderates_every_agency

NEAR_COPIES_SHOWN = 20  # near copies listed with their differences above a group decision
FILTER_ARGS = ("draft", "article", "channel", "flag", "age", "received_from", "received_to", "group")


def _moderated_drafts():
    """Return the drafts the current user may moderate."""
    drafts = db.session.scalars(select(Draft).where(Draft.status != DraftStatus.DRAFT).order_by(Draft.title)).all()
    return [draft for draft in drafts if can_moderate_draft(current_user, draft)]


def _allowed_draft_ids(drafts):
    """Return the ids of the drafts the user moderates, or None for a moderator of every agency."""
    # Moderators of every agency need no list of drafts in the query (it would grow with every consultation).
    return None if moderates_every_agency(current_user) else [draft.id for draft in drafts]


def _parse_cursor(value):
    """Read the keyset cursor 'isoformat~id' from the query string, or None."""
    try:
        stamp, feedback_id = value.rsplit("~", 1)
        return datetime.fromisoformat(stamp), int(feedback_id)
    except (AttributeError, ValueError):
        return None


def _queue_args():
    """Return the filters (and page) of the request's query string, to go back to the same queue view."""
    return {name: request.args[name] for name in FILTER_ARGS + ("after",) if request.args.get(name)}


def _back():
    """Return the queue as the moderator was looking at it."""
    return url_for("moderation.queue", **_queue_args())


def _flash_errors(form, prefix=""):
    """Flash every error of a form (with the opinion's code when one is concerned)."""
    for errors in form.errors.values():
        for error in errors:
            flash(f"{prefix}{error}", "error")


def _hold_flags():
    """Return the flag codes that keep an opinion out of bulk approval."""
    return current_app.config["MODERATION_HOLD_FLAGS"]


@bp.before_request
@login_required
def require_moderator():
    """Only moderators and admins reach these pages."""
    if not can_moderate(current_user):
        abort(403)


@bp.route("/")
def queue():
    """Pending opinions, oldest first, filtered by draft, article, channel, flag, age or duplicate group."""
    return _show_queue()


def _show_queue(kept=None, kept_id=None, status=200):
    """Render the queue of the request's filters; `kept` is a decision form sent with errors, shown again with
    what the moderator typed (on the opinion `kept_id`, or as the bulk or group form)."""
    drafts = _moderated_drafts()
    by_id = {draft.id: draft for draft in drafts}
    draft_id = request.args.get("draft", type=int)
    if draft_id is not None and draft_id not in by_id:
        abort(404)
    filter_form = QueueFilterForm(request.args)
    filter_form.set_choices(drafts, by_id[draft_id].articles if draft_id else [])
    filter_form.validate()
    filters = filter_form.to_filter()
    size = current_app.config["QUEUE_PAGE_SIZE"]
    items = pending_queue(
        draft_ids=_allowed_draft_ids(drafts),
        filters=filters,
        after=_parse_cursor(request.args.get("after")),
        limit=size + 1,
    )
    next_cursor = None
    if len(items) > size:
        items = items[:size]
        last = items[-1]
        next_cursor = f"{last.created_at.isoformat()}~{last.id}"
    filter_args = {name: value for name, value in _queue_args().items() if name != "after"}
    group = db.session.get(Feedback, filters.group_id) if filters.group_id else None
    if group is not None and group.draft_id not in by_id:  # another agency's group: not even its receipt code
        abort(404)
    near, near_total, differences, representative = [], 0, {}, None
    if group is not None:
        representative = db.session.get(Feedback, group.duplicate_group_id) if group.duplicate_group_id else group
        near, near_total = near_copies(representative.id, [FeedbackStatus.PENDING], NEAR_COPIES_SHOWN)
        differences = differences_from(representative, near)
    return render_template(
        "moderation/queue.html",
        items=items,
        filter_form=filter_form,
        filter_args=filter_args,
        page_args=_queue_args(),
        page_query=("?" + urlencode(_queue_args())) if _queue_args() else "",
        draft_id=draft_id,
        next_url=url_for("moderation.queue", **filter_args, after=next_cursor) if next_cursor else None,
        group=group,
        group_representative=representative,
        near_copies=near,
        near_total=near_total,
        differences=differences,
        group_sizes=pending_group_sizes(items),
        group_cap=GROUP_COUNT_CAP,
        hold_flags=set(_hold_flags()),
        form=DecisionForm(formdata=None),
        page_text=_page_text(),
        kept_item=kept if kept_id is not None else None,
        kept_id=kept_id,
        kept_bulk=kept if isinstance(kept, BulkDecisionForm) else None,
        kept_group=kept if isinstance(kept, GroupDecisionForm) else None,
    ), status


@bp.route("/<int:feedback_id>/decide", methods=["POST"])
def decide(feedback_id):
    """Approve or reject one opinion; if another moderator was first, say so."""
    feedback = db.session.get(Feedback, feedback_id) or abort(404)
    if not can_moderate_draft(current_user, feedback.draft):
        abort(403)
    form = DecisionForm()
    back = _back()
    if not form.validate_on_submit():
        _flash_errors(form, f"{feedback.receipt_code}: ")
        return _show_queue(form, feedback.id, 422)
    try:
        if form.approve.data:
            approve_feedback(current_user, feedback, form.note.data, form.author_message.data)
            flash(_("Opinion %(code)s approved and published.", code=feedback.receipt_code), "success")
        else:
            reject_feedback(current_user, feedback, form.reason.data, form.note.data, form.author_message.data)
            flash(_("Opinion %(code)s rejected.", code=feedback.receipt_code), "success")
    except AlreadyDecided:
        db.session.rollback()
        flash(_("Opinion %(code)s was already decided by another moderator.", code=feedback.receipt_code), "warning")
        return redirect(back)
    db.session.commit()
    return redirect(back)


@bp.route("/bulk", methods=["POST"])
def decide_selected():
    """Give the ticked opinions one decision; opinions of drafts the user does not moderate are refused."""
    form = BulkDecisionForm()
    if not form.validate_on_submit():
        _flash_errors(form)
        return _show_queue(form, status=422)
    drafts = db.session.scalars(
        select(Draft).where(
            Draft.id.in_(select(Feedback.draft_id).where(Feedback.id.in_(form.selected.data)).distinct())
        )
    ).all()
    if not all(can_moderate_draft(current_user, draft) for draft in drafts):
        abort(403)
    status = FeedbackStatus.APPROVED if form.approve.data else FeedbackStatus.REJECTED
    result = decide_many(
        current_user,
        form.selected.data,
        status,
        form.reason.data or None,
        form.note.data,
        _hold_flags(),
        author_message=form.author_message.data,
    )
    db.session.commit()
    _flash_result(result, status)
    return redirect(_back())


@bp.route("/group/<int:group_id>/decide", methods=["POST"])
def decide_whole_group(group_id):
    """Give a duplicate group's representative and every pending member one decision, each recorded on its own."""
    representative = db.session.get(Feedback, group_id) or abort(404)
    if representative.duplicate_group_id is not None:  # a member was named: decide its group
        representative = db.session.get(Feedback, representative.duplicate_group_id) or abort(404)
    if not can_moderate_draft(current_user, representative.draft):
        abort(403)
    form = GroupDecisionForm()
    valid = form.validate_on_submit()
    if valid and not form.near_copies_seen.data and near_copies(representative.id, [FeedbackStatus.PENDING], 1)[1]:
        # A near copy may say something else: one decision for all only once someone has read them
        form.near_copies_seen.errors.append(_("Read the near copies of the group, then tick the box to confirm."))
        valid = False
    if not valid:
        _flash_errors(form)
        return _show_queue(form, status=422)
    status = FeedbackStatus.APPROVED if form.approve.data else FeedbackStatus.REJECTED
    # A group lives on one draft (groups are per draft), so the permission on the representative covers it.
    result = decide_group(
        current_user,
        representative.id,
        status,
        form.reason.data or None,
        form.note.data,
        _hold_flags(),
        draft_ids=[representative.draft_id],
        author_message=form.author_message.data,
    )
    db.session.commit()
    _flash_result(result, status)
    return redirect(_back())


def _flash_result(result, status):
    """Say how many opinions were decided, skipped because someone was first, or left for individual review."""
    count = len(result.decided)
    if status == FeedbackStatus.APPROVED:
        flash(
            ngettext("%(num)d opinion approved and published.", "%(num)d opinions approved and published.", count),
            "success",
        )
    else:
        flash(ngettext("%(num)d opinion rejected.", "%(num)d opinions rejected.", count), "success")
    if result.already_decided:
        flash(
            ngettext(
                "%(num)d opinion was skipped: another moderator had already decided it.",
                "%(num)d opinions were skipped: another moderator had already decided them.",
                result.already_decided,
            ),
            "warning",
        )
    if result.held:
        shown = ", ".join(result.held[:20]) + (" …" if len(result.held) > 20 else "")
        flash(
            ngettext(
                "%(num)d flagged opinion was left for individual review: %(codes)s.",
                "%(num)d flagged opinions were left for individual review: %(codes)s.",
                len(result.held),
                codes=shown,
            ),
            "warning",
        )


def _page_text():
    """Translate once per page the labels every opinion repeats: a gettext call per opinion and label costs a
    page of 50 opinions more server time than its queries."""
    return {
        "stances": {code: str(text) for code, text in STANCES.items()},
        "channels": {code: str(text) for code, text in CHANNELS.items()},
        "author_kinds": {code: str(text) for code, text in AUTHOR_KINDS.items()},
        "flag_labels": {code: str(text) for code, text in FLAG_LABELS.items()},
        "tick": _("Tick %(code)s for a bulk decision"),  # formatted per opinion by the template
        # consult.drafts.labels.target_label's three forms, formatted per opinion by _item.html
        "whole_draft": _("Whole draft"),
        "article": _("Article %(number)d"),
        "clause": _("Clause %(clause)d, Article %(article)d"),
        "zone": ZoneInfo(current_app.config["BABEL_DEFAULT_TIMEZONE"]),
    }


@bp.app_template_filter("queue_time")
def queue_time(value, zone):
    """Return an aware UTC time as dd/mm/yyyy HH:MM in `zone` (the `datetime` filter's output, without Babel)."""
    return value.astimezone(zone).strftime("%d/%m/%Y %H:%M") if value else ""


def _domain(link):
    """Return the domain of a link as written in an opinion ("https://www.vay.vn/x" -> "vay.vn")."""
    host = urlsplit(link if "://" in link else f"http://{link}").hostname or link
    return host.removeprefix("www.")


@bp.app_template_filter("flag_summary")
def flag_summary(flags):
    """Return [(code, what triggered it)] of an opinion's flags: the matched word, the domains linked, the copy."""
    summary = []
    for flag in flags or []:
        code, detail = flag.get("code"), flag.get("detail") or ""
        if code == "links":
            detail = ", ".join(dict.fromkeys(_domain(link.strip()) for link in detail.split(",") if link.strip()))
        summary.append((code, detail))
    return summary
