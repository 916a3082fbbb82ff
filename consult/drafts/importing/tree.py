"""The parsed structure of a legal document: divisions (Phần, Chương, Mục, Tiểu mục), articles, clauses, points."""

from dataclasses import dataclass, field

PART, CHAPTER, SECTION, SUBSECTION = "part", "chapter", "section", "subsection"
DIVISION_KINDS = (PART, CHAPTER, SECTION, SUBSECTION)
DIVISION_HEADINGS = {PART: "Phần", CHAPTER: "Chương", SECTION: "Mục", SUBSECTION: "Tiểu mục"}


@dataclass
class Point:
    """An điểm: a), b), … đ) …"""

    letter: str
    text: str
    line: int
    tail: list = field(default_factory=list)  # paragraphs that continue the point, before the next one

    def to_dict(self):
        """Return a JSON-friendly dict."""
        return {"letter": self.letter, "text": self.text}


@dataclass
class Clause:
    """A khoản: 1., 2., … with its points."""

    number: int
    text: str
    line: int
    points: list = field(default_factory=list)
    tail: list = field(default_factory=list)  # paragraphs after the points that still belong to the clause

    def to_dict(self):
        """Return a JSON-friendly dict: its points as saved (saved_points)."""
        return {"number": self.number, "text": self.text, "points": self.saved_points()}

    def saved_points(self):
        """Return the points as a clause stores them: {"letter", "text"}, and each paragraph that continues a point
        or follows the points as an entry without a letter, where it stands."""
        saved = []
        for point in self.points:
            saved.append(point.to_dict())
            saved += [{"letter": "", "text": line} for line in point.tail]
        return saved + [{"letter": "", "text": line} for line in self.tail]

    @classmethod
    def from_saved(cls, number, text, saved):
        """Return the clause a stored clause holds (the inverse of saved_points)."""
        points, tail = [], []
        for entry in saved:  # an entry without a letter continues the point before it, if any
            if entry["letter"]:
                points.append(Point(letter=entry["letter"], text=entry["text"], line=0))
            else:
                (points[-1].tail if points else tail).append(entry["text"])
        return cls(number=number, text=text, line=0, points=points, tail=tail)

    def lines(self):
        """Return the clause as display lines."""
        result = [f"{self.number}. {self.text}".rstrip()] if self.number else []
        return result + saved_point_lines(self.saved_points())


def saved_point_lines(saved):
    """Return stored points ({"letter", "text"}, see Clause.saved_points) as they read, one line each: "a) text",
    or the text alone for a paragraph that continues a point or the clause."""
    return [f"{entry['letter']}) {entry['text']}" if entry.get("letter") else entry["text"] for entry in saved or []]


@dataclass
class Article:
    """An Điều, with its lead-in text and clauses."""

    number: int
    title: str
    line: int
    intro: list = field(default_factory=list)
    clauses: list = field(default_factory=list)

    @property
    def body(self):
        """Return the article's text as it reads, one paragraph per line."""
        lines = list(self.intro)
        for clause in self.clauses:
            lines += clause.lines()
        return "\n".join(lines).strip()

    def to_dict(self):
        """Return a JSON-friendly dict."""
        return {
            "number": self.number,
            "title": self.title,
            "intro": "\n".join(self.intro),
            "clauses": [clause.to_dict() for clause in self.clauses],
        }


@dataclass
class Division:
    """A Phần, Chương, Mục or Tiểu mục holding divisions or articles."""

    kind: str
    number: str
    title: str
    line: int
    children: list = field(default_factory=list)

    @property
    def heading(self):
        """Return the Vietnamese heading, e.g. 'Chương IV'."""
        return f"{DIVISION_HEADINGS[self.kind]} {self.number}"

    def to_dict(self):
        """Return a JSON-friendly dict."""
        return {
            "kind": self.kind,
            "number": self.number,
            "title": self.title,
            "children": [child.to_dict() for child in self.children],
        }


@dataclass
class Document:
    """A whole legal document: preamble, body tree, closing block."""

    preamble: list = field(default_factory=list)
    children: list = field(default_factory=list)
    closing: list = field(default_factory=list)

    def walk(self):
        """Yield (node, parent division or None) for every division and article, in document order."""
        stack = [(child, None) for child in reversed(self.children)]
        while stack:
            node, parent = stack.pop()
            yield node, parent
            if isinstance(node, Division):
                stack.extend((child, node) for child in reversed(node.children))

    @property
    def articles(self):
        """Return every article in document order."""
        return [node for node, _ in self.walk() if isinstance(node, Article)]

    def counts(self):
        """Return how many parts, chapters, sections, subsections, articles, clauses and points there are."""
        counts = {"parts": 0, "chapters": 0, "sections": 0, "subsections": 0, "articles": 0, "clauses": 0, "points": 0}
        plural = {PART: "parts", CHAPTER: "chapters", SECTION: "sections", SUBSECTION: "subsections"}
        for node, _ in self.walk():
            if isinstance(node, Division):
                counts[plural[node.kind]] += 1
            else:
                counts["articles"] += 1
                counts["clauses"] += sum(1 for clause in node.clauses if clause.number)  # 0 holds loose points
                counts["points"] += sum(len(clause.points) for clause in node.clauses)
        return counts

    def to_dict(self):
        """Return the whole tree as JSON-friendly data."""
        return {
            "counts": self.counts(),
            "preamble": "\n".join(self.preamble),
            "closing": "\n".join(self.closing),
            "children": [child.to_dict() for child in self.children],
        }
