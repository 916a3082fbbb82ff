"""Sharing the queue's work out: claiming the next opinions (and giving them back), and one decision for every
opinion matching a filter, run in the background with its progress on a page that reloads itself."""

from urllib.parse import urlencode

from flask import abort, current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

from consult.extensions import db
from consult.moderation import bp, bulk_runs
from consult.moderation.claims import claim_next, release_claims
from consult.moderation.context import (
    allowed_draft_ids,
    back,
    flash_errors,
    moderated_drafts,
    queue_args,
    request_filters,
)
from consult.moderation.forms import ClaimForm
from consult.moderation.models import BulkRun
from consult.permissions import is_admin
from consult.runs import stale_seconds, with_refresh


@bp.route("/claim", methods=["POST"])
def claim():
    """Take the next opinions of the queue as filtered, for QUEUE_CLAIM_MINUTES; show them."""
    form = ClaimForm()
    if not form.validate_on_submit():
        flash_errors(form)
        return redirect(back())
    drafts = moderated_drafts()
    minutes = current_app.config["QUEUE_CLAIM_MINUTES"]
    taken = claim_next(current_user, allowed_draft_ids(drafts), request_filters(drafts)[1], form.count.data, minutes)
    db.session.commit()
    if taken:
        flash(
            ngettext(
                "You took %(num)d opinion for %(minutes)d minutes: other moderators will not see it meanwhile.",
                "You took %(num)d opinions for %(minutes)d minutes: other moderators will not see them meanwhile.",
                len(taken),
                minutes=minutes,
            ),
            "success",
        )
    else:
        flash(_("No opinion is left to take: the others are decided or taken."), "warning")
    args = {name: value for name, value in queue_args().items() if name != "after"}
    return redirect(url_for("moderation.queue", **dict(args, mine=1)))


@bp.route("/claims/release", methods=["POST"])
def release():
    """Give back every opinion the moderator took: others see them again."""
    form = ClaimForm()
    if not form.validate_on_submit() and "csrf_token" in form.errors:
        abort(400)
    count = release_claims(current_user)
    db.session.commit()
    flash(ngettext("%(num)d opinion given back.", "%(num)d opinions given back.", count), "success")
    args = {name: value for name, value in queue_args().items() if name not in ("after", "mine")}
    return redirect(url_for("moderation.queue", **args))


def decide_filter(form, status):
    """Decide every opinion matching the request's filter in the background (from the bulk form, its scope
    'filter'); at most FILTER_DECISION_CAP at once."""
    drafts = moderated_drafts()
    ids = bulk_runs.matching_ids(allowed_draft_ids(drafts), request_filters(drafts)[1], current_user.id)
    if not ids:
        flash(_("No pending opinion matches these filters."), "warning")
        return redirect(back())
    if len(ids) > bulk_runs.FILTER_DECISION_CAP:
        flash(
            _(
                "More than %(num)s opinions match these filters: narrow them (a draft, an article, a flag, words) "
                "to decide them all at once.",
                num=f"{bulk_runs.FILTER_DECISION_CAP:,}".replace(",", "."),
            ),
            "warning",
        )
        return redirect(back())
    args = {name: value for name, value in queue_args().items() if name != "after"}
    run = bulk_runs.request_filter_decision(
        current_user, ids, status, form.reason.data or None, form.note.data, form.author_message.data, args
    )
    db.session.commit()
    return redirect(url_for("moderation.bulk_run", run_id=run.id))


@bp.route("/bulk-runs/<int:run_id>")
def bulk_run(run_id):
    """A decision over a filter: its progress while it runs (the page reloads itself), then what it did."""
    run = db.session.get(BulkRun, run_id) or abort(404)
    if run.requested_by_id != current_user.id and not is_admin(current_user):
        abort(404)
    page = render_template(
        "moderation/bulk_run.html",
        run=run,
        stale=run.is_stale(stale_seconds()),
        back=url_for("moderation.queue") + ("?" + urlencode(run.queue_args) if run.queue_args else ""),
    )
    return with_refresh(page, [run])
