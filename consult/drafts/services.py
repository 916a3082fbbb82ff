"""Creating, editing, opening and closing drafts."""

import re
import secrets

from flask_babel import lazy_gettext as _l
from sqlalchemy import or_, select

from consult.audit import record
from consult.drafts.importing.tree import Article as ParsedArticle
from consult.drafts.models import Article, Clause, Draft, DraftStatus, Section
from consult.drafts.structure import StructureError, parse_structure
from consult.extensions import db
from consult.feedback.models import Feedback
from consult.text import clean_line, clean_text, fold

DRAFT_FIELDS = ("title", "summary", "doc_type", "field", "contact", "number_symbol", "opens_at", "closes_at")


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
    for name in ("title", "field", "contact", "number_symbol"):
        if name in cleaned:
            cleaned[name] = clean_line(cleaned[name])
    if "summary" in cleaned:
        cleaned["summary"] = clean_text(cleaned["summary"])
    return cleaned


def create_draft(actor, agency, values, document):
    """Create an unpublished draft with the structure of a parsed Document (or structure text)."""
    parsed = parse_structure(document) if isinstance(document, str) else document
    draft = Draft(agency=agency, slug=unique_slug(values["title"]), status=DraftStatus.DRAFT, **_clean_values(values))
    db.session.add(draft)
    _apply_structure(draft, parsed)
    db.session.flush()
    record(actor, "draft.create", draft, after=_snapshot(draft))
    return draft


def update_draft(actor, draft, values, document):
    """Change a draft's details and structure; articles that already have opinions cannot be removed."""
    before = _snapshot(draft)
    parsed = parse_structure(document) if isinstance(document, str) else document
    for name, value in _clean_values(values).items():
        setattr(draft, name, value)
    _apply_structure(draft, parsed)
    db.session.flush()
    record(actor, "draft.update", draft, before=before, after=_snapshot(draft))
    return draft


def _apply_structure(draft, document):
    """Make the draft's divisions, articles and clauses match `document`.

    Articles and clauses are matched by number so that opinions stay attached when the text is edited;
    removing an article or clause that already has opinions is refused.
    """
    existing = {article.number: article for article in draft.articles}
    wanted = {article.number: article for article in document.articles}
    removed = [article for number, article in existing.items() if number not in wanted]
    _refuse_removing_commented(draft, removed, existing, wanted)
    for article in removed:
        draft.articles.remove(article)
    for section in list(draft.sections):
        draft.sections.remove(section)

    sections = {}
    for position, (node, parent) in enumerate(document.walk()):
        if isinstance(node, ParsedArticle):
            continue
        section = Section(kind=node.kind, number=node.number, title=clean_line(node.title), position=position,
                          parent=sections.get(id(parent)))
        draft.sections.append(section)
        sections[id(node)] = section

    position = 0
    for node, parent in document.walk():
        if not isinstance(node, ParsedArticle):
            continue
        article = existing.get(node.number)
        if article is None:
            article = Article(number=node.number)
            draft.articles.append(article)
        article.position = position
        article.title = clean_line(node.title)
        article.intro = "\n".join(node.intro)
        article.body = node.body
        article.section = sections.get(id(parent))
        _apply_clauses(article, node.clauses)
        position += 1
    draft.preamble = "\n".join(document.preamble)
    draft.closing = "\n".join(document.closing)


def _apply_clauses(article, parsed_clauses):
    """Update an article's clauses in place, by number."""
    existing = {clause.number: clause for clause in article.clauses}
    wanted = {clause.number for clause in parsed_clauses}
    for number, clause in existing.items():
        if number not in wanted:
            article.clauses.remove(clause)
    for position, parsed in enumerate(parsed_clauses):
        clause = existing.get(parsed.number)
        if clause is None:
            clause = Clause(number=parsed.number)
            article.clauses.append(clause)
        clause.position = position
        clause.text = parsed.text
        clause.points = [point.to_dict() for point in parsed.points] + [{"letter": "", "text": line} for line in parsed.tail]


def _refuse_removing_commented(draft, removed, existing, wanted):
    """Raise StructureError if an article or clause about to disappear has opinions."""
    if draft.id is None:
        return
    removed_clause_ids = [
        clause.id
        for number, article in existing.items()
        if number in wanted
        for clause in article.clauses
        if clause.number not in {parsed.number for parsed in wanted[number].clauses}
    ]
    conditions = []
    if removed:
        conditions.append(Feedback.article_id.in_([article.id for article in removed]))
    if removed_clause_ids:
        conditions.append(Feedback.clause_id.in_(removed_clause_ids))
    if not conditions:
        return
    rows = db.session.execute(
        select(Article.number, Clause.number)
        .select_from(Feedback)
        .join(Article, Feedback.article_id == Article.id)
        .outerjoin(Clause, Feedback.clause_id == Clause.id)
        .where(or_(*conditions))
        .distinct()
    ).all()
    if not rows:
        return
    removed_numbers = {article.number for article in removed}
    places = sorted(
        {str(_l("Article %(number)d", number=a)) if a in removed_numbers or c is None
         else str(_l("clause %(clause)d of Article %(article)d", clause=c, article=a)) for a, c in rows}
    )
    raise StructureError(
        _l("%(places)s already has opinions and cannot be removed.", places=", ".join(places))
    )


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
