"""Turn the structure text an agency types (Chương / Điều blocks) into chapters and articles, and back.

The full legal-document importer (Phần, Mục, khoản, điểm, DOCX/HTML) builds on this; here the rules are:
a line "Chương I" (optionally followed by its title, on the same line or the next) starts a chapter;
a line "Điều 5. Title" starts article 5; other lines belong to the current article. Text with no
"Điều" heading at all is split into articles at blank lines.
"""

import re
from dataclasses import dataclass, field

from flask_babel import lazy_gettext as _l

from consult.text import clean_line, clean_text

CHAPTER_RE = re.compile(r"^chương\s+([IVXLCDM]+|\d+)\b[\s.:\-–—]*(.*)$", re.IGNORECASE)
ARTICLE_RE = re.compile(r"^điều\s+(\d+)\s*[.:\-–—]?\s*(.*)$", re.IGNORECASE)


class StructureError(ValueError):
    """The text cannot be read as a draft's structure; the message says where."""


@dataclass
class ParsedArticle:
    """An article read from the text."""

    number: int
    title: str
    body_lines: list = field(default_factory=list)

    @property
    def body(self):
        """Return the article text without surrounding blank lines."""
        return "\n".join(self.body_lines).strip()


@dataclass
class ParsedChapter:
    """A chapter read from the text, with its articles."""

    number: str
    title: str
    articles: list = field(default_factory=list)


@dataclass
class ParsedStructure:
    """Chapters (possibly one unnamed chapter) and the articles in document order."""

    chapters: list

    @property
    def articles(self):
        """Return all articles in order."""
        return [article for chapter in self.chapters for article in chapter.articles]


def parse_structure(text):
    """Parse structure text; raise StructureError with the line number when it is inconsistent."""
    text = clean_text(text or "")
    if not text:
        raise StructureError(_l("Enter at least one article."))
    lines = text.split("\n")
    if not any(ARTICLE_RE.match(line) for line in lines):
        return _parse_blocks(text)

    chapters = [ParsedChapter(number="", title="")]
    article = None
    expect_chapter_title = False
    seen_numbers = set()
    for lineno, line in enumerate(lines, start=1):
        chapter_match = CHAPTER_RE.match(line)
        article_match = ARTICLE_RE.match(line)
        if chapter_match:
            chapters.append(ParsedChapter(number=chapter_match.group(1).upper(), title=chapter_match.group(2)))
            expect_chapter_title = not chapter_match.group(2)
            article = None
        elif article_match:
            number = int(article_match.group(1))
            if number in seen_numbers:
                raise StructureError(
                    _l("Line %(line)d: article %(number)d appears twice.", line=lineno, number=number)
                )
            seen_numbers.add(number)
            article = ParsedArticle(number=number, title=article_match.group(2))
            chapters[-1].articles.append(article)
            expect_chapter_title = False
        elif expect_chapter_title and line:
            chapters[-1].title = line
            expect_chapter_title = False
        elif article is not None:
            article.body_lines.append(line)
        elif line and len(chapters) > 1:
            chapters[-1].title = f"{chapters[-1].title} {line}".strip()  # a title over several lines
        elif line:
            raise StructureError(
                _l("Line %(line)d: text before the first article must be a chapter heading.", line=lineno)
            )
    chapters = [chapter for chapter in chapters if chapter.articles or chapter.number]
    empty = [chapter for chapter in chapters if not chapter.articles]
    if empty:
        raise StructureError(_l("Chapter %(number)s has no articles.", number=empty[0].number))
    return ParsedStructure(chapters=chapters)


def _parse_blocks(text):
    """Split heading-less text at blank lines, one article per block, numbered from 1."""
    blocks = [block.strip() for block in re.split(r"\n\s*\n", text) if block.strip()]
    chapter = ParsedChapter(number="", title="")
    for number, block in enumerate(blocks, start=1):
        chapter.articles.append(ParsedArticle(number=number, title="", body_lines=block.split("\n")))
    return ParsedStructure(chapters=[chapter])


def render_structure(draft):
    """Write a draft's chapters and articles back as structure text (for the edit form)."""
    lines = []
    current_section = None
    for article in draft.articles:
        if article.section is not current_section:
            current_section = article.section
            if current_section is not None and current_section.number:
                lines.append(f"Chương {current_section.number}")
                if current_section.title:
                    lines.append(current_section.title)
        heading = f"Điều {article.number}."
        lines.append(f"{heading} {clean_line(article.title)}".rstrip())
        if article.body:
            lines.append(article.body)
    return "\n".join(lines)
