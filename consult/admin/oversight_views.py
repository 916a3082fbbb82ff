"""Admin pages that watch the platform: the audit log (read and export only) and the moderation dashboard."""

from flask import Response, abort, current_app, render_template, request, stream_with_context
from flask_babel import gettext as _

from consult.admin import bp
from consult.admin.audit_log import (
    AuditFilters,
    action_label,
    audit_page,
    describe_changes,
    export_audit_csv,
    find_actor_id,
    local_day_bounds,
    parse_cursor,
)
from consult.admin.dashboard import (
    draft_timings,
    moderator_throughput,
    pending_by_draft,
    seconds_text,
    time_to_decision,
)
from consult.admin.forms import AuditFilterForm, DashboardForm
from consult.audit import ACTION_LABELS, OBJECT_TYPE_LABELS
from consult.drafts.models import Draft
from consult.extensions import db


def _read_filters():
    """Return the filter form from the query string and the AuditFilters it means, or None when it is invalid."""
    form = AuditFilterForm(formdata=request.args, meta={"csrf": False})
    form.set_object_types(OBJECT_TYPE_LABELS)
    if not form.validate():
        return form, None
    actor_id = None
    if form.actor.data:
        actor_id = find_actor_id(form.actor.data)
        if actor_id is None:
            form.actor.errors.append(_("No account has this email."))
            return form, None
    since, until = local_day_bounds(
        form.date_from.data, form.date_to.data, current_app.config["BABEL_DEFAULT_TIMEZONE"]
    )
    filters = AuditFilters(
        actor_id=actor_id,
        action=form.action.data or None,
        object_type=form.object_type.data or None,
        object_id=form.object_id.data,
        since=since,
        until=until,
    )
    return form, filters


@bp.route("/audit")
def audit():
    """The audit log, newest first, filtered; entries can be read and exported, never changed."""
    form, filters = _read_filters()
    entries, next_cursor = [], None
    if filters is not None:
        entries, next_cursor = audit_page(filters, parse_cursor(request.args.get("after")))
    query = {key: value for key, value in request.args.items() if key != "after" and value}
    return render_template(
        "admin/audit.html",
        form=form,
        entries=entries,
        next_cursor=next_cursor,
        query=query,
        first_page=not request.args.get("after"),
        action_label=action_label,
        describe_changes=describe_changes,
        known_actions=sorted(ACTION_LABELS),
        OBJECT_TYPE_LABELS=OBJECT_TYPE_LABELS,
    ), 200 if filters is not None else 422


@bp.route("/audit.csv")
def audit_csv():
    """Download the filtered log as CSV (all pages)."""
    _form, filters = _read_filters()
    if filters is None:
        abort(422)
    return Response(
        stream_with_context(export_audit_csv(filters)),
        mimetype="text/csv",
        headers={"Content-Disposition": 'attachment; filename="nhat-ky-kiem-tra.csv"', "Cache-Control": "no-store"},
    )


@bp.route("/dashboard")
def dashboard():
    """Per draft: opinions waiting and how long moderation decisions take."""
    return render_template("admin/dashboard.html", timings=draft_timings(), seconds_text=seconds_text)


@bp.route("/dashboard/drafts/<int:draft_id>")
def dashboard_draft(draft_id):
    """One draft: decisions per moderator per day over the chosen recent days and in total."""
    draft = db.session.get(Draft, draft_id) or abort(404)
    form = DashboardForm(formdata=request.args, meta={"csrf": False})
    days = form.days.data if form.validate() else form.days.default
    throughput = moderator_throughput(draft, days, current_app.config["BABEL_DEFAULT_TIMEZONE"])
    decided = time_to_decision([draft.id]).get(draft.id, (0, None, None))
    pending = pending_by_draft([draft.id]).get(draft.id, (0, None))
    return render_template(
        "admin/dashboard_draft.html",
        draft=draft,
        form=form,
        days=days,
        throughput=throughput,
        decided=decided,
        pending=pending,
        seconds_text=seconds_text,
    )
