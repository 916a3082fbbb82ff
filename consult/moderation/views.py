"""Queue of pending opinions, its filters and counts, one opinion's own page, and the approve / reject actions (one
opinion, a selection, a page, a group; every opinion of a filter in consult.moderation.work_views)."""

from urllib.parse import urlencode

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user, login_required
from sqlalchemy import select

from consult.database import utcnow
from consult.drafts.models import Draft
from consult.extensions import db
from consult.feedback.models import CHANNELS, FLAG_LABELS, Feedback, FeedbackStatus
from consult.grouping.queries import differences_from, near_copies
from consult.moderation import bp
from consult.moderation.claims import claimed_among, claims_summary, holder
from consult.moderation.context import (
    allowed_draft_ids,
    back,
    flash_errors,
    hold_flags,
    moderated_drafts,
    parse_cursor,
    queue_args,
    request_filters,
)
from consult.moderation.forms import SCOPE_FILTER, BulkDecisionForm, ClaimForm, DecisionForm, GroupDecisionForm
from consult.moderation.presenting import page_text, queue_time
from consult.moderation.queue import (
    ANY_FLAG,
    CHOICE_COUNT_CAP,
    COUNT_CAP,
    GROUP_COUNT_CAP,
    NO_FLAG,
    choice_counts,
    count_matching,
    pending_group_sizes,
)
from consult.moderation.services import (
    AlreadyDecided,
    ClaimedByOther,
    approve_feedback,
    decide_group,
    decide_many,
    pending_queue,
    reject_feedback,
)
from consult.moderation.work_views import decide_filter
from consult.permissions import can_moderate, can_moderate_draft

NEAR_COPIES_SHOWN = 20  # near copies listed with their differences above a group decision
COUNTED_DRAFTS = 30  # per-draft counts in the filter's list up to this many drafts (one capped count each)


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
    drafts = moderated_drafts()
    by_id = {draft.id: draft for draft in drafts}
    draft_id = request.args.get("draft", type=int)
    filter_form, filters = request_filters(drafts)
    allowed = allowed_draft_ids(drafts)
    now = utcnow()
    held, held_until, taken_by_others = claims_summary(current_user, allowed, now)
    # Others' claims are looked up for each opinion the queue passes only when someone else holds any: a probe per
    # entry costs the page's count of 10,000 entries 5 ms at a million pending (bench/queue.py).
    viewer = current_user.id if taken_by_others or filters.mine else None
    size = current_app.config["QUEUE_PAGE_SIZE"]
    items = pending_queue(
        draft_ids=allowed,
        filters=filters,
        after=parse_cursor(request.args.get("after")),
        limit=size + 1,
        now=now,
        moderator_id=viewer,
    )
    next_cursor = None
    if len(items) > size:
        items = items[:size]
        last = items[-1]
        next_cursor = f"{last.created_at.isoformat()}~{last.id}"
    filter_args = {name: value for name, value in queue_args().items() if name != "after"}
    group = db.session.get(Feedback, filters.group_id) if filters.group_id else None
    if group is not None and group.draft_id not in by_id:  # another agency's group: not even its receipt code
        abort(404)
    near, near_total, differences, representative = [], 0, {}, None
    if group is not None:
        representative = db.session.get(Feedback, group.duplicate_group_id) if group.duplicate_group_id else group
        near, near_total = near_copies(representative.id, [FeedbackStatus.PENDING], NEAR_COPIES_SHOWN)
        differences = differences_from(representative, near)
    counts = choice_counts(
        allowed,
        drafts if len(drafts) <= COUNTED_DRAFTS else [],
        list(CHANNELS),
        [ANY_FLAG, NO_FLAG, *FLAG_LABELS],
    )
    filter_form.show_counts(counts, CHOICE_COUNT_CAP)
    claim_form = ClaimForm(formdata=None, count=current_app.config["QUEUE_CLAIM_SIZE"])
    return render_template(
        "moderation/queue.html",
        items=items,
        total=count_matching(allowed, filters, now, viewer),
        count_cap=COUNT_CAP,
        filters=filters,
        filter_form=filter_form,
        filter_args=filter_args,
        page_args=queue_args(),
        page_query=("?" + urlencode(queue_args())) if queue_args() else "",
        draft_id=draft_id,
        next_url=url_for("moderation.queue", **filter_args, after=next_cursor) if next_cursor else None,
        group=group,
        group_representative=representative,
        near_copies=near,
        near_total=near_total,
        differences=differences,
        group_sizes=pending_group_sizes(items),
        group_cap=GROUP_COUNT_CAP,
        hold_flags=set(hold_flags()),
        form=DecisionForm(formdata=None),
        page_text=page_text(),
        now=now,
        kept_item=kept if kept_id is not None else None,
        kept_id=kept_id,
        kept_bulk=kept if isinstance(kept, BulkDecisionForm) else None,
        kept_group=kept if isinstance(kept, GroupDecisionForm) else None,
        claim_form=claim_form,
        claim_minutes=current_app.config["QUEUE_CLAIM_MINUTES"],
        held=held,
        my_claims=claimed_among(current_user, [item.id for item in items], now) if held else set(),
        held_until=held_until,
        taken_by_others=taken_by_others,
    ), status


@bp.route("/opinions/<int:feedback_id>")
def opinion(feedback_id):
    """One pending (or decided) opinion on its own page: the whole card and its decision form; deciding returns to
    the queue as it was filtered."""
    feedback = db.session.get(Feedback, feedback_id) or abort(404)
    if not can_moderate_draft(current_user, feedback.draft):
        abort(403)
    return _show_opinion(feedback)


def _show_opinion(feedback, kept=None, status=200):
    """Render an opinion's own page (with a decision form sent with errors, when `kept`)."""
    group_id = feedback.duplicate_group_id or feedback.id
    return render_template(
        "moderation/opinion.html",
        item=feedback,
        claim=holder(feedback.id),
        group_sizes=pending_group_sizes([feedback]),
        group_cap=GROUP_COUNT_CAP,
        group_id=group_id,
        hold_flags=set(hold_flags()),
        form=DecisionForm(formdata=None),
        kept=kept,
        page_text=page_text(),
        page_args=queue_args(),
        page_query=("?" + urlencode(queue_args())) if queue_args() else "",
        back=back(),
        now=utcnow(),
    ), status


@bp.route("/<int:feedback_id>/decide", methods=["POST"])
def decide(feedback_id):
    """Approve or reject one opinion; if another moderator was first, say so."""
    feedback = db.session.get(Feedback, feedback_id) or abort(404)
    if not can_moderate_draft(current_user, feedback.draft):
        abort(403)
    form = DecisionForm()
    back_url = back()
    on_its_page = request.form.get("view") == "opinion"
    if not form.validate_on_submit():
        flash_errors(form, f"{feedback.receipt_code}: ")
        return _show_opinion(feedback, form, 422) if on_its_page else _show_queue(form, feedback.id, 422)
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
        return redirect(back_url)
    except ClaimedByOther as taken:
        claim = taken.claim
        who = claim.user.name or claim.user.email
        until = queue_time(claim.claimed_until, page_text()["zone"])
        db.session.rollback()
        flash(
            _(
                "Opinion %(code)s is taken by %(name)s until %(time)s: your decision was not saved.",
                code=feedback.receipt_code,
                name=who,
                time=until,
            ),
            "warning",
        )
        return redirect(back_url)
    db.session.commit()
    return redirect(back_url)


@bp.route("/bulk", methods=["POST"])
def decide_selected():
    """Give the ticked opinions one decision; opinions of drafts the user does not moderate are refused."""
    form = BulkDecisionForm()
    if not form.validate_on_submit():
        flash_errors(form)
        return _show_queue(form, status=422)
    status = FeedbackStatus.APPROVED if form.approve.data else FeedbackStatus.REJECTED
    if form.scope.data == SCOPE_FILTER:
        return decide_filter(form, status)
    chosen = form.chosen_ids()
    drafts = db.session.scalars(
        select(Draft).where(Draft.id.in_(select(Feedback.draft_id).where(Feedback.id.in_(chosen)).distinct()))
    ).all()
    if not all(can_moderate_draft(current_user, draft) for draft in drafts):
        abort(403)
    result = decide_many(
        current_user,
        chosen,
        status,
        form.reason.data or None,
        form.note.data,
        hold_flags(),
        author_message=form.author_message.data,
    )
    db.session.commit()
    _flash_result(result, status)
    return redirect(back())


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
        flash_errors(form)
        return _show_queue(form, status=422)
    status = FeedbackStatus.APPROVED if form.approve.data else FeedbackStatus.REJECTED
    # A group lives on one draft (groups are per draft), so the permission on the representative covers it.
    result = decide_group(
        current_user,
        representative.id,
        status,
        form.reason.data or None,
        form.note.data,
        hold_flags(),
        draft_ids=[representative.draft_id],
        author_message=form.author_message.data,
    )
    db.session.commit()
    _flash_result(result, status)
    return redirect(back())


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
    if result.claimed:
        flash(
            ngettext(
                "%(num)d opinion was left alone: another moderator has taken it.",
                "%(num)d opinions were left alone: other moderators have taken them.",
                result.claimed,
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
