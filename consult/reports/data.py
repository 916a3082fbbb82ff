"""What a report holds, read in a bounded amount of memory: figures, opinions in keyset batches, table rows.

Two audiences read the same data differently:
- the agency (its editors): every opinion staff see (pending, approved, rejected) in the spreadsheets, contact
  details on request, every answer (unpublished ones marked), authors' names;
- the public: approved opinions only, answers only once published, a name only with the author's consent.
The synthesis table (DOCX, PDF) lists approved opinions for both, one row per group of copies.
"""

import heapq
from dataclasses import dataclass, field

from flask_babel import gettext as _
from sqlalchemy import false, func, select, tuple_
from sqlalchemy.orm import aliased, selectinload

from consult.answers.models import Answer, AnswerText
from consult.drafts.models import Article, Clause
from consult.extensions import db
from consult.feedback.models import Feedback, FeedbackStatus
from consult.moderation.models import ModerationDecision
from consult.reports.models import Audience
from consult.reports.summary import count_summary, largest_first

BATCH_SIZE = 1000
SHEET_BATCH_SIZE = 2000  # flat rows are small: fewer round trips for the same memory as BATCH_SIZE objects
# The Feedback columns the opinion sheets (consult.reports.columns) read; the agency's also read the contact.
SHEET_FIELDS = (
    "id",
    "receipt_code",
    "created_at",
    "channel",
    "received_on",
    "source_ref",
    "stance",
    "author_kind",
    "author_name",
    "consent_name",
    "locality",
    "locality_detail",
    "content",
    "proposed_wording",
    "status",
    "similarity",
)
EARLIER = "earlier"  # the bucket of opinions on articles of earlier versions of the text


def figures(draft, audience, counted=None):
    """Return the report's numbers: count_summary()'s keys for the audience (counting the statuses `counted` if
    given), channels largest first, answers."""
    summary = count_summary(draft, audience, counted)
    answers = (
        select(AnswerText.kind, func.count(Answer.id))
        .join(Answer, Answer.text_id == AnswerText.id)
        .join(Feedback, Feedback.id == Answer.feedback_id)
        .where(AnswerText.draft_id == draft.id, Feedback.status == FeedbackStatus.APPROVED)
    )
    if audience == Audience.PUBLIC:
        answers = answers.where(Answer.published_at.is_not(None))
    by_answer = dict(db.session.execute(answers.group_by(AnswerText.kind)).all())
    if audience == Audience.PUBLIC and draft.answers_published_at is None:
        by_answer = {}
    return dict(
        summary,
        by_channel=largest_first(summary["by_channel"]),
        by_answer=by_answer,
        answered=sum(by_answer.values()),
        approved=summary["by_status"].get(FeedbackStatus.APPROVED, 0),
        audience=audience,
    )


def visible_answer(feedback, audience, draft):
    """Return the answer an audience may read for this opinion, or None (_sheet_query joins by the same rule)."""
    answer = feedback.answer
    if answer is None:
        return None
    if audience == Audience.PUBLIC and (answer.published_at is None or draft.answers_published_at is None):
        return None
    return answer


def author_label(feedback, audience, withheld=None):
    """Return the author as the audience may see it: the public sees a name only with consent."""
    if audience == Audience.AGENCY:
        return feedback.author_name
    # fget: `feedback` may also be a flat row of the sheets (iter_sheet_rows), which has the columns it reads.
    return Feedback.public_author.fget(feedback) or withheld or _("Name withheld")


def _load_options():
    """Eager loads for a batch of synthesis-table opinions: what its cells read, in a few queries per batch."""
    return (
        selectinload(Feedback.article).load_only(Article.number, Article.title),
        selectinload(Feedback.clause),
        selectinload(Feedback.answer).selectinload(Answer.text),
    )


def _sheet_query(draft, audience, with_reason=False):
    """Select what the opinion sheets show of the draft's opinions, one flat row each (no ORM objects).

    Besides the opinion's own columns (its contact for the agency only): its article and clause numbers, its
    group's representative code, and its answer's kind, explanation and publication time, joined only when the
    audience may read it (visible_answer's rule, in SQL); with `with_reason`, the reason code of its latest
    moderation decision (one index lookup per row, so only for the sheets that show it).
    """
    representative = aliased(Feedback)
    fields = [getattr(Feedback, name) for name in SHEET_FIELDS]
    answer_on = Answer.feedback_id == Feedback.id
    if audience == Audience.AGENCY:
        fields.append(Feedback.contact)  # a public build never reads contact details
    else:
        answer_on &= Answer.published_at.is_not(None) if draft.answers_published_at is not None else false()
    if with_reason:
        fields.append(
            select(ModerationDecision.reason_code)
            .where(ModerationDecision.feedback_id == Feedback.id)
            .order_by(ModerationDecision.id.desc())
            .limit(1)
            .scalar_subquery()
            .label("reason_code")
        )
    return (
        select(
            *fields,
            Article.number.label("article_number"),
            Clause.number.label("clause_number"),
            representative.receipt_code.label("representative_code"),
            AnswerText.kind.label("answer_kind"),
            AnswerText.explanation.label("answer_explanation"),
            Answer.published_at.label("answer_published_at"),
        )
        .outerjoin(Article, Article.id == Feedback.article_id)
        .outerjoin(Clause, Clause.id == Feedback.clause_id)
        .outerjoin(representative, representative.id == Feedback.duplicate_group_id)
        .outerjoin(Answer, answer_on)
        .outerjoin(AnswerText, AnswerText.id == Answer.text_id)
        .where(Feedback.draft_id == draft.id)
    )


def _status_stream(query, status, batch_size):
    """Yield the query's rows of one status by (created_at, id), one keyset batch (one query) at a time."""
    query = query.where(Feedback.status == status).order_by(Feedback.created_at, Feedback.id).limit(batch_size)
    last = None
    while True:
        page = query if last is None else query.where(tuple_(Feedback.created_at, Feedback.id) > tuple_(*last))
        batch = db.session.execute(page).all()
        yield from batch
        if len(batch) < batch_size:
            return
        last = (batch[-1].created_at, batch[-1].id)


def iter_sheet_rows(draft, statuses, audience, batch_size=SHEET_BATCH_SIZE, with_reason=False):
    """Yield the draft's opinions of `statuses` oldest first as flat rows (_sheet_query), by keyset per status.

    Plain rows, not ORM objects: building 100,000 Feedback, Answer and AnswerText objects took half of an XLSX
    build. Each status uses the (draft_id, status, created_at) index, so a batch costs the same at row 1 and
    row 1,000,000, and memory holds one batch per status.
    """
    query = _sheet_query(draft, audience, with_reason)
    streams = [_status_stream(query, status, batch_size) for status in statuses]
    if len(streams) == 1:
        yield from streams[0]
    else:
        yield from heapq.merge(*streams, key=lambda row: (row.created_at, row.id))


@dataclass
class Bucket:
    """One heading of the synthesis table: the whole draft, an article of the current text, or earlier articles."""

    key: object
    label: str
    article: object = None
    opinions: int = 0
    groups: dict = field(default_factory=dict)  # {group id: (first opinion id, size)} for groups of two or more


def table_buckets(draft):
    """Return the table's buckets with their approved counts and their groups of copies (two queries)."""
    current = {article.id: article for article in draft.articles}
    buckets = {None: Bucket(None, _("Whole draft"))}
    for article in draft.articles:
        heading = _("Article %(number)d", number=article.number)
        buckets[article.id] = Bucket(article.id, f"{heading}. {article.title}" if article.title else heading, article)
    buckets[EARLIER] = Bucket(EARLIER, _("Articles of earlier versions"))

    def bucket_of(article_id):
        return buckets[article_id if article_id is None or article_id in current else EARLIER]

    where = (Feedback.draft_id == draft.id, Feedback.status == FeedbackStatus.APPROVED)
    for article_id, count in db.session.execute(
        select(Feedback.article_id, func.count()).where(*where).group_by(Feedback.article_id)
    ):
        bucket_of(article_id).opinions += count
    group = func.coalesce(Feedback.duplicate_group_id, Feedback.id)
    sizes = (
        select(group, Feedback.article_id, func.min(Feedback.id), func.count())
        .where(*where)
        .group_by(group, Feedback.article_id)
        .having(func.count() > 1)
    )
    in_groups = (Feedback.duplicate_group_id.is_not(None)) | Feedback.id.in_(
        select(Feedback.duplicate_group_id).where(
            Feedback.draft_id == draft.id, Feedback.duplicate_group_id.is_not(None)
        )
    )
    for group_id, article_id, first, size in db.session.execute(sizes.where(in_groups)):
        groups = bucket_of(article_id).groups
        before = groups.get(group_id, (first, 0))
        groups[group_id] = (min(before[0], first), before[1] + size)
    return [bucket for bucket in buckets.values() if bucket.opinions]


@dataclass
class TableRow:
    """One row of the synthesis table: an opinion standing for `size` approved opinions of the same content."""

    opinion: Feedback
    size: int


def iter_table_rows(draft, bucket, batch_size=BATCH_SIZE, progress=None):
    """Yield TableRows of a bucket by id, copies counted once on their group's first approved opinion."""
    where = [Feedback.draft_id == draft.id, Feedback.status == FeedbackStatus.APPROVED]
    if bucket.key is None:
        where.append(Feedback.article_id.is_(None))
    elif bucket.key == EARLIER:
        where += [Feedback.article_id.is_not(None), Feedback.article_id.not_in([a.id for a in draft.articles] or [0])]
    else:
        where.append(Feedback.article_id == bucket.key)
    last = 0
    while True:
        batch = db.session.scalars(
            select(Feedback)
            .where(*where, Feedback.id > last)
            .options(*_load_options())
            .order_by(Feedback.id)
            .limit(batch_size)
        ).all()
        if not batch:
            return
        for opinion in batch:
            group = bucket.groups.get(opinion.duplicate_group_id or opinion.id)
            if group is None:
                yield TableRow(opinion, 1)
            elif group[0] == opinion.id:
                yield TableRow(opinion, group[1])
        if progress:
            progress(len(batch))
        last = batch[-1].id
        if len(batch) < batch_size:
            return
