"""Emails to the author of an opinion: the confirmation code, and what every email to an author shares (the
moderation decision's is sent by consult.moderation.notifications, the agency's answer's by
consult.answers.notifications).

Written in Vietnamese (the default locale) whatever language the sender's page was in, about the author's own
opinion only, and sent through consult.jobs so that a mail server that is down never fails the page.
"""

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _

from consult.feedback.contacts import contact_is_email
from consult.jobs import enqueue
from consult.mail import public_url, send_mail


def wants_mail(feedback):
    """Return whether the author asked for emails and an email address is still kept (never after erasure)."""
    return bool(
        feedback.notify
        and feedback.contact
        and feedback.contact_erased_at is None
        and contact_is_email(feedback.contact)
    )


def mail_author(feedback, subject, paragraphs):
    """Queue an email to the author: greeting, paragraphs, automatic-mail footer."""
    body = "\n\n".join(
        [
            _("Hello %(name)s,", name=feedback.author_name),
            *paragraphs,
            _("This email was sent automatically; please do not reply to it."),
        ]
    )
    enqueue(send_mail, feedback.contact.strip(), subject, body + "\n")


def send_code(feedback, code):
    """Mail the code that confirms an unverified opinion."""
    config = current_app.config
    with force_locale(config["BABEL_DEFAULT_LOCALE"]):
        mail_author(
            feedback,
            _("%(code)s is the code to confirm your opinion", code=code),
            [
                _(
                    "To send your opinion on the draft “%(title)s” for moderation, enter this code on the confirmation "
                    "page:",
                    title=feedback.draft.title,
                ),
                f"    {code}",
                _(
                    "The code is valid for %(minutes)d minutes. Confirmation page: %(url)s",
                    minutes=config["VERIFICATION_CODE_MINUTES"],
                    url=public_url("feedback.confirm", code=feedback.receipt_code),
                ),
                _(
                    "If you did not give this opinion, ignore this email: an opinion that is not confirmed is deleted "
                    "after %(days)d days.",
                    days=config["UNVERIFIED_RETENTION_DAYS"],
                ),
            ],
        )


def closing_paragraphs(feedback):
    """Return the closing paragraphs of a notification: the receipt link and how to stop the emails."""
    return [
        _("See your opinion and its status: %(url)s", url=public_url("feedback.receipt", code=feedback.receipt_code)),
        _(
            "You receive this email because you asked for it when you sent your opinion. To stop these emails, "
            "erase your contact details with your receipt code %(code)s: %(url)s",
            code=feedback.receipt_code,
            url=public_url("feedback.erase"),
        ),
    ]
