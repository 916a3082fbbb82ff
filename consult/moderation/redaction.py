"""Redaction: a moderator masks personal data or an insult inside an otherwise valid opinion.

The redacted text replaces the opinion's text in place, so every public page, the receipt, the search index and
any export show it without knowing redaction exists; the text before each redaction is kept in FeedbackRedaction
(admins only) and in the audit log.

The rule a redaction must follow, checked on words (letters and digits; punctuation and spacing are free):
the new text is the old one with passages removed, and every removed passage is replaced by the marker
REDACTION_MARKER. So a moderator can hide words but never add or reorder any, and readers always see where
something was hidden.
"""

import re

from flask_babel import lazy_gettext as _l
from sqlalchemy import select, update

from consult.audit import record
from consult.extensions import db
from consult.feedback.models import Feedback, FeedbackStatus
from consult.moderation.models import FeedbackRedaction
from consult.search.indexing import index_feedback
from consult.text.flags import EMAIL_IN_TEXT, PHONE_IN_TEXT

# Stored inside the opinion's text, so it is in the language of the text (Vietnamese), not of the reader.
REDACTION_MARKER = "[đã ẩn]"
REDACTABLE = (FeedbackStatus.PENDING, FeedbackStatus.APPROVED)
_WORD = re.compile(r"\w+")
_MARK = object()  # the marker's place among the words of a text


class RedactionRefused(Exception):
    """The redacted text does not follow the rule; `message` says why, for the moderator."""

    def __init__(self, message):
        super().__init__(str(message))
        self.message = message


class TextChanged(Exception):
    """The opinion's text (or status) changed since the moderator opened it: a redaction made meanwhile wins."""


def _tokens(text):
    """Return the words of `text`, with _MARK where the marker stands."""
    tokens = []
    for index, part in enumerate((text or "").split(REDACTION_MARKER)):
        if index:
            tokens.append(_MARK)
        tokens += _WORD.findall(part)
    return tokens


def _find(words, segment, start):
    """Return the first index >= start where `segment` occurs contiguously in `words`, or -1."""
    size = len(segment)
    for index in range(start, len(words) - size + 1):
        if words[index : index + size] == segment:
            return index
    return -1


def _passages(tokens):
    """Split tokens into [(marker before?, [words])] and whether a marker ends them."""
    passages, gap = [], False
    for token in tokens:
        if token is _MARK:
            gap = True
        elif gap or not passages:
            passages.append((gap, [token]))
            gap = False
        else:
            passages[-1][1].append(token)
    return passages, gap


def only_masks(original, redacted):
    """Return whether `redacted` is `original` with passages replaced by the marker (words compared)."""
    words = _tokens(original)  # a marker already in the original is a word the new text may keep
    passages, trailing_gap = _passages(_tokens(redacted))
    if not passages:
        return bool(trailing_gap) or not words
    position = 0
    for number, (gap_before, passage) in enumerate(passages):
        if number == len(passages) - 1 and not trailing_gap:
            # The last passage ends the text: it must be the text's last words.
            found = len(words) - len(passage)
            return not (found < position or words[found:] != passage or (found != position and not gap_before))
        if gap_before:
            found = _find(words, passage, position)
        else:
            found = position if words[position : position + len(passage)] == passage else -1
        if found < 0:
            return False
        position = found + len(passage)
    return True  # a trailing marker hides whatever follows


def check_redaction(feedback, content, proposed_wording):
    """Raise RedactionRefused unless the new texts only mask parts of the opinion's texts and change something."""
    if content == feedback.content and proposed_wording == (feedback.proposed_wording or ""):
        raise RedactionRefused(
            _l("The text is unchanged: replace the passage to hide with %(marker)s.", marker=REDACTION_MARKER)
        )
    if not any(token is not _MARK for token in _tokens(content)):
        raise RedactionRefused(_l("Nothing of the opinion would be left. Reject it instead of hiding all of it."))
    for original, redacted in ((feedback.content, content), (feedback.proposed_wording or "", proposed_wording)):
        if not only_masks(original, redacted):
            raise RedactionRefused(
                _l(
                    "A redaction may only replace passages with %(marker)s: the words left must be the opinion's own, "
                    "in the same order, and every passage taken out must be replaced by %(marker)s.",
                    marker=REDACTION_MARKER,
                )
            )


def mask_phrase(text, phrase):
    """Return `text` with every occurrence of `phrase` (case ignored) replaced by the marker."""
    phrase = (phrase or "").strip()
    if not phrase:
        return text
    return re.sub(re.escape(phrase), REDACTION_MARKER, text or "", flags=re.IGNORECASE)


def mask_contacts(text):
    """Return `text` with the phone numbers and email addresses found in it replaced by the marker."""
    return PHONE_IN_TEXT.sub(REDACTION_MARKER, EMAIL_IN_TEXT.sub(REDACTION_MARKER, text or ""))


def redact_feedback(moderator, feedback, content, proposed_wording, revision, reason_code, note=""):
    """Replace an opinion's texts by their redacted form, keep the originals, re-index and audit.

    `revision` is the one the moderator saw: the UPDATE only applies to that revision of a pending or published
    opinion, so of two moderators redacting at once one wins and the other gets TextChanged.
    """
    if revision != feedback.revision or feedback.status not in REDACTABLE:
        raise TextChanged()
    check_redaction(feedback, content, proposed_wording)
    before = {
        "content": feedback.content,
        "proposed_wording": feedback.proposed_wording or "",
        "revision": feedback.revision,
    }
    result = db.session.execute(
        update(Feedback)
        .where(Feedback.id == feedback.id, Feedback.revision == revision, Feedback.status.in_(REDACTABLE))
        .values(content=content, proposed_wording=proposed_wording, revision=Feedback.revision + 1)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        raise TextChanged()
    db.session.refresh(feedback)
    redaction = FeedbackRedaction(
        feedback_id=feedback.id,
        moderator_id=moderator.id,
        reason_code=reason_code,
        note=note or "",
        original_content=before["content"],
        original_proposed_wording=before["proposed_wording"],
        revision=feedback.revision,
    )
    db.session.add(redaction)
    db.session.flush()
    index_feedback(feedback)  # a published opinion is found by its redacted words only
    record(
        moderator,
        "feedback.redacted",
        feedback,
        before=before,
        after={
            "content": content,
            "proposed_wording": proposed_wording,
            "revision": feedback.revision,
            "reason": reason_code,
            "note": note or "",
        },
    )
    return redaction


def redactions_of(feedback):
    """Return the opinion's redactions, oldest first (originals: for admins only)."""
    return db.session.scalars(
        select(FeedbackRedaction).where(FeedbackRedaction.feedback_id == feedback.id).order_by(FeedbackRedaction.id)
    ).all()
