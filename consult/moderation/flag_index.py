"""Keeping feedback_flag (one row per flag code of an opinion) equal to Feedback.flags.

Opinions written through the ORM (staff entry, offline imports, regrouping, factories) are followed by a session
hook after each flush; the busiest path, submit_feedback's single Core INSERT, calls index_flags() itself.
"""

from sqlalchemy import bindparam, delete, event, insert, inspect
from sqlalchemy.orm import Session

from consult.feedback.models import Feedback
from consult.moderation.models import FeedbackFlag

_INSERT = insert(FeedbackFlag.__table__)
_DELETE = delete(FeedbackFlag.__table__).where(FeedbackFlag.__table__.c.feedback_id == bindparam("feedback_id"))


def flag_rows(feedback_id, draft_id, created_at, flags):
    """Return the feedback_flag rows of one opinion: one per distinct code."""
    codes = dict.fromkeys(flag.get("code") for flag in flags or [] if flag.get("code"))
    return [{"feedback_id": feedback_id, "code": code, "draft_id": draft_id, "created_at": created_at}
            for code in codes]


def index_flags(connection, feedback_id, draft_id, created_at, flags):
    """Write the flag rows of a newly inserted opinion (nothing when it has no flag)."""
    rows = flag_rows(feedback_id, draft_id, created_at, flags)
    if rows:
        connection.execute(_INSERT, rows)


@event.listens_for(Session, "after_flush")
def _follow_flushed_flags(session, flush_context):
    """Rewrite the flag rows of every Feedback inserted, or whose flags changed, in this flush."""
    stale, rows = [], []
    for obj in list(session.new) + list(session.dirty):
        if not isinstance(obj, Feedback) or obj.id is None:
            continue
        state = inspect(obj)
        if obj not in session.new:
            if not state.attrs.flags.history.has_changes():
                continue
            stale.append({"feedback_id": obj.id})
        rows += flag_rows(obj.id, obj.draft_id, obj.created_at, obj.flags)
    if not (stale or rows):
        return
    connection = session.connection()
    if stale:
        connection.execute(_DELETE, stale)
    if rows:
        connection.execute(_INSERT, rows)
