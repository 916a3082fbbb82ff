"""What the themes pages read: the last run grouped by article, and one theme's opinions a page at a time."""

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from consult.drafts.models import Article
from consult.extensions import db
from consult.feedback.models import Feedback
from consult.themes.models import Theme, ThemeMember
from consult.themes.services import latest_run


def themes_overview(draft):
    """Return (last finished run or None, [(article or None, themes)], {feedback id: quote}).

    A run being computed is not committed until it is done (a summary run computes it; its progress is the
    summary run's), so the last finished run is the only one other requests can see.

    Three queries whatever the number of themes: the run, its themes with their articles, every quote.
    """
    run = latest_run(draft)
    if run is None:
        return None, [], {}
    themes = db.session.scalars(
        select(Theme)
        .where(Theme.run_id == run.id)
        .order_by(Theme.position)
        .options(selectinload(Theme.article).load_only(Article.number, Article.title, Article.version_id))
    ).all()
    groups = []
    for theme in themes:
        if not groups or groups[-1][0] != theme.article_id:
            groups.append((theme.article_id, theme.article, []))
        groups[-1][2].append(theme)
    wanted = {feedback_id for theme in themes for feedback_id in theme.quote_ids}
    quotes = {
        row.id: row
        for row in db.session.execute(
            select(Feedback.id, Feedback.receipt_code, Feedback.stance, Feedback.content).where(Feedback.id.in_(wanted))
        )
    }
    return run, [(article, items) for _, article, items in groups], quotes


def theme_opinions(theme, after=None, limit=50):
    """Return one page of a theme's opinions in id order, after the id `after` (keyset: no OFFSET)."""
    query = (
        select(Feedback)
        .join(ThemeMember, ThemeMember.feedback_id == Feedback.id)
        .where(ThemeMember.theme_id == theme.id)
        .options(selectinload(Feedback.article), selectinload(Feedback.clause), selectinload(Feedback.version))
        .order_by(ThemeMember.feedback_id)
        .limit(limit)
    )
    if after:
        query = query.where(ThemeMember.feedback_id > after)
    return db.session.scalars(query).all()


def load_theme(draft, theme_id):
    """Return a theme of the draft's runs, or None."""
    theme = db.session.get(Theme, theme_id)
    return theme if theme is not None and theme.draft_id == draft.id else None
