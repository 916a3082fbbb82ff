"""Every model, imported in one place for Alembic and the shell."""

from consult.agency.models import Agency, AgencyKind
from consult.answers.models import Answer, AnswerText
from consult.attachments.models import Attachment
from consult.audit import AuditLog
from consult.auth.models import Role, User
from consult.drafts.models import Article, Clause, Draft, DraftStatus, DraftVersion, Phase, Section, WindowExtension
from consult.feedback.models import Feedback, FeedbackLshBand, FeedbackStatus
from consult.feedback.verification import EmailCode
from consult.moderation.models import FeedbackFlag, ModerationDecision
from consult.search.models import SearchEntry

__all__ = [
    "Agency",
    "AgencyKind",
    "Answer",
    "AnswerText",
    "Article",
    "Attachment",
    "AuditLog",
    "Clause",
    "Draft",
    "EmailCode",
    "DraftStatus",
    "DraftVersion",
    "Feedback",
    "FeedbackLshBand",
    "FeedbackStatus",
    "ModerationDecision",
    "Phase",
    "Role",
    "SearchEntry",
    "Section",
    "User",
    "WindowExtension",
]
