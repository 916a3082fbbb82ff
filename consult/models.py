"""Every model, imported in one place for Alembic and the shell."""

from consult.agency.models import Agency, AgencyKind, SummaryRun
from consult.answers.models import Answer, AnswerText
from consult.attachments.models import Attachment
from consult.audit import AuditLog
from consult.auth.models import Role, User
from consult.drafts.models import Article, Clause, Draft, DraftStatus, DraftVersion, Phase, Section, WindowExtension
from consult.feedback.blocks import SubmitterBlock
from consult.feedback.models import Feedback, FeedbackFlag, FeedbackStatus
from consult.feedback.verification import EmailCode
from consult.grouping.models import FeedbackLshBand
from consult.moderation.models import ModerationDecision
from consult.offline.models import OfflineImport
from consult.partners.models import PartnerKey
from consult.polls.models import PollChoice, PollOption, PollQuestion, PollResponse
from consult.reports.models import ReportRun
from consult.scoreboard.models import AgencyExpectation
from consult.search.models import SearchEntry
from consult.statistics.models import PageViewDay
from consult.subscriptions.models import Subscription, SubscriptionKind
from consult.themes.models import Theme, ThemeMember, ThemeRun, ThemeSeed

__all__ = [
    "Agency",
    "AgencyExpectation",
    "AgencyKind",
    "Answer",
    "AnswerText",
    "Article",
    "Attachment",
    "AuditLog",
    "Clause",
    "Draft",
    "DraftStatus",
    "DraftVersion",
    "EmailCode",
    "Feedback",
    "FeedbackFlag",
    "FeedbackLshBand",
    "FeedbackStatus",
    "ModerationDecision",
    "OfflineImport",
    "PageViewDay",
    "PartnerKey",
    "Phase",
    "PollChoice",
    "PollOption",
    "PollQuestion",
    "PollResponse",
    "ReportRun",
    "Role",
    "SearchEntry",
    "Section",
    "SubmitterBlock",
    "Subscription",
    "SubscriptionKind",
    "SummaryRun",
    "Theme",
    "ThemeMember",
    "ThemeRun",
    "ThemeSeed",
    "User",
    "WindowExtension",
]
