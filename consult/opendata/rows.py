"""The rows of an open data file, read from the database in batches.

Only what the public pages show goes in: published drafts (never one in status "draft"), the articles of their
current version, approved opinions (their text as stored, already redacted; the author's name only through
`Feedback.public_author`; never a contact, a client hash, a receipt code, a flag or a moderation decision), the
answers once the agency has published them, and counts of the approved opinions. `scope` is a draft id for one
draft's file, None for the whole site's.
"""

from dataclasses import dataclass
from datetime import UTC

from sqlalchemy import func, select

from consult.agency.models import Agency
from consult.answers.models import ANSWER_KINDS, Answer, AnswerText
from consult.drafts.importing.tree import DIVISION_HEADINGS, DIVISION_KINDS
from consult.drafts.models import Article, Clause, Draft, DraftStatus, DraftVersion, Section
from consult.extensions import db
from consult.feedback.models import AUTHOR_KINDS, CHANNELS, STANCES, Feedback, FeedbackStatus
from consult.i18n import label
from consult.localities import OTHER, PROVINCES
from consult.mail import public_url
from consult.opendata.schema import DRAFTS

BATCH_SIZE = 1000  # rows fetched at a time (a server-side cursor on PostgreSQL): memory holds one batch
APPROVED = Feedback.status == FeedbackStatus.APPROVED
PUBLIC_DRAFT = Draft.status != DraftStatus.DRAFT


def stamp(moment):
    """Write a UTC moment as ISO 8601 to the second ("2026-12-07T03:15:42Z"), or None."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ") if moment is not None else None


def stream(query):
    """Yield the rows of `query` BATCH_SIZE at a time (a server-side cursor on PostgreSQL), never all at once."""
    result = db.session.execute(query.execution_options(yield_per=BATCH_SIZE))
    try:
        yield from result
    finally:
        result.close()


def _scoped(query, scope):
    """Restrict a query joined to Draft to the published drafts, or to one of them."""
    query = query.where(PUBLIC_DRAFT)
    return query if scope is None else query.where(Draft.id == scope)


DETAILS = DRAFTS.names[:-3]  # what drafts_rows reads of each draft; the counts and the URL come after


@dataclass
class DraftRow:
    """A published draft as the drafts table shows it, with what its files' freshness depends on."""

    id: int
    slug: str
    version_id: int | None
    details: dict  # the drafts table's cells but the counts and the URL, by column name
    approved: int = 0
    approved_state: tuple = ()  # (count, sum of ids, sum of revisions, latest decision) of its approved opinions
    answers: int = 0
    answers_state: tuple = ()  # the same of its published answers, once the agency published them
    poll_closed: bool = False  # its window has closed: its poll's results are published (consult.opendata.poll_rows)
    poll_state: tuple = ()  # what its poll's results depend on, once published

    def row(self):
        """Return the draft's row of the drafts table."""
        return [*self.details.values(), self.approved, self.answers, public_url("public.draft", slug=self.slug)]


def draft_rows(scope=None):
    """Return {id: DraftRow} of the published drafts (of one), in id order, counts included: a few GROUP BYs."""
    query = _scoped(
        select(
            Draft.id,
            Draft.slug,
            Draft.title,
            Draft.number_symbol,
            Draft.doc_type,
            Draft.field,
            Draft.summary,
            Agency.slug.label("agency_slug"),
            Agency.name.label("agency_name"),
            Draft.status,
            Draft.opens_at,
            Draft.closes_at,
            DraftVersion.number.label("current_version"),
            Draft.answers_published_at,
            Draft.current_version_id,
        )
        .join(Agency, Agency.id == Draft.agency_id)
        .outerjoin(DraftVersion, DraftVersion.id == Draft.current_version_id),
        scope,
    )
    drafts = {}
    for row in db.session.execute(query.order_by(Draft.id)):
        details = {name: row._mapping[name] for name in DETAILS}
        for name in ("opens_at", "closes_at", "answers_published_at"):
            details[name] = stamp(details[name])
        drafts[row.id] = DraftRow(row.id, row.slug, row.current_version_id, details)
    opinions = _scoped(
        select(Feedback.draft_id, func.count(), func.sum(Feedback.id), func.sum(Feedback.revision))
        .add_columns(func.max(Feedback.decided_at))
        .join(Draft, Draft.id == Feedback.draft_id)
        .where(APPROVED),
        scope,
    ).group_by(Feedback.draft_id)
    for draft_id, count, *state in db.session.execute(opinions):
        drafts[draft_id].approved, drafts[draft_id].approved_state = count, (count, *map(str, state))
    for draft_id, count, *state in db.session.execute(_published_answers_state(scope)):
        drafts[draft_id].answers, drafts[draft_id].answers_state = count, (count, *map(str, state))
    return drafts


def _published_answers_state(scope):
    """Count the published answers to approved opinions of drafts whose answers are published, by draft."""
    return _scoped(
        select(
            Feedback.draft_id,
            func.count(),
            func.sum(Answer.id),
            func.sum(Answer.text_id),
            func.max(Answer.published_at),
            func.max(Answer.updated_at),
            func.max(AnswerText.updated_at),
        )
        .select_from(Answer)
        .join(AnswerText, AnswerText.id == Answer.text_id)
        .join(Feedback, Feedback.id == Answer.feedback_id)
        .join(Draft, Draft.id == Feedback.draft_id)
        .where(APPROVED, Answer.published_at.is_not(None), Draft.answers_published_at.is_not(None)),
        scope,
    ).group_by(Feedback.draft_id)


def article_rows(drafts):
    """Yield the rows of the articles table: each draft's current articles with their divisions, one draft at a
    time (its divisions and its counts by article in memory, never another draft's)."""
    for draft in drafts.values():
        if draft.version_id is None:
            continue
        sections = {
            row.id: row
            for row in db.session.execute(
                select(Section.id, Section.parent_id, Section.kind, Section.number, Section.title).where(
                    Section.version_id == draft.version_id
                )
            )
        }
        counts = dict(
            db.session.execute(
                select(Feedback.article_id, func.count())
                .where(Feedback.draft_id == draft.id, APPROVED)
                .group_by(Feedback.article_id)
            ).all()
        )
        query = select(Article.id, Article.section_id, Article.position, Article.number, Article.title, Article.body)
        for row in stream(query.where(Article.version_id == draft.version_id).order_by(Article.position)):
            divisions = _divisions(sections, row.section_id)
            yield [
                draft.slug,
                draft.details["current_version"],
                row.position,
                row.number,
                row.title,
                *(divisions.get(kind) for kind in DIVISION_KINDS),
                row.body,
                counts.get(row.id, 0),
            ]


def _divisions(sections, section_id):
    """Return {kind: "Chương I. QUY ĐỊNH CHUNG"} of the divisions an article is in (Section.heading's words)."""
    divisions = {}
    section = sections.get(section_id)
    while section is not None and section.kind not in divisions:
        heading = f"{DIVISION_HEADINGS.get(section.kind, '')} {section.number}".strip()
        divisions[section.kind] = f"{heading}. {section.title}" if section.title else heading
        section = sections.get(section.parent_id)
    return divisions


def opinion_rows(scope=None):
    """Yield the rows of the opinions table: approved opinions, oldest first."""
    query = _scoped(
        select(
            Feedback.id,
            Draft.slug,
            DraftVersion.number.label("version"),
            Article.number.label("article_number"),
            Clause.number.label("clause_number"),
            Feedback.stance,
            Feedback.content,
            Feedback.proposed_wording,
            Feedback.author_kind,
            Feedback.author_name,
            Feedback.consent_name,
            Feedback.locality,
            Feedback.created_at,
        )
        .join(Draft, Draft.id == Feedback.draft_id)
        .join(DraftVersion, DraftVersion.id == Feedback.version_id)
        .outerjoin(Article, Article.id == Feedback.article_id)
        .outerjoin(Clause, Clause.id == Feedback.clause_id)
        .where(APPROVED),
        scope,
    )
    names = locality_names()
    public_author = Feedback.public_author.fget  # reads consent_name, author_kind and author_name of a plain row
    for row in stream(query.order_by(Feedback.created_at, Feedback.id)):
        yield [
            row.id,
            row.slug,
            row.version,
            row.article_number,
            row.clause_number,
            row.stance,
            row.content,
            row.proposed_wording,
            row.author_kind,
            public_author(row),
            row.locality,
            names.get(row.locality, row.locality),
            stamp(row.created_at),
        ]


def answer_rows(scope=None):
    """Yield the rows of the answers table: published answers to approved opinions of drafts whose answers are
    published (consult.answers.queries.published_answer's rule), by opinion."""
    query = _scoped(
        select(Feedback.id, Draft.slug, AnswerText.kind, AnswerText.explanation, Answer.text_id, Answer.published_at)
        .select_from(Answer)
        .join(AnswerText, AnswerText.id == Answer.text_id)
        .join(Feedback, Feedback.id == Answer.feedback_id)
        .join(Draft, Draft.id == Feedback.draft_id)
        .where(APPROVED, Answer.published_at.is_not(None), Draft.answers_published_at.is_not(None)),
        scope,
    )
    for row in stream(query.order_by(Feedback.id)):
        yield [*row[:5], stamp(row.published_at)]


COUNTED = {
    "stance": (Feedback.stance, STANCES),
    "author_kind": (Feedback.author_kind, AUTHOR_KINDS),
    "locality": (Feedback.locality, None),
    "channel": (Feedback.channel, CHANNELS),
}


def count_rows(drafts, scope=None):
    """Yield the rows of the counts table: one GROUP BY per dimension over the approved opinions."""
    names = locality_names()
    for dimension, (column, labels) in COUNTED.items():
        query = _scoped(
            select(Feedback.draft_id, column, func.count())
            .join(Draft, Draft.id == Feedback.draft_id)
            .where(APPROVED)
            .group_by(Feedback.draft_id, column),
            scope,
        )
        for draft_id, value, count in db.session.execute(query.order_by(Feedback.draft_id, column)):
            name = names.get(value, value) if labels is None else label(labels, value)
            yield [drafts[draft_id].slug, dimension, value, name, count]
    answers = _scoped(
        select(Feedback.draft_id, AnswerText.kind, func.count())
        .select_from(Answer)
        .join(AnswerText, AnswerText.id == Answer.text_id)
        .join(Feedback, Feedback.id == Answer.feedback_id)
        .join(Draft, Draft.id == Feedback.draft_id)
        .where(APPROVED, Answer.published_at.is_not(None), Draft.answers_published_at.is_not(None))
        .group_by(Feedback.draft_id, AnswerText.kind),
        scope,
    )
    for draft_id, kind, count in db.session.execute(answers.order_by(Feedback.draft_id, AnswerText.kind)):
        yield [drafts[draft_id].slug, "answer", kind, label(ANSWER_KINDS, kind), count]


def locality_names():
    """Return {code: name} of every locality, the catch-alls translated once (not once per opinion)."""
    return {**PROVINCES, **{code: str(name) for code, name in OTHER.items()}}
