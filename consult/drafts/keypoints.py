"""Key points of a draft and of its articles (Nội dung chính): what it changes, in plain words, written by the
agency and shown to the public above the legal text (the draft's on its page, an article's on the article's page).

Each text is kept as written (NFC, consult.text.clean_text) and as HTML sanitised by bleach (consult.text.markup).
An article's key points go on to the same-numbered article of a new version (consult.drafts.versions.add_version).
"""

from flask_babel import lazy_gettext as _l

from consult.audit import record
from consult.extensions import db
from consult.text import clean_text
from consult.text.markup import MAX_LENGTH, key_points_html

WHOLE_DRAFT = None  # the target of the draft's own key points, beside article numbers


class KeyPointsRefused(ValueError):
    """Some texts cannot be saved: `errors` is {target (WHOLE_DRAFT or an article number): message}."""

    def __init__(self, errors):
        super().__init__(errors)
        self.errors = errors


def set_key_points(actor, draft, texts):
    """Save key points: `texts` is {WHOLE_DRAFT or the number of an article of the current version: text}. Return
    the targets whose text changed (audited together); nothing is saved if one text is refused."""
    cleaned = {target: clean_text(text or "") for target, text in texts.items()}
    errors = {
        target: _l("At most %(max)d characters (%(count)d written).", max=MAX_LENGTH, count=len(text))
        for target, text in cleaned.items()
        if len(text) > MAX_LENGTH
    }
    if errors:
        raise KeyPointsRefused(errors)
    articles = {article.number: article for article in draft.articles}
    changed = []
    for target, text in cleaned.items():
        holder = draft if target is WHOLE_DRAFT else articles.get(target)
        if holder is None or holder.key_points == text:
            continue
        holder.key_points, holder.key_points_html = text, key_points_html(text)
        changed.append(target)
    if changed:
        db.session.flush()
        after = {"draft": WHOLE_DRAFT in changed, "articles": [target for target in changed if target is not None]}
        record(actor, "draft.key_points", draft, after=after)
    return changed
