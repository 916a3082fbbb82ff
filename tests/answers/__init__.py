"""Tests of the agency's answers to opinions."""

from flask_babel import gettext

from consult.feedback.models import FeedbackStatus
from tests import factories


def shown(text, **values):
    """Return `text` as pages show it in the default language (the Vietnamese catalog's entry once it has one)."""
    return gettext(text, **values)


def approved(draft, count=1, article=None, **fields):
    """Create `count` approved opinions on `draft` (on `article` if given)."""
    return [factories.make_feedback(draft, FeedbackStatus.APPROVED, article=article, **fields) for _ in range(count)]
