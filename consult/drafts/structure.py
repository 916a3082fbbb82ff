"""The structure text of a draft (what the agency types or imports) and the outline shown on pages.

Typed text and imported files go through the same legal-text parser (consult.drafts.importing.parser).
Text with no "Điều" heading at all is split into articles at blank lines, numbered from 1.
"""

import re
from dataclasses import dataclass, field

from flask_babel import lazy_gettext as _l

from consult.drafts.importing.parser import ARTICLE_RE, ParseError, normalise_line, parse_lines
from consult.drafts.importing.tree import Article as ParsedArticle
from consult.drafts.importing.tree import Clause, Division, Document
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


def iter_outline(draft):
    """Yield ("division", section, depth) and ("article", article, depth) in reading order."""
    sections = {section.id: section for section in draft.sections}
    open_chain = []
    for article in draft.articles:
        chain = _chain(sections, article.section_id)
        shared = 0
        while shared < min(len(chain), len(open_chain)) and chain[shared] is open_chain[shared]:
            shared += 1
        for depth in range(shared, len(chain)):
            yield "division", chain[depth], depth
        open_chain = chain
        yield "article", article, len(chain)


def _chain(sections, section_id):
    """Return the divisions from the outermost down to the one with this id, from {id: section} (no lazy loads)."""
    chain = []
    while section_id is not None:
        section = sections[section_id]
        chain.append(section)
        section_id = section.parent_id
    return list(reversed(chain))


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
            article.clauses.append(Clause.from_saved(clause.number, clause.text, clause.points))
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


# A draft longer than this is read part by part, so that no public page passes about 60 KB of HTML (issue 15: the
# 2013 Constitution's 120 articles made a 240 KB page); parts hold at most PART_ARTICLES articles.
PARTS_FROM = 60
PART_ARTICLES = 20


@dataclass
class TextPart:
    """One page of a long draft's text: a top-level division (Phần, or Chương where there is no Phần), or an even
    share of one that holds more than PART_ARTICLES articles, or articles outside any division."""

    number: int
    division: object  # the top-level Section, or None
    outline: list = field(default_factory=list)  # iter_outline's entries in this part
    continued: bool = False  # the division began on the part before

    @property
    def articles(self):
        """Return the part's articles in reading order."""
        return [node for kind, node, _depth in self.outline if kind == "article"]


def text_parts(version):
    """Return the parts a long version is read in, or [] when its whole text fits one page."""
    if len(version.articles) <= PARTS_FROM:
        return []
    groups = []  # [division or None, outline entries]
    for entry in iter_outline(version):
        kind, node, depth = entry
        if depth == 0 and (kind == "division" or not groups or groups[-1][0] is not None):
            groups.append([node if kind == "division" else None, []])
        groups[-1][1].append(entry)
    parts = []
    for division, entries in groups:
        for index, piece in enumerate(_even_pieces(entries)):
            parts.append(TextPart(len(parts) + 1, division, piece, continued=index > 0))
    return parts


def _even_pieces(entries):
    """Split outline entries into pieces of at most PART_ARTICLES articles, as even as they can be; a division's
    heading goes with the article after it."""
    total = sum(kind == "article" for kind, _node, _depth in entries)
    count = -(-total // PART_ARTICLES)
    ends = {round(total * share / count) for share in range(1, count)}  # article counts where a piece ends
    pieces, piece, seen = [], [], 0
    for entry in entries:
        if entry[0] == "article" and seen in ends and piece:
            pieces.append(piece)
            piece = []
        piece.append(entry)
        seen += entry[0] == "article"
    return [*pieces, piece] if piece else pieces


def part_numbers(parts):
    """Return {article or division id (keyed by kind): part number} for links into a long draft's parts."""
    return {(kind, node.id): part.number for part in parts for kind, node, _depth in part.outline}


def version_text(version):
    """Return a version's whole text as plain structure text (preamble, headings, articles, closing)."""
    return document_to_text(draft_to_document(version))
