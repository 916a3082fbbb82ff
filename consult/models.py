"""Every model, imported in one place for Alembic and the shell."""

from consult.agency.models import Agency, AgencyKind
from consult.attachments.models import Attachment
from consult.audit import AuditLog
from consult.auth.models import Role, User
from consult.drafts.models import Article, Clause, Draft, DraftStatus, DraftVersion, Phase, Section, WindowExtension
from consult.feedback.models import Feedback, FeedbackLshBand, FeedbackStatus
from consult.moderation.models import ModerationDecision

__all__ = [
    "Agency",
    "AgencyKind",
    "Article",
    "Attachment",
    "AuditLog",
    "Clause",
    "Draft",
    "DraftStatus",
    "DraftVersion",
    "Feedback",
    "FeedbackLshBand",
    "FeedbackStatus",
    "ModerationDecision",
    "Phase",
    "Role",
    "Section",
    "User",
    "WindowExtension",
]
