"""Telling an author who asked for it that the drafting agency answered their opinion."""

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _

from consult.feedback.notifications import closing_paragraphs, mail_author, wants_mail


def notify_answered(feedback):
    """Tell an author who asked for it that the drafting agency answered their opinion (giải trình)."""
    if not wants_mail(feedback):
        return
    with force_locale(current_app.config["BABEL_DEFAULT_LOCALE"]):
        subject = _("The drafting agency answered your opinion %(code)s", code=feedback.receipt_code)
        news = [
            _(
                "%(agency)s, which drafted “%(title)s”, has answered your opinion.",
                agency=feedback.draft.agency.name,
                title=feedback.draft.title,
            )
        ]
        mail_author(feedback, subject, news + closing_paragraphs(feedback))
