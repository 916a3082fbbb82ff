"""Telling an author who asked for it what a moderator decided about their opinion."""

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _

from consult.feedback.models import FeedbackStatus
from consult.feedback.notifications import closing_paragraphs, mail_author, wants_mail
from consult.i18n import label
from consult.moderation.models import REJECTION_REASONS


def notify_decided(feedback, decision):
    """Tell an author who asked for it that their opinion was published, or not and why (the reason category and
    the moderator's message to the author, never the internal note)."""
    if not wants_mail(feedback):
        return
    with force_locale(current_app.config["BABEL_DEFAULT_LOCALE"]):
        title = feedback.draft.title
        if decision.decision == FeedbackStatus.APPROVED:
            subject = _("Your opinion %(code)s is published", code=feedback.receipt_code)
            news = [
                _(
                    "Your opinion on the draft “%(title)s” was reviewed by a moderator and is now published on "
                    "the draft's page.",
                    title=title,
                )
            ]
        else:
            subject = _("Your opinion %(code)s was not published", code=feedback.receipt_code)
            news = [
                _(
                    "Your opinion on the draft “%(title)s” was reviewed by a moderator and was not published.",
                    title=title,
                ),
                _("Reason: %(reason)s", reason=label(REJECTION_REASONS, decision.reason_code)),
            ]
        if decision.author_message:
            news.append(_("Message from the moderator:") + "\n" + decision.author_message)
        mail_author(feedback, subject, news + closing_paragraphs(feedback))
