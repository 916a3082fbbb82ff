"""Reading the audit log: filtered keyset pages newest first, the readable diff of a row, and the CSV export.

Who may read it: administrators only. Audit rows point at objects of every kind (accounts, agencies, drafts,
opinions) through a table name and an id, and their before/after values may name people of other agencies; giving
an agency's editors or moderators "their" rows would need a per-kind lookup of each object's agency on every page
and would be easy to get subtly wrong, so the log stays with the admins who already see everything.
"""

import json
from dataclasses import dataclass, replace
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import Boolean, literal, select, tuple_, union_all
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import joinedload
from sqlalchemy.sql.expression import ColumnElement

from consult.audit import ACTION_LABELS, OBJECT_TYPE_LABELS, AuditLog
from consult.auth.models import User
from consult.csvfiles import stream_csv
from consult.database import UTCDateTime, prefix_filter_needs_ranges
from consult.extensions import db
from consult.i18n import label

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
PAGE_SIZE = 50


@dataclass(frozen=True)
class AuditFilters:
    """What the reader asked for; every field optional. `until` is exclusive."""

    actor_id: int | None = None
    action: str | None = None  # "feedback.approved" exactly, or "feedback.*" / "feedback" for a whole family
    object_type: str | None = None
    object_id: int | None = None
    since: datetime | None = None
    until: datetime | None = None

    def conditions(self):
        """Return the WHERE conditions of these filters."""
        conditions = []
        if self.actor_id is not None:
            conditions.append(AuditLog.actor_id == self.actor_id)
        if self.action:
            prefix = action_prefix(self.action)
            if prefix is None:
                conditions.append(AuditLog.action == self.action)
            else:
                conditions.append(starts_with(AuditLog.action, prefix))
        if self.object_type:
            conditions.append(AuditLog.object_type == self.object_type)
        if self.object_id is not None:
            conditions.append(AuditLog.object_id == self.object_id)
        if self.since is not None:
            conditions.append(AuditLog.created_at >= self.since)
        if self.until is not None:
            conditions.append(AuditLog.created_at < self.until)
        return conditions


class starts_with(ColumnElement):
    """`column` starts with `prefix`, written so that each backend serves it from an index on the column.

    SQLite uses an index for GLOB (case-sensitive, like the codes) but for LIKE only under a pragma; PostgreSQL uses
    the varchar_pattern_ops index on `action` for LIKE 'prefix%' whatever the database's collation.
    """

    type = Boolean()
    inherit_cache = False
    # A comparison already: without this SQLite (no native boolean) gets `action GLOB ? = 1`, which no index serves.
    _is_implicitly_boolean = True

    def __init__(self, column, prefix):
        self.column, self.prefix = column, prefix


@compiles(starts_with)
def _starts_with_like(element, compiler, **kw):
    return compiler.process(element.column.startswith(element.prefix, autoescape=True), **kw)


@compiles(starts_with, "sqlite")
def _starts_with_glob(element, compiler, **kw):
    pattern = "".join(f"[{char}]" if char in "*?[" else char for char in element.prefix) + "*"
    return compiler.process(element.column.op("GLOB")(literal(pattern)), **kw)


def action_prefix(action):
    """Return the prefix an action filter stands for ("feedback.*" and "feedback" -> "feedback."), or None if exact."""
    if action.endswith("*"):
        return action[:-1]
    if "." not in action:
        return action + "."
    return None


def local_day_bounds(first_day, last_day, zone):
    """Return the UTC instants [start of first_day, start of the day after last_day) in the time zone `zone`."""
    tz = ZoneInfo(zone)
    since = datetime.combine(first_day, time.min, tz).astimezone(UTC) if first_day else None
    until = datetime.combine(last_day + timedelta(days=1), time.min, tz).astimezone(UTC) if last_day else None
    return since, until


def encode_cursor(entry):
    """Return the keyset cursor after `entry`: microseconds since 1970 and the id."""
    return f"{(entry.created_at - EPOCH) // timedelta(microseconds=1)}.{entry.id}"


def parse_cursor(value):
    """Return (created_at, id) from a cursor, or None when it is missing or malformed."""
    try:
        micros, entry_id = (int(part) for part in (value or "").split("."))
        return EPOCH + timedelta(microseconds=micros), entry_id
    except (ValueError, OverflowError):
        return None


def audit_page(filters, cursor=None, limit=PAGE_SIZE):
    """Return up to `limit` entries newest first after `cursor`, their actors loaded, and the next cursor or None."""
    query = select(AuditLog).options(joinedload(AuditLog.actor))
    if filters.action and action_prefix(filters.action) is not None and prefix_filter_needs_ranges():
        ids = _family_page_ids(filters, cursor, limit + 1)
        query = query.where(AuditLog.id.in_(ids)).order_by(AuditLog.created_at.desc(), AuditLog.id.desc())
    else:
        query = _newest_first(query.where(*filters.conditions()), cursor).limit(limit + 1)
    entries = db.session.scalars(query).all()
    next_cursor = encode_cursor(entries[limit - 1]) if len(entries) > limit else None
    return entries[:limit], next_cursor


def _newest_first(query, cursor):
    """Order a query of the log newest first, after `cursor` when given."""
    if cursor is not None:
        created_at, entry_id = cursor
        # A row-value comparison: both backends turn it into one index range bound.
        query = query.where(
            tuple_(AuditLog.created_at, AuditLog.id) < tuple_(literal(created_at, UTCDateTime()), literal(entry_id))
        )
    return query.order_by(AuditLog.created_at.desc(), AuditLog.id.desc())


def family_actions(prefix):
    """Return the distinct actions starting with `prefix`, one index seek each (a skip scan of the action index)."""

    # Each step is `action > previous ORDER BY action LIMIT 1` alone: with the prefix's own range in the same WHERE,
    # SQLite seeks to the start of the prefix and walks every entry of the previous action. The walk stops at the
    # first action outside the family.
    def after(previous=None):
        query = select(AuditLog.action).order_by(AuditLog.action).limit(1)
        return query.where(starts_with(AuditLog.action, prefix) if previous is None else AuditLog.action > previous)

    found = select(after().scalar_subquery().label("action")).cte("family", recursive=True)
    found = found.union_all(
        select(after(found.c.action).correlate(found).scalar_subquery())
        .select_from(found)
        .where(starts_with(found.c.action, prefix))
    )
    return list(db.session.scalars(select(found.c.action).where(starts_with(found.c.action, prefix))))


def _family_page_ids(filters, cursor, limit):
    """Return the ids of a page of a family of actions ("feedback.*"): the newest `limit` entries of each action,
    merged.

    One filter on the family as a whole is read newest first from the (created_at, id) index, skipping the other
    actions: fine for a common family, but for a rare one SQLite then walks the whole log to fill a page
    (bench/audit.py's rare_family_ms, docs/benchmarks.md). Each action of the family is one range of the
    (action, created_at, id) index instead, in page order. PostgreSQL's planner picks the right index for the
    family filter itself (its varchar_pattern_ops index serves LIKE but not the ordered skip scan of
    family_actions), so this is used only where consult.database.prefix_filter_needs_ranges() says so.
    """
    branches = [
        _newest_first(
            select(AuditLog.id, AuditLog.created_at).where(*replace(filters, action=action).conditions()), cursor
        )
        .limit(limit)
        .subquery()
        for action in family_actions(action_prefix(filters.action))
    ]
    if not branches:
        return []
    merged = union_all(*(select(branch.c.id, branch.c.created_at) for branch in branches)).subquery()
    return list(
        db.session.scalars(select(merged.c.id).order_by(merged.c.created_at.desc(), merged.c.id.desc()).limit(limit))
    )


def find_actor_id(email):
    """Return the id of the account with this email, or None."""
    return db.session.scalar(select(User.id).where(User.email == email.strip().lower()))


def show_value(value):
    """Return a stored value as text a person can read: JSON for lists and objects, '' for nothing."""
    if value is None:
        return ""
    if isinstance(value, (dict, list, bool)):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return str(value)


def describe_changes(before, after):
    """Return one row per key of before/after: key, old text, new text and whether it was added, removed or changed."""
    before, after = before or {}, after or {}
    rows = []
    for key in sorted(set(before) | set(after)):
        if key not in before:
            change = "added"
        elif key not in after:
            change = "removed"
        else:
            change = "changed" if before[key] != after[key] else "same"
        rows.append(
            {"key": key, "before": show_value(before.get(key)), "after": show_value(after.get(key)), "change": change}
        )
    return rows


def action_label(code):
    """Return the translated name of an action code, or the code itself."""
    return label(ACTION_LABELS, code)


def csv_header():
    """Return the translated column titles of the export."""
    return [
        _("Time"),
        _("Account ID"),
        _("Account email"),
        _("Action"),
        _("Action code"),
        _("Object type"),
        _("Object ID"),
        _("Before"),
        _("After"),
    ]


def export_audit_csv(filters, batch_size=1000):
    """Yield the filtered log newest first as CSV in chunks (consult.csvfiles.stream_csv)."""
    return stream_csv(csv_header(), _audit_rows(filters, batch_size))


def _audit_rows(filters, batch_size):
    """Yield the cells of the filtered log's entries newest first, read `batch_size` rows at a time."""
    query = (
        select(
            AuditLog.created_at,
            AuditLog.actor_id,
            User.email,
            AuditLog.action,
            AuditLog.object_type,
            AuditLog.object_id,
            AuditLog.before,
            AuditLog.after,
        )
        .outerjoin(User, User.id == AuditLog.actor_id)
        .where(*filters.conditions())
        .order_by(AuditLog.created_at.desc(), AuditLog.id.desc())
        .execution_options(yield_per=batch_size)
    )
    zone = ZoneInfo(current_app.config["BABEL_DEFAULT_TIMEZONE"])
    actions, kinds = {}, {}  # translated once per code, not once per row
    for created_at, actor_id, email, action, object_type, object_id, before, after in db.session.execute(query):
        if action not in actions:
            actions[action] = action_label(action)
        if object_type not in kinds:
            kinds[object_type] = label(OBJECT_TYPE_LABELS, object_type)
        yield [
            created_at.astimezone(zone).strftime("%d/%m/%Y %H:%M:%S"),
            actor_id or "",
            email or "",
            actions[action],
            action,
            kinds[object_type],
            object_id or "",
            show_value(before),
            show_value(after),
        ]
