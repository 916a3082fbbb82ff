"""Searching the index: one service for both engines, returning hits with their original text highlighted.

Results come newest entry first and are paged by keyset (the entry id), so a page costs the same at any depth
and no page number can ask for the millionth row; counts stop at COUNT_CAP, past which the page says "more
than". Entries are checked against the objects they stand for when the hits are loaded, so a stale entry can
never show an unpublished draft or an opinion that is not approved.
"""

from dataclasses import dataclass, field

from markupsafe import Markup
from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import contains_eager, defer, selectinload

from consult.drafts.models import Article, Draft, DraftStatus
from consult.extensions import db
from consult.feedback.models import Feedback, FeedbackStatus
from consult.search.backends import backend
from consult.search.folding import highlight, parse_query
from consult.search.models import Kind

PER_PAGE = 20
PER_KIND = 5  # hits of each kind on the page that searches everything
COUNT_CAP = 10_000
SNIPPET_WIDTH = 240


@dataclass
class Hit:
    """One result: the object found, its draft, and its original text with the matched words in <mark>."""

    kind: str
    key: int  # the entry id: where the next or previous page starts
    draft: Draft
    target: object  # the Draft, Article or Feedback found
    title: Markup
    snippet: Markup
    detail: Markup | None = None  # number and symbol of a draft, public name of an opinion's author


@dataclass
class Results:
    """A page of hits of one kind, with the number of matches (at most COUNT_CAP) and the keys of nearby pages."""

    kind: str
    hits: list = field(default_factory=list)
    total: int = 0
    more: bool = False  # more than `total` entries match
    next_key: int | None = None  # give as `after` for the next page
    previous_key: int | None = None  # give as `before` for the previous page


def search(text, kind, draft=None, after=None, before=None, limit=PER_PAGE):
    """Return Results of `kind` for what a visitor typed, in one draft if given, the page after or before a key."""
    query = parse_query(text)
    if query is None:
        return Results(kind)
    page = backend().page(query, kind, draft.id if draft is not None else None, after, before, limit, COUNT_CAP)
    return Results(
        kind,
        hits=_hits(page.rows, query),
        total=page.total,
        more=page.more,
        next_key=page.rows[-1][0] if page.rows and page.has_next else None,
        previous_key=page.rows[0][0] if page.rows and page.has_previous else None,
    )


def search_all(text, draft=None, per_kind=PER_KIND):
    """Return {kind: Results} with the first hits of every kind, drafts first."""
    return {kind: search(text, kind, draft=draft, limit=per_kind) for kind in Kind.ALL}


def _hits(rows, query):
    """Load the objects of index rows (key, kind, object_id) in a few queries and return their Hits in order."""
    wanted = {kind: [object_id for _, row_kind, object_id in rows if row_kind == kind] for kind in Kind.ALL}
    loaded = {
        Kind.DRAFT: _drafts(wanted[Kind.DRAFT], query),
        Kind.ARTICLE: _articles(wanted[Kind.ARTICLE], query),
        Kind.OPINION: _opinions(wanted[Kind.OPINION], query),
    }
    hits = []
    for key, kind, object_id in rows:
        hit = loaded[kind].get(object_id)
        if hit is not None:  # an entry left behind by a change the index missed is skipped, never shown
            hit.key = key
            hits.append(hit)
    return hits


def _drafts(ids, query):
    """Return {id: Hit} for the public drafts among `ids`."""
    if not ids:
        return {}
    drafts = db.session.scalars(
        select(Draft).where(Draft.id.in_(ids), Draft.status != DraftStatus.DRAFT).options(selectinload(Draft.agency))
    )
    return {
        draft.id: Hit(
            Kind.DRAFT,
            0,
            draft,
            draft,
            highlight(draft.title, query),
            highlight(draft.summary, query, SNIPPET_WIDTH),
            highlight(draft.number_symbol, query) if draft.number_symbol else None,
        )
        for draft in drafts
    }


def _articles(ids, query):
    """Return {id: Hit} for the articles among `ids` that belong to the current version of a public draft."""
    if not ids:
        return {}
    rows = db.session.execute(
        select(Article, Draft)
        .join(Draft, Draft.current_version_id == Article.version_id)
        .where(Article.id.in_(ids), Draft.status != DraftStatus.DRAFT)
    )
    return {
        article.id: Hit(
            Kind.ARTICLE,
            0,
            draft,
            article,
            highlight(article.title, query),
            highlight(article.body, query, SNIPPET_WIDTH),
        )
        for article, draft in rows
    }


def _opinions(ids, query):
    """Return {id: Hit} for the approved opinions among `ids` on public drafts; contact details are not loaded."""
    if not ids:
        return {}
    opinions = db.session.scalars(
        select(Feedback)
        .join(Draft, Feedback.draft_id == Draft.id)
        .where(Feedback.id.in_(ids), Feedback.status == FeedbackStatus.APPROVED, Draft.status != DraftStatus.DRAFT)
        .options(
            contains_eager(Feedback.draft),
            selectinload(Feedback.article),
            selectinload(Feedback.clause),
            defer(Feedback.contact, raiseload=True),
        )
    )
    hits = {}
    for opinion in opinions:
        text = "\n".join(part for part in (opinion.content, opinion.proposed_wording) if part)
        author = opinion.public_author
        hits[opinion.id] = Hit(
            Kind.OPINION,
            0,
            opinion.draft,
            opinion,
            highlight(opinion.draft.title, query),
            highlight(text, query, SNIPPET_WIDTH),
            highlight(author, query) if author else None,
        )
    return hits


def locate_opinion(opinion_id, per_page):
    """Return (draft, page) where an approved opinion on a public draft is listed on the draft page, or None."""
    opinion = db.session.scalar(
        select(Feedback)
        .join(Draft, Feedback.draft_id == Draft.id)
        .where(Feedback.id == opinion_id, Feedback.status == FeedbackStatus.APPROVED, Draft.status != DraftStatus.DRAFT)
        .options(contains_eager(Feedback.draft))
    )
    if opinion is None:
        return None
    # The draft page lists approved opinions newest first by (created_at, id): count those listed before it.
    newer = db.session.scalar(
        select(func.count(Feedback.id)).where(
            Feedback.draft_id == opinion.draft_id,
            Feedback.status == FeedbackStatus.APPROVED,
            or_(
                Feedback.created_at > opinion.created_at,
                and_(Feedback.created_at == opinion.created_at, Feedback.id > opinion.id),
            ),
        )
    )
    return opinion.draft, newer // per_page + 1
