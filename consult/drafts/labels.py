"""What an opinion is about, in words: the whole draft, an article, or a clause of an article."""

from consult.drafts.importing.tree import saved_point_lines
from consult.i18n import gettext as _
from consult.text.diff import word_diff


def target_label(article, clause=None):
    """Return what an opinion is about: 'Điều 5', 'Khoản 2 Điều 5' or 'Toàn bộ dự thảo' (translated)."""
    return numbered_target_label(
        article.number if article is not None else None, clause.number if clause is not None else None
    )


def numbered_target_label(article_number, clause_number=None):
    """Return target_label's text from the numbers alone (no article: the whole draft; clause 0: the article)."""
    if article_number is None:
        return _("Whole draft")
    if clause_number:
        return _("Clause %(clause)d, Article %(article)d", clause=clause_number, article=article_number)
    return _("Article %(number)d", number=article_number)


def target_text(article, clause=None):
    """Return the text an opinion is about, as it reads: the clause with its points, or the whole article; "" for
    the whole draft. The proposed wording starts from it, and is shown as changes to it."""
    if clause is not None:
        return "\n".join([clause.text, *saved_point_lines(clause.points)]).strip()
    if article is not None:
        return (article.body or "").strip()
    return ""


def wording_changes(article, clause, proposed):
    """Return word_diff segments from the targeted text to a proposed wording, or None when there is nothing to
    compare (no proposal, or an opinion on the whole draft)."""
    base = target_text(article, clause)
    if not proposed or not base:
        return None
    return word_diff(base, proposed)
