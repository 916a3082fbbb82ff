"""Helpers for tests of email verification and notifications: reading the outbox, messages as shown."""

import html
import re
from email import message_from_bytes
from email.policy import default

from flask_babel import force_locale, gettext

from consult.mail import outbox


def vi(msgid, **values):
    """Return a message as a Vietnamese page or email shows it (the English source until the catalog has it)."""
    with force_locale("vi"):
        return gettext(msgid, **values)


def page_text(response):
    """Return a response's HTML with entities decoded, to look for messages in it."""
    return html.unescape(response.get_data(as_text=True))


def sent_mails(app):
    """Return the messages of the memory outbox, parsed back from their bytes as a mail program would."""
    return [message_from_bytes(bytes(message), policy=default) for message in outbox(app)]


def code_of(message):
    """Return the 6-digit code a verification email carries in its subject and body."""
    subject_code = re.search(r"\b(\d{6})\b", message["Subject"]).group(1)
    assert subject_code in message.get_content()
    return subject_code
