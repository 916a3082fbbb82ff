"""Versions of a draft's text: adding a version, applying a parsed structure, comparing two versions."""

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from sqlalchemy import or_, select

from consult.drafts.importing.tree import Article as ParsedArticle
from consult.drafts.models import Article, Clause, DraftVersion, Section
from consult.drafts.structure import StructureError
from consult.extensions import db
from consult.feedback.models import Feedback
from consult.text import clean_line, clean_text
from consult.text.diff import word_diff


def add_version(actor, draft, document, note=""):
    """Add version n+1 holding `document` and make it the draft's current text."""
    number = max((version.number for version in draft.versions), default=0) + 1
    version = DraftVersion(number=number, note=clean_text(note or ""), created_by_id=getattr(actor, "id", None))
    previous = {article.number: article for article in draft.articles}
    draft.versions.append(version)
    apply_structure(version, document)
    for article in version.articles:  # an article's key points go on with its number, for the agency to review
        if article.number in previous:
            article.key_points = previous[article.number].key_points
            article.key_points_html = previous[article.number].key_points_html
    draft.current_version = version
    return version


def apply_structure(version, document):
    """Make a version's divisions, articles and clauses match `document`, in place.

    Articles and clauses are matched by number so that opinions stay attached when the text is edited;
    removing an article or clause that already has opinions is refused.
    """
    existing = {article.number: article for article in version.articles}
    wanted = {article.number: article for article in document.articles}
    removed = [article for number, article in existing.items() if number not in wanted]
    _refuse_removing_commented(version, removed, existing, wanted)
    for article in removed:
        version.articles.remove(article)
    for section in list(version.sections):
        version.sections.remove(section)

    sections = {}
    for position, (node, parent) in enumerate(document.walk()):
        if isinstance(node, ParsedArticle):
            continue
        section = Section(
            kind=node.kind,
            number=node.number,
            title=clean_line(node.title),
            position=position,
            parent=sections.get(id(parent)),
        )
        version.sections.append(section)
        sections[id(node)] = section

    position = 0
    for node, parent in document.walk():
        if not isinstance(node, ParsedArticle):
            continue
        article = existing.get(node.number)
        if article is None:
            article = Article(number=node.number)
            version.articles.append(article)
        article.position = position
        article.title = clean_line(node.title)
        article.intro = "\n".join(node.intro)
        article.body = node.body
        article.section = sections.get(id(parent))
        _apply_clauses(article, node.clauses)
        position += 1
    version.preamble = "\n".join(document.preamble)
    version.closing = "\n".join(document.closing)


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
        clause.points = parsed.saved_points()


def _refuse_removing_commented(version, removed, existing, wanted):
    """Raise StructureError if an article or clause about to disappear has opinions."""
    if version.id is None:
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
        {
            str(_l("Article %(number)d", number=a))
            if a in removed_numbers or c is None
            else str(_l("clause %(clause)d of Article %(article)d", clause=c, article=a))
            for a, c in rows
        }
    )
    raise StructureError(_l("%(places)s already has opinions and cannot be removed.", places=", ".join(places)))


@dataclass
class ArticleChange:
    """How one article differs between two versions; `segments` are (op, text) with op equal/delete/insert."""

    number: int
    status: str  # added, removed, changed, same
    old: Article | None
    new: Article | None
    segments: list


def _article_text(article):
    """Return an article's title and text as compared between versions."""
    return f"{article.title}\n{article.body}" if article.title else article.body


def compare_versions(old, new):
    """Return an ArticleChange per article number found in either version, in number order."""
    old_articles = {article.number: article for article in old.articles}
    new_articles = {article.number: article for article in new.articles}
    changes = []
    for number in sorted(set(old_articles) | set(new_articles)):
        before, after = old_articles.get(number), new_articles.get(number)
        if before is None:
            changes.append(ArticleChange(number, "added", None, after, [("insert", _article_text(after))]))
        elif after is None:
            changes.append(ArticleChange(number, "removed", before, None, [("delete", _article_text(before))]))
        elif _article_text(before) == _article_text(after):
            changes.append(ArticleChange(number, "same", before, after, []))
        else:
            changes.append(
                ArticleChange(number, "changed", before, after, word_diff(_article_text(before), _article_text(after)))
            )
    return changes
