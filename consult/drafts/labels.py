"""What an opinion is about, in words: the whole draft, an article, or a clause of an article."""

from consult.i18n import gettext as _


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
