"""Keeping the index right: what each public object puts in it, the calls made when objects change, the rebuild."""

from sqlalchemy import delete, exists, insert, select, update
from sqlalchemy.orm import selectinload

from consult.drafts.models import Article, Draft, DraftStatus, DraftVersion
from consult.drafts.signals import draft_changed
from consult.extensions import db
from consult.feedback.models import Feedback, FeedbackStatus
from consult.search.backends import backend
from consult.search.folding import index_text
from consult.search.models import Kind, SearchEntry


def draft_text(draft):
    """Return the folded words of a draft's public details: title, summary, number and symbol."""
    return index_text(draft.title, draft.summary, draft.number_symbol)


def article_text(article):
    """Return the folded words of an article: its heading, title and whole text (clauses and points included)."""
    return index_text(f"Điều {article.number}", article.title, article.body)


def opinion_text(feedback):
    """Return the folded words of an opinion (a Feedback or a row with its columns): its text and proposed wording,
    and the author's name only when it is public. Contact details never enter the index."""
    return index_text(feedback.content, feedback.proposed_wording, Feedback.public_author.fget(feedback))


def index_draft(draft):
    """Index a published draft and the articles of its current version (dropping those of older versions);
    remove everything of a draft that is not public."""
    if not draft.is_public:
        unindex_draft(draft)
        return
    store_entries(Kind.DRAFT, {draft.id: (draft.id, draft_text(draft))})
    # Newest entries come first in results: inserting the last article first lists a draft's articles in order.
    articles = {article.id: (draft.id, article_text(article)) for article in reversed(draft.articles)}
    store_entries(Kind.ARTICLE, dict(articles))
    _delete(
        SearchEntry.kind == Kind.ARTICLE, SearchEntry.draft_id == draft.id, SearchEntry.object_id.not_in(list(articles))
    )


@draft_changed.connect
def _draft_changed(draft):
    """Follow a draft's change (consult.drafts.signals) in the same transaction."""
    index_draft(draft)


def unindex_draft(draft):
    """Remove a draft, its articles and its opinions from the index."""
    _delete(SearchEntry.draft_id == draft.id)


def index_feedback(feedback):
    """Index an opinion if it is approved on a public draft; otherwise make sure it is not in the index."""
    if feedback.status == FeedbackStatus.APPROVED and feedback.draft.is_public:
        store_entries(Kind.OPINION, {feedback.id: (feedback.draft_id, opinion_text(feedback))})
    else:
        unindex_feedback(feedback)


def unindex_feedback(feedback):
    """Remove an opinion from the index."""
    _delete(SearchEntry.kind == Kind.OPINION, SearchEntry.object_id == feedback.id)


def store_entries(kind, entries):
    """Write {object_id: (draft_id, folded)} for `kind`: insert what is missing, update only what changed."""
    if not entries:
        return
    existing = db.session.execute(
        select(SearchEntry.id, SearchEntry.object_id, SearchEntry.draft_id, SearchEntry.folded).where(
            SearchEntry.kind == kind, SearchEntry.object_id.in_(list(entries))
        )
    ).all()
    changed = []
    for entry_id, object_id, draft_id, folded in existing:
        wanted = entries.pop(object_id)
        if (draft_id, folded) != wanted:
            changed.append({"id": entry_id, "draft_id": wanted[0], "folded": wanted[1]})
    if changed:
        db.session.execute(update(SearchEntry), changed)
    if entries:
        db.session.execute(
            insert(SearchEntry),
            [
                {"kind": kind, "object_id": object_id, "draft_id": draft_id, "folded": folded}
                for object_id, (draft_id, folded) in entries.items()
            ],
        )


def _delete(*conditions):
    """Delete the entries meeting every condition."""
    db.session.execute(delete(SearchEntry).where(*conditions).execution_options(synchronize_session=False))


def reindex(batch_size=500):
    """Bring the whole index in line with the database, in batches of `batch_size` objects read by keyset
    (constant memory); yield (kind, objects indexed so far) after each batch so the caller may commit."""
    drafts = (
        select(Draft)
        .where(Draft.status != DraftStatus.DRAFT)
        .options(selectinload(Draft.current_version).selectinload(DraftVersion.articles))
    )
    counts = {Kind.DRAFT: 0, Kind.ARTICLE: 0}
    for batch in _batches(drafts, Draft.id, batch_size):
        for draft in batch:
            index_draft(draft)
            counts[Kind.ARTICLE] += len(draft.articles)
        counts[Kind.DRAFT] += len(batch)
        yield Kind.DRAFT, counts[Kind.DRAFT]
    yield Kind.DRAFT, counts[Kind.DRAFT]
    yield Kind.ARTICLE, counts[Kind.ARTICLE]

    # Plain rows rather than Feedback objects, which cost far more to build and track for a whole reindex; they carry
    # every attribute opinion_text reads, and the rule for the public name is Feedback's own.
    opinions = (
        select(
            Feedback.id,
            Feedback.draft_id,
            Feedback.content,
            Feedback.proposed_wording,
            Feedback.author_name,
            Feedback.author_kind,
            Feedback.consent_name,
        )
        .join(Draft, Feedback.draft_id == Draft.id)
        .where(Feedback.status == FeedbackStatus.APPROVED, Draft.status != DraftStatus.DRAFT)
    )
    done = 0
    for batch in _batches(opinions, Feedback.id, batch_size, rows=True):
        store_entries(Kind.OPINION, {row.id: (row.draft_id, opinion_text(row)) for row in batch})
        done += len(batch)
        yield Kind.OPINION, done
    _delete_stale()
    backend().rebuild()
    yield Kind.OPINION, done


def _batches(statement, key, size, rows=False):
    """Yield lists of at most `size` objects (or rows) of `statement`, in `key` order, one query per list."""
    last = None
    while True:
        query = (statement if last is None else statement.where(key > last)).order_by(key).limit(size)
        batch = (db.session.execute(query) if rows else db.session.scalars(query)).all()
        if not batch:
            return
        yield batch
        last = batch[-1].id


def _delete_stale():
    """Delete entries whose object is no longer public: unpublished drafts, old versions' articles, opinions
    that are not approved, and anything whose object is gone."""
    _delete(SearchEntry.draft_id.in_(select(Draft.id).where(Draft.status == DraftStatus.DRAFT)))
    _delete(SearchEntry.kind == Kind.DRAFT, ~exists().where(Draft.id == SearchEntry.object_id))
    current_article = exists().where(
        Article.id == SearchEntry.object_id,
        Draft.id == SearchEntry.draft_id,
        Draft.current_version_id == Article.version_id,
    )
    _delete(SearchEntry.kind == Kind.ARTICLE, ~current_article)
    approved = exists().where(Feedback.id == SearchEntry.object_id, Feedback.status == FeedbackStatus.APPROVED)
    _delete(SearchEntry.kind == Kind.OPINION, ~approved)
