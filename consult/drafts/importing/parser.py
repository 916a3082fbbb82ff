"""Parse the lines of a Vietnamese legal text into Phần / Chương / Mục / Tiểu mục / Điều / khoản / điểm.

The rules follow how legal documents are laid out (Law 64/2025/QH15 and its decrees keep the Law 80/2015 forms):
- everything before the first heading is the preamble (title block, Căn cứ …, Lời nói đầu);
- "Phần thứ nhất", "Chương I", "Mục 1", "Tiểu mục 1" start divisions; their title follows on the same line
  after a separator or on the next line (several all-capital lines are joined);
- "Điều 5. Title" (or "Điều 5" alone, "Điều 5: Title", "Điều 5 - Title") starts an article, and so does
  "Điều 5 Title" with no separator when 5 is the next article and the title starts with a capital (portal files
  drop the full stop); articles are numbered consecutively;
- inside an article, "1. …" (or "1) …", or "1 Text" when 1 is the next clause and the text starts with a capital)
  starts clause 1, the next clause must be 2, and so on; "a) …" starts a point, in the Vietnamese order a, b, c, d,
  đ, e, g, h, i, k, …; a paragraph between two points continues the first;
- after the last article, "Nơi nhận", "… đã được … thông qua …", "TM.", "KT.", "CHỦ TỊCH" … open the closing block.
A heading inside quotation marks (an amending text citing an article) is text, not structure.
"""

import re
import unicodedata

from flask_babel import lazy_gettext as _l

from consult.drafts.importing.errors import FileLimitExceeded, ParseError
from consult.drafts.importing.limits import MAX_ARTICLES
from consult.drafts.importing.tree import CHAPTER, PART, SECTION, SUBSECTION, Article, Clause, Division, Document, Point
from consult.text import strip_controls

POINT_LETTERS = [
    "a",
    "b",
    "c",
    "d",
    "đ",
    "e",
    "g",
    "h",
    "i",
    "k",
    "l",
    "m",
    "n",
    "o",
    "p",
    "q",
    "r",
    "s",
    "t",
    "u",
    "v",
    "x",
    "y",
]
LATIN_LETTERS = [chr(code) for code in range(ord("a"), ord("z") + 1)]  # Word's automatic lettering: d, e, f …
LEVEL = {PART: 0, CHAPTER: 1, SECTION: 2, SUBSECTION: 3}

# After the number: a separator and the title, or a title in capitals, or nothing (the title is on the next line).
_TITLE = r"(?:\s*[.:\-–—]\s*(?P<rest>.*)|\s+(?P<tail>[^\sa-zà-ỹđ].*))?$"
_ORDINAL = r"(?i:thứ\s+(?:mười\s+)?(?:nhất|một|hai|ba|tư|bốn|năm|sáu|bảy|tám|chín|mười))"
PART_RE = re.compile(rf"^(?i:phần)\s+(?P<number>{_ORDINAL}|[IVXLC]+|\d+){_TITLE}")
CHAPTER_RE = re.compile(rf"^(?i:chương)\s+(?P<number>[IVXLC]+|\d+){_TITLE}")
SECTION_RE = re.compile(rf"^(?i:mục)\s+(?P<number>\d+|[IVXLC]+){_TITLE}")
SUBSECTION_RE = re.compile(rf"^(?i:tiểu\s+mục)\s+(?P<number>\d+|[IVXLC]+){_TITLE}")
ARTICLE_RE = re.compile(r"^(?i:điều)\s+(?P<number>\d+)(?P<suffix>[a-z]?)\s*(?:[.:\-–—]\s*(?P<rest>.*))?$")
ARTICLE_BARE_RE = re.compile(r"^(?i:điều)\s+(?P<number>\d+)(?P<suffix>[a-z]?)\s+(?P<rest>\S.*)$")  # no separator
CLAUSE_RE = re.compile(r"^(?P<number>\d{1,3})\s*(?:[.)]\s*(?P<rest>\S.*)|\s+(?P<bare>\S.*))$")
POINT_RE = re.compile(r"^(?P<letter>[a-zđ])\s*\)\s*(?P<rest>.*)$")
CLOSING_RE = re.compile(
    r"^(?:(?i:nơi\s+nhận)\s*:?|(?i:(?:bộ\s+)?luật|hiến\s+pháp|nghị\s+quyết|pháp\s+lệnh|nghị\s+định|thông\s+tư|quyết\s+định)"
    r"\s+(?:này\s+)?(?:đã\s+)?được\s.*\bthông\s+qua\b.*|(?:TM|T/M|KT|K/T|TL|T/L|Q|TUQ)\.?\s+[A-ZÀ-ỸĐ].*"
    r"|(?:PHÓ\s+)?(?:CHỦ\s+TỊCH|THỦ\s+TƯỚNG|BỘ\s+TRƯỞNG|GIÁM\s+ĐỐC|CHÁNH\s+ÁN|VIỆN\s+TRƯỞNG)\b.*)$"
)
QUOTES = ("“", '"', "‘", "'", "«", "„")
_SPACES = re.compile(r"[\s\u00a0\u2000-\u200b\u202f\u205f\u3000\ufeff]+")


def normalise_line(text):
    """Return one line in NFC without control characters, every kind of space (non-breaking, zero-width) made a
    single plain space."""
    return _SPACES.sub(" ", unicodedata.normalize("NFC", strip_controls(text))).strip()


def _is_capitals(text):
    """Return whether a line is written in capitals (a continued heading title)."""
    letters = [ch for ch in text if ch.isalpha()]
    return bool(letters) and all(ch.isupper() for ch in letters)


class _Parser:
    """One pass over the lines, keeping the open division stack, article and clause."""

    def __init__(self):
        self.document = Document()
        self.stack = []
        self.article = None
        self.clause = None
        self.last_article = 0
        self.title_target = None  # a division still waiting for (more of) its title
        self.in_closing = False
        self.problems = []  # every problem found, said together at the end
        self.last_heading = None  # the line of the latest article heading, quoted in problems

    def feed(self, number, line):
        """Place one non-empty line."""
        if self.in_closing:
            self.document.closing.append(line)
            return
        if line.startswith(QUOTES):
            self._text(number, line)
            return
        for kind, pattern in (
            (SUBSECTION, SUBSECTION_RE),
            (PART, PART_RE),
            (CHAPTER, CHAPTER_RE),
            (SECTION, SECTION_RE),
        ):
            match = pattern.match(line)
            if match and (match.group("tail") is None or _is_capitals(match.group("tail"))):
                self._division(number, kind, match)
                return
        match = ARTICLE_RE.match(line)
        if match and self._starts_article(number, match, line):
            return
        match = ARTICLE_BARE_RE.match(line)
        if match and match.group("rest")[0].isupper() and self._starts_bare_article(number, match, line):
            return
        if self.article is not None and CLOSING_RE.match(line):
            self.in_closing = True
            self.title_target = None
            self.document.closing.append(line)
            return
        if self.title_target is not None:
            if not self.title_target.title:
                self.title_target.title = line
                return
            if _is_capitals(line) and _is_capitals(self.title_target.title):
                self.title_target.title += " " + line
                return
            self.title_target = None
        self._text(number, line)

    def _division(self, number, kind, match):
        """Open a Phần / Chương / Mục / Tiểu mục under the nearest higher division."""
        groups = match.groupdict()
        title = (groups.get("rest") or groups.get("tail") or "").strip()
        label = " ".join(match.group("number").split())
        if label.lower().startswith("thứ"):
            label = label.lower()  # "PHẦN THỨ NHẤT" and "Phần thứ nhất" are the same part
        division = Division(kind=kind, number=label, title=title, line=number)
        while self.stack and LEVEL[self.stack[-1].kind] >= LEVEL[kind]:
            self.stack.pop()
        (self.stack[-1].children if self.stack else self.document.children).append(division)
        self.stack.append(division)
        self.article = self.clause = None
        self.title_target = division

    def _starts_article(self, number, match, line):
        """Open an article; where numbering breaks, note the problem and go on counting from this heading (so one
        missing article is one problem, not one per article after it)."""
        value = int(match.group("number"))
        has_separator = match.group("rest") is not None or match.group(0).rstrip().endswith((".", ":"))
        expected = self.last_article + 1
        if value != expected and self.last_article:
            if not has_separator:
                return False  # "Điều 5 của Luật này …" inside a paragraph
            self.problems.append(
                _l(
                    "Paragraph %(line)d: “%(heading)s” comes after “%(previous)s”; articles must be numbered "
                    "consecutively (one is missing, repeated or out of order).",
                    line=number,
                    heading=_quoted(line),
                    previous=_quoted(self.last_heading),
                )
            )
        if not self.last_article and value != 1 and not has_separator:
            return False
        self._open_article(number, value, (match.group("rest") or "").strip(), line)
        return True

    def _starts_bare_article(self, number, match, line):
        """Open an article written "Điều 5 Title" (no separator) if it is the next in sequence."""
        value = int(match.group("number"))
        if match.group("suffix") or value != self.last_article + 1:
            return False  # "Điều 5 Luật Đất đai quy định …" cited inside a paragraph
        self._open_article(number, value, match.group("rest").strip(), line)
        return True

    def _open_article(self, number, value, title, line):
        self.last_heading = line
        self.article = Article(number=value, title=title, line=number)
        (self.stack[-1].children if self.stack else self.document.children).append(self.article)
        self.last_article = value
        self.clause = None
        self.title_target = None

    def _text(self, number, line):
        """Place a paragraph: preamble, a clause, a point, or plain text of the current article."""
        if self.article is None:
            if self.stack:
                self.stack[
                    -1
                ].title = f"{self.stack[-1].title} {line}".strip()  # text between a heading and its first article
            else:
                self.document.preamble.append(line)
            return
        clause_match = CLAUSE_RE.match(line)
        if clause_match and int(clause_match.group("number")) == len(self.article.clauses) + 1:
            bare = clause_match.group("bare")
            if bare is None or bare[0].isupper():  # "1 Text": only a capital after a bare number opens a clause
                text = clause_match.group("rest") if bare is None else bare
                self.clause = Clause(number=int(clause_match.group("number")), text=text, line=number)
                self.article.clauses.append(self.clause)
                return
        point_match = POINT_RE.match(line)
        if point_match:
            owner = self.clause if self.clause is not None else self.article
            points = owner.points if isinstance(owner, Clause) else self._article_points()
            letter = point_match.group("letter")
            if letter in _next_letters(points) and not (isinstance(owner, Clause) and owner.tail):
                points.append(Point(letter=letter, text=point_match.group("rest"), line=number))
                return
        if self.clause is not None and self.clause.points and not self.clause.tail:
            self.clause.points[-1].tail.append(line)  # continues the point; it may be the clause's closing words,
            # which are kept in the same place (Clause.saved_points)
        elif self.clause is not None:
            self.clause.tail.append(line)
        else:
            self.article.intro.append(line)

    def _article_points(self):
        """Return the points written directly under an article (no clauses), kept in an unnumbered clause."""
        if not self.article.clauses or self.article.clauses[-1].number != 0:
            if self.article.clauses:
                return []
            self.clause = Clause(number=0, text="", line=self.article.line)
            self.article.clauses.append(self.clause)
        return self.article.clauses[-1].points


def _next_letters(points):
    """Return the letters the next point may have: the Vietnamese order, or Word's Latin one if the list follows it."""
    count = len(points)
    letters = [point.letter for point in points]
    allowed = set()
    if letters == POINT_LETTERS[:count] and count < len(POINT_LETTERS):
        allowed.add(POINT_LETTERS[count])
    if letters == LATIN_LETTERS[:count] and count < len(LATIN_LETTERS):
        allowed.add(LATIN_LETTERS[count])
    return allowed


def _quoted(line, limit=80):
    """A heading as quoted in a problem: its first `limit` characters."""
    line = line or ""
    return line if len(line) <= limit else line[: limit - 1].rstrip() + "…"


def parse_lines(lines):
    """Parse an iterable of text lines (paragraphs; their 1-based numbers are reported in problems) into a Document;
    raise ParseError listing every problem found."""
    parser = _Parser()
    for number, raw in enumerate(lines, start=1):
        line = normalise_line(raw)
        if line:
            parser.feed(number, line)
    document = parser.document
    if not document.articles:
        raise ParseError(_l("No article was found: the text has no line starting with “Điều 1”."))
    if len(document.articles) > MAX_ARTICLES:
        raise FileLimitExceeded(
            _l("The draft has more than %(limit)d articles. Split it into several drafts.", limit=MAX_ARTICLES)
        )
    problems = list(parser.problems)
    for node, _ in document.walk():
        if isinstance(node, Division) and not node.children:
            problems.append(
                _l("Paragraph %(line)d: %(heading)s has no article under it.", line=node.line, heading=node.heading)
            )
    if problems:
        message = problems[0] if len(problems) == 1 else "\n".join(str(problem) for problem in problems)
        raise ParseError(message, problems=problems)
    return document


def parse_text(text):
    """Parse a whole text (any line endings)."""
    return parse_lines(text.splitlines())
