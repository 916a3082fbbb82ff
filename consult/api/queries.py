"""What the API reads: only what the public may see (never an unpublished draft, nor an opinion that is not approved,
nor an answer before the agency published it), each list a page after a cursor, each page in a fixed number of
statements whatever its length.

Lists are paged by keyset, not by offset: drafts by id, answers by id, opinions by (created_at, id), served by
the indexes on (draft_id, status, created_at) and (article_id, status, created_at, id) of consult/feedback/models.py.
A page is asked for with one row more than it holds, to know whether another follows.
"""

import functools

from sqlalchemy import and_, bindparam, func, or_, select
from sqlalchemy.orm import aliased, contains_eager, joinedload, load_only, selectinload

from consult.agency.models import Agency
from consult.answers.models import Answer, AnswerText
from consult.answers.queries import published_answers_for
from consult.database import utcnow
from consult.drafts.models import Article, Clause, Draft, DraftStatus, DraftVersion, Phase
from consult.extensions import db
from consult.feedback.models import Feedback, FeedbackStatus

# The columns an opinion is read with: its author's contact, address hash, receipt code and flags are never even
# loaded, so no serialiser can send them.
OPINION_COLUMNS = (
    Feedback.id,
    Feedback.draft_id,
    Feedback.content,
    Feedback.stance,
    Feedback.proposed_wording,
    Feedback.author_kind,
    Feedback.author_name,
    Feedback.consent_name,
    Feedback.locality,
    Feedback.created_at,
    Feedback.decided_at,
)


def agencies():
    """Return [(agency, parent's slug or None, number of public drafts)] of every agency, by slug."""
    parent = aliased(Agency)
    public_drafts = (
        select(func.count(Draft.id))
        .where(Draft.agency_id == Agency.id, Draft.status != DraftStatus.DRAFT)
        .scalar_subquery()
    )
    rows = db.session.execute(
        select(Agency, parent.slug, public_drafts)
        .outerjoin(parent, Agency.parent_id == parent.id)
        .order_by(Agency.slug)
    )
    return rows.all()


def phase_condition(phase, now):
    """Return the SQL condition of drafts in `phase` at `now` (as consult.drafts.models.window_phase decides)."""
    is_open = Draft.status == DraftStatus.OPEN
    return {
        Phase.UPCOMING: and_(is_open, Draft.closes_at > now, Draft.opens_at > now),
        Phase.OPEN: and_(is_open, Draft.opens_at <= now, Draft.closes_at > now),
        Phase.CLOSED: or_(Draft.status == DraftStatus.CLOSED, and_(is_open, Draft.closes_at <= now)),
        Phase.ANSWERED: Draft.status == DraftStatus.ANSWERED,
    }[phase]


def drafts_page(
    after=None, limit=50, agency=None, status=None, phase=None, field=None, locality=None, updated_since=None
):
    """Return up to limit + 1 public drafts after id `after`, by id, with their agency, extensions and current
    version loaded (four statements)."""
    query = (
        select(Draft)
        .where(Draft.status != DraftStatus.DRAFT)
        .options(selectinload(Draft.agency), selectinload(Draft.extensions), selectinload(Draft.current_version))
    )
    if agency is not None:
        query = query.where(Draft.agency_id.in_(select(Agency.id).where(Agency.slug == agency)))
    if status is not None:
        query = query.where(Draft.status == status)
    if phase is not None:
        query = query.where(phase_condition(phase, utcnow()))
    if field is not None:
        query = query.where(Draft.field == field)
    if locality is not None:
        query = query.where(Draft.agency_id.in_(select(Agency.id).where(Agency.concerns(locality))))
    if updated_since is not None:
        query = query.where(Draft.updated_at >= updated_since)
    if after is not None:
        query = query.where(Draft.id > after)
    return db.session.scalars(query.order_by(Draft.id).limit(limit + 1)).all()


def public_draft(slug, full=False):
    """Return the public draft with this slug and its current version (one statement); if `full`, with its agency,
    window extensions, versions, attachments and its current version's divisions, articles and clauses too; or
    None."""
    return db.session.scalar(_public_draft_statement(full), {"slug": slug})


@functools.cache
def _public_draft_statement(full):
    """The statement of public_draft, built once per `full` (as consult.public.services.draft_by_slug's)."""
    options = [joinedload(Draft.current_version)]
    if full:
        current = joinedload(Draft.current_version)
        options += [
            selectinload(Draft.agency),
            selectinload(Draft.extensions),
            selectinload(Draft.versions),
            selectinload(Draft.attachments),
            current.selectinload(DraftVersion.sections),
            current.selectinload(DraftVersion.articles).selectinload(Article.clauses),
        ]
    return select(Draft).where(Draft.slug == bindparam("slug"), Draft.status != DraftStatus.DRAFT).options(*options)


def current_articles(draft):
    """Return the articles of the draft's current version with their clauses, in order (two statements)."""
    if draft.current_version_id is None:
        return []
    return db.session.scalars(
        select(Article)
        .where(Article.version_id == draft.current_version_id)
        .options(selectinload(Article.clauses))
        .order_by(Article.position)
    ).all()


def approved_counts(draft):
    """Return [(article number or None, version number or None, stance, count)] of the draft's approved opinions,
    in one statement (read from the summary index)."""
    rows = db.session.execute(
        select(Article.number, DraftVersion.number, Feedback.stance, func.count(Feedback.id))
        .select_from(Feedback)
        .outerjoin(Article, Feedback.article_id == Article.id)
        .outerjoin(DraftVersion, Article.version_id == DraftVersion.id)
        .where(Feedback.draft_id == draft.id, Feedback.status == FeedbackStatus.APPROVED)
        .group_by(Feedback.article_id, Article.number, DraftVersion.number, Feedback.stance)
    )
    return rows.all()


def opinions_state(slug):
    """Return the state of the approved opinions of the public draft with this slug, in one statement: a row (draft
    id, whether its answers are published, count, sum of ids, sum of revisions, latest decision), which changes
    whenever the set of approved opinions or one's text does; or None if there is no such draft.

    Run on the session's connection, not through the ORM's execute: the statement loads no entity, and the ORM's
    layer was 0.04 of the API's 0.75 ms per opinions page in process (issue 16's 30% of hello)."""
    return db.session.connection().execute(_opinions_state_statement(), {"slug": slug}).one_or_none()


@functools.cache
def _opinions_state_statement():
    approved = and_(Feedback.draft_id == Draft.id, Feedback.status == FeedbackStatus.APPROVED)
    return (
        select(
            Draft.id,
            Draft.answers_published_at.is_not(None).label("answers_published"),
            func.count(Feedback.id),
            func.sum(Feedback.id),
            func.sum(Feedback.revision),
            func.max(Feedback.decided_at),
        )
        .select_from(Draft)
        .outerjoin(Feedback, approved)
        .where(Draft.slug == bindparam("slug"), Draft.status != DraftStatus.DRAFT)
        .group_by(Draft.id, Draft.answers_published_at)
    )


def opinions_page(draft, after=None, limit=50, article=None, locality=None, updated_since=None):
    """Return (rows, {opinion id: published answer}) for up to limit + 1 approved opinions of the draft after the
    position `after` ((created_at, id)), oldest first; a row is (opinion, article number, clause number, version
    number). Two statements, three once answers are published."""
    query = (
        select(Feedback, Article.number, Clause.number, DraftVersion.number)
        .join(DraftVersion, Feedback.version_id == DraftVersion.id)
        .outerjoin(Article, Feedback.article_id == Article.id)
        .outerjoin(Clause, Feedback.clause_id == Clause.id)
        .where(Feedback.draft_id == draft.id, Feedback.status == FeedbackStatus.APPROVED)
        .options(load_only(*OPINION_COLUMNS))
    )
    if article is not None:
        # An article of any version with that number: its opinions are read from their article's index.
        numbered = (
            select(Article.id).join(DraftVersion).where(DraftVersion.draft_id == draft.id, Article.number == article)
        )
        query = query.where(Feedback.article_id.in_(numbered))
    if locality is not None:
        query = query.where(Feedback.locality == locality)
    if updated_since is not None:
        query = query.where(func.coalesce(Feedback.decided_at, Feedback.created_at) >= updated_since)
    if after is not None:
        created_at, opinion_id = after
        # Written so that `created_at >= …` bounds the index range; equal times are ordered by id.
        query = query.where(
            Feedback.created_at >= created_at, or_(Feedback.created_at > created_at, Feedback.id > opinion_id)
        )
    rows = db.session.execute(query.order_by(Feedback.created_at, Feedback.id).limit(limit + 1)).all()
    answers = {}
    if draft.answers_published_at is not None:
        answers = published_answers_for([row[0] for row in rows])
    return rows, answers


def answers_page(draft, after=None, limit=50, updated_since=None):
    """Return up to limit + 1 [(answer with its text, article number)] of the draft's published answers to
    approved opinions after answer id `after`, by id; none before the agency published its answers."""
    if draft.answers_published_at is None:
        return []
    query = (
        select(Answer, Article.number)
        .join(AnswerText, Answer.text_id == AnswerText.id)
        .join(Feedback, Answer.feedback_id == Feedback.id)
        .outerjoin(Article, Feedback.article_id == Article.id)
        .where(
            AnswerText.draft_id == draft.id,
            Answer.published_at.is_not(None),
            Feedback.status == FeedbackStatus.APPROVED,
        )
        .options(contains_eager(Answer.text))
    )
    if updated_since is not None:
        query = query.where(
            or_(
                Answer.published_at >= updated_since,
                Answer.updated_at >= updated_since,
                AnswerText.updated_at >= updated_since,
            )
        )
    if after is not None:
        query = query.where(Answer.id > after)
    return db.session.execute(query.order_by(Answer.id).limit(limit + 1)).all()
