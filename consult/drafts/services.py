"""Creating, editing, opening and closing drafts."""

import re
import secrets

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from consult.audit import record
from consult.drafts.models import Article, Draft, DraftStatus, Section
from consult.drafts.structure import StructureError, parse_structure
from consult.extensions import db
from consult.feedback.models import Feedback
from consult.text import clean_line, clean_text, fold

DRAFT_FIELDS = ("title", "summary", "doc_type", "field", "contact", "opens_at", "closes_at")


def slugify(title, max_length=80):
    """Return a URL slug from a Vietnamese title (no diacritics, words joined by hyphens)."""
    words = re.findall(r"[a-z0-9]+", fold(title))
    slug = "-".join(words)[:max_length].strip("-")
    return slug or "du-thao"


def unique_slug(title):
    """Return a slug for `title` not yet used by another draft."""
    base = slugify(title)
    slug = base
    while db.session.scalar(select(Draft.id).where(Draft.slug == slug)) is not None:
        slug = f"{base}-{secrets.token_hex(2)}"
    return slug


def _snapshot(draft):
    """Return the audited fields of a draft as JSON-friendly values."""
    values = {name: getattr(draft, name) for name in DRAFT_FIELDS + ("status",)}
    for name in ("opens_at", "closes_at"):
        values[name] = values[name].isoformat() if values[name] else None
    values["articles"] = len(draft.articles)
    return values


def _clean_values(values):
    """Return the draft fields from validated form data, in NFC."""
    cleaned = {name: values[name] for name in DRAFT_FIELDS if name in values}
    for name in ("title", "field", "contact"):
        if name in cleaned:
            cleaned[name] = clean_line(cleaned[name])
    if "summary" in cleaned:
        cleaned["summary"] = clean_text(cleaned["summary"])
    return cleaned


def create_draft(actor, agency, values, structure_text):
    """Create an unpublished draft with its chapters and articles."""
    parsed = parse_structure(structure_text)
    draft = Draft(agency=agency, slug=unique_slug(values["title"]), status=DraftStatus.DRAFT, **_clean_values(values))
    db.session.add(draft)
    _apply_structure(draft, parsed)
    db.session.flush()
    record(actor, "draft.create", draft, after=_snapshot(draft))
    return draft


def update_draft(actor, draft, values, structure_text):
    """Change a draft's details and structure; articles that already have opinions cannot be removed."""
    before = _snapshot(draft)
    parsed = parse_structure(structure_text)
    for name, value in _clean_values(values).items():
        setattr(draft, name, value)
    _apply_structure(draft, parsed)
    db.session.flush()
    record(actor, "draft.update", draft, before=before, after=_snapshot(draft))
    return draft


def _apply_structure(draft, parsed):
    """Make the draft's chapters and articles match `parsed`, keeping articles by number.

    Articles are matched by their number so that opinions stay attached when the text is edited.
    """
    existing = {article.number: article for article in draft.articles}
    wanted = {article.number for article in parsed.articles}
    removed = [article for number, article in existing.items() if number not in wanted]
    if removed and draft.id is not None:
        with_opinions = db.session.scalars(
            select(Article.number)
            .join(Feedback, Feedback.article_id == Article.id)
            .where(Article.id.in_([article.id for article in removed]))
            .group_by(Article.number)
            .having(func.count(Feedback.id) > 0)
        ).all()
        if with_opinions:
            raise StructureError(
                _l(
                    "Article %(numbers)s already has opinions and cannot be removed.",
                    numbers=", ".join(str(number) for number in sorted(with_opinions)),
                )
            )
    for article in removed:
        draft.articles.remove(article)
    for section in list(draft.sections):
        draft.sections.remove(section)

    position = 0
    for chapter_position, chapter in enumerate(parsed.chapters):
        section = None
        if chapter.number:
            section = Section(position=chapter_position, number=chapter.number, title=chapter.title)
            draft.sections.append(section)
        for parsed_article in chapter.articles:
            article = existing.get(parsed_article.number)
            if article is None:
                article = Article(number=parsed_article.number)
                draft.articles.append(article)
            article.position = position
            article.title = clean_line(parsed_article.title)
            article.body = parsed_article.body
            article.section = section
            position += 1


def publish_draft(actor, draft):
    """Open the draft for comments within its window."""
    return _set_status(actor, draft, DraftStatus.OPEN, "draft.open")


def close_draft(actor, draft):
    """Stop taking comments now, whatever the window says."""
    return _set_status(actor, draft, DraftStatus.CLOSED, "draft.close")


def _set_status(actor, draft, status, action):
    """Change the draft's status and audit it."""
    before = {"status": draft.status}
    draft.status = status
    db.session.flush()
    record(actor, action, draft, before=before, after={"status": status})
    return draft
