"""An append-only record of every state change made by staff.

Append-only means: the application only ever INSERTs audit rows. Changing or deleting one through the ORM (a
loaded row, or an `update()`/`delete()` statement on the table) raises AuditLogIsAppendOnly before any SQL is
sent; on PostgreSQL a trigger (migration 0016) refuses UPDATE and DELETE from any client as well.

Accounts that acted are never deleted, only deactivated: `actor_id` is ON DELETE RESTRICT, so deleting a user
who has audit rows fails on every backend instead of silently rewriting who did what.
"""

from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import JSON, Delete, ForeignKey, Index, String, Update, event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Mapped, mapped_column, relationship

from consult.database import UTCDateTime, utcnow
from consult.extensions import db


class AuditLogIsAppendOnly(RuntimeError):
    """Audit rows are written once and never changed or deleted."""


class AuditLog(db.Model):
    """Who did what to which object, with the values before and after."""

    __tablename__ = "audit_log"
    # The log is read newest first, (created_at, id) descending, alone or under one equality filter; each index
    # ends with that key so a filtered page is one index range scan, however many millions of rows there are.
    __table_args__ = (
        Index("ix_audit_log_created_id", "created_at", "id"),
        Index("ix_audit_log_actor_created_id", "actor_id", "created_at", "id"),
        # varchar_pattern_ops: PostgreSQL serves `action LIKE 'feedback.%'` from it too, whatever the collation.
        Index(
            "ix_audit_log_action_created_id",
            "action",
            "created_at",
            "id",
            postgresql_ops={"action": "varchar_pattern_ops"},
        ),
        Index("ix_audit_log_object_created_id", "object_type", "object_id", "created_at", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="RESTRICT"))
    action: Mapped[str] = mapped_column(String(60))
    object_type: Mapped[str] = mapped_column(String(40))
    object_id: Mapped[int | None] = mapped_column()
    before: Mapped[dict | None] = mapped_column(JSON)
    after: Mapped[dict | None] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    actor = relationship("User")


def record(actor, action, obj, before=None, after=None):
    """Add an audit row for `action` by `actor` on `obj`; the caller's transaction commits it."""
    entry = AuditLog(
        actor_id=getattr(actor, "id", None),
        action=action,
        object_type=type(obj).__tablename__,
        object_id=obj.id,
        before=before,
        after=after,
    )
    db.session.add(entry)
    return entry


@event.listens_for(AuditLog, "before_update")
def _refuse_update(mapper, connection, target):
    """A loaded audit row that was changed is never written back."""
    raise AuditLogIsAppendOnly(f"audit row {target.id} cannot be changed")


@event.listens_for(AuditLog, "before_delete")
def _refuse_delete(mapper, connection, target):
    """A loaded audit row is never deleted."""
    raise AuditLogIsAppendOnly(f"audit row {target.id} cannot be deleted")


@event.listens_for(Engine, "before_execute")
def _refuse_statements(conn, clauseelement, multiparams, params, execution_options):
    """Refuse UPDATE and DELETE statements on the audit table, ORM bulk statements included."""
    if isinstance(clauseelement, (Update, Delete)) and getattr(clauseelement.table, "name", None) == "audit_log":
        raise AuditLogIsAppendOnly("the audit log is append-only")


# Translated names of the audited actions; the page shows the raw code next to them, and an action missing
# here is shown by its code alone.
ACTION_LABELS = {
    "agency.create": _l("Agency created"),
    "agency.update": _l("Agency changed"),
    "agency.expected": _l("Agency expected to consult (or not) in a period"),
    "user.create": _l("Account created"),
    "user.update": _l("Account changed"),
    "user.email_verified": _l("Account email confirmed"),
    "user.password": _l("Password changed"),
    "user.two_factor_on": _l("Two-step sign-in turned on"),
    "user.two_factor_off": _l("Two-step sign-in turned off"),
    "partner_key.issue": _l("Partner API key issued"),
    "partner_key.revoke": _l("Partner API key revoked"),
    "report.requested": _l("Report file requested"),
    "report.text_saved": _l("Report's own text saved"),
    "report.withdrawn": _l("Report file withdrawn"),
    "summary.requested": _l("Summary of opinions requested"),
    "theme.seed_add": _l("Theme named by seed words"),
    "theme.seed_remove": _l("Named theme removed"),
    "draft.create": _l("Draft created"),
    "draft.update": _l("Draft changed"),
    "draft.version": _l("New draft version"),
    "draft.open": _l("Draft opened for comments"),
    "draft.close": _l("Draft closed for comments"),
    "draft.close_requested": _l("Early closing requested (before the legal minimum)"),
    "draft.close_refused": _l("Early closing refused"),
    "draft.answered": _l("Draft marked as answered"),
    "draft.extend": _l("Comment period extended"),
    "draft.phase": _l("Consultation phase changed"),
    "draft.key_points": _l("Key points changed"),
    "poll.question_add": _l("Poll question added"),
    "poll.question_update": _l("Poll question changed"),
    "poll.question_move": _l("Poll questions reordered"),
    "poll.question_remove": _l("Poll question removed"),
    "attachment.add": _l("Attachment added"),
    "attachment.delete": _l("Attachment removed"),
    "feedback.approved": _l("Opinion approved"),
    "feedback.rejected": _l("Opinion rejected"),
    "feedback.contact_erased": _l("Contact details erased"),
    "feedback.redacted": _l("Part of an opinion hidden"),
    "feedback.reported": _l("Opinion reported by a reader"),
    "feedback.second_look": _l("Author asked for a second look at a rejected opinion"),
    "submitter.blocked": _l("Submitter blocked"),
    "submitter.unblocked": _l("Submitter unblocked"),
    "partner_key.use": _l("Opinion sent with a partner API key"),
    "feedback.email_verified": _l("Opinion email confirmed"),
    "feedback.unverified_deleted": _l("Unconfirmed opinions deleted"),
    "feedback.enter_offline": _l("Offline opinion entered"),
    "feedback.import_offline": _l("Offline opinions imported"),
    "answer_text.create": _l("Answer text written"),
    "answer_text.update": _l("Answer text changed"),
    "answer.create": _l("Opinion answered"),
    "answer.update": _l("Opinion's answer changed"),
    "answers.publish": _l("Answers published"),
}

# The kinds of object audit rows point at (their table names), for the filter.
OBJECT_TYPE_LABELS = {
    "agency": _l("Agency"),
    "user_account": _l("Account"),
    "draft": _l("Draft"),
    "attachment": _l("Attachment"),
    "feedback": _l("Opinion record"),
    "answer_text": _l("Answer text"),
    "answer": _l("Answer to an opinion"),
    "report_run": _l("Report file"),
    "summary_run": _l("Summary of opinions"),
    "partner_key": _l("Partner API key"),
}
