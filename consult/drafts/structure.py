"""The structure text of a draft (what the agency types or imports) and the outline shown on pages.

Typed text and imported files go through the same legal-text parser (consult.drafts.importing.parser).
Text with no "Điều" heading at all is split into articles at blank lines, numbered from 1.
"""

import re

from flask_babel import lazy_gettext as _l

from consult.drafts.importing.parser import ARTICLE_RE, ParseError, normalise_line, parse_lines
from consult.drafts.importing.tree import Article as ParsedArticle
from consult.drafts.importing.tree import Clause, Division, Document, Point
from consult.text import clean_text

StructureError = ParseError


def parse_structure(text):
    """Parse structure text into a Document; raise StructureError saying where it is inconsistent."""
    text = clean_text(text or "")
    if not text:
        raise StructureError(_l("Enter at least one article."))
    lines = text.split("\n")
    if any(ARTICLE_RE.match(normalise_line(line)) for line in lines):
        return parse_lines(lines)
    blocks = [block.strip() for block in re.split(r"\n\s*\n", text) if block.strip()]
    articles = [ParsedArticle(number=n, title="", line=0, intro=block.split("\n")) for n, block in enumerate(blocks, 1)]
    return Document(children=articles)


def ancestors(section):
    """Return the chain of divisions from the outermost down to `section`."""
    chain = []
    while section is not None:
        chain.append(section)
        section = section.parent
    return list(reversed(chain))


def iter_outline(draft):
    """Yield ("division", section, depth) and ("article", article, depth) in reading order."""
    open_chain = []
    for article in draft.articles:
        chain = ancestors(article.section)
        shared = 0
        while shared < min(len(chain), len(open_chain)) and chain[shared] is open_chain[shared]:
            shared += 1
        for depth in range(shared, len(chain)):
            yield "division", chain[depth], depth
        open_chain = chain
        yield "article", article, len(chain)


def draft_to_document(draft):
    """Rebuild the parsed tree of a saved draft, so typed, imported and saved drafts share one text form."""
    document = Document(
        preamble=draft.preamble.split("\n") if draft.preamble else [],
        closing=draft.closing.split("\n") if draft.closing else [],
    )
    divisions = {}
    for kind, node, _depth in iter_outline(draft):
        if kind == "division":
            division = Division(kind=node.kind, number=node.number, title=node.title, line=0)
            divisions[node.id] = division
            parent = divisions.get(node.parent_id)
            (parent.children if parent else document.children).append(division)
            continue
        article = ParsedArticle(
            number=node.number, title=node.title, line=0, intro=node.intro.split("\n") if node.intro else []
        )
        for clause in node.clauses:
            points = [Point(letter=p["letter"], text=p["text"], line=0) for p in clause.points if p["letter"]]
            tail = [p["text"] for p in clause.points if not p["letter"]]
            article.clauses.append(Clause(number=clause.number, text=clause.text, line=0, points=points, tail=tail))
        if not node.clauses and not node.intro and node.body:
            article.intro = node.body.split("\n")  # drafts saved before clauses were stored
        parent = divisions.get(node.section_id)
        (parent.children if parent else document.children).append(article)
    return document


def document_to_text(document):
    """Write a parsed tree as structure text: preamble, headings, articles, closing."""
    lines = list(document.preamble)
    for node, _parent in document.walk():
        if isinstance(node, Division):
            lines.append(node.heading)
            if node.title:
                lines.append(node.title)
        else:
            lines.append(f"Điều {node.number}. {node.title}".rstrip() if node.title else f"Điều {node.number}.")
            if node.body:
                lines.append(node.body)
    return "\n".join(lines + list(document.closing))


def render_structure(draft):
    """Write a saved draft back as structure text (for the edit form)."""
    return document_to_text(draft_to_document(draft))
