"""Reading the public opinions of a draft."""

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from consult.extensions import db
from consult.feedback.models import Feedback, FeedbackStatus


def approved_feedback_query(draft, article=None, clause=None):
    """Return the select of a draft's public opinions (on one article or clause if given), newest first."""
    query = (
        select(Feedback)
        .where(Feedback.draft_id == draft.id, Feedback.status == FeedbackStatus.APPROVED)
        # Articles already loaded with the draft are taken from the session, not asked for again; versions too.
        .options(selectinload(Feedback.article), selectinload(Feedback.clause))
    )
    if article is not None:
        query = query.where(Feedback.article_id == article.id)
    if clause is not None:
        query = query.where(Feedback.clause_id == clause.id)
    return query.order_by(Feedback.created_at.desc(), Feedback.id.desc())


def approved_counts(draft):
    """Return ({article_id: n}, {clause_id: n}) of approved opinions for one draft, in one query."""
    rows = db.session.execute(
        select(Feedback.article_id, Feedback.clause_id, func.count(Feedback.id))
        .where(Feedback.draft_id == draft.id, Feedback.status == FeedbackStatus.APPROVED)
        .group_by(Feedback.article_id, Feedback.clause_id)
    )
    by_article, by_clause = {}, {}
    for article_id, clause_id, count in rows:
        by_article[article_id] = by_article.get(article_id, 0) + count
        if clause_id is not None:
            by_clause[clause_id] = count
    return by_article, by_clause


def approved_page(draft, article=None, clause=None, page=1, per_page=20):
    """Return (one page of the approved opinions on the draft, or on one article or clause, newest first;
    {article_id: n}; {clause_id: n}). The page's total comes from those counts, not from a query of its own."""
    counts, clause_counts = approved_counts(draft)
    opinions = db.paginate(
        approved_feedback_query(draft, article, clause), page=page, per_page=per_page, error_out=False, count=False
    )
    if clause is not None:
        opinions.total = clause_counts.get(clause.id, 0)
    elif article is not None:
        opinions.total = counts.get(article.id, 0)
    else:
        opinions.total = sum(counts.values())
    return opinions, counts, clause_counts
