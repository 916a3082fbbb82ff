"""The tables of an open data file and their columns: each table a Frictionless Table Schema, each column a field.

Column names are English and stable (programs read them); titles and descriptions are translated, like the page.
Codes (stance, author kind, answer kind, status, type of document) are those stored, listed as each field's enum;
the counts table gives their labels.
"""

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

from consult.answers.models import ANSWER_KINDS
from consult.drafts.models import DOC_TYPES, DraftStatus
from consult.feedback.models import AUTHOR_KINDS, STANCES
from consult.polls.models import QUESTION_KINDS


@dataclass(frozen=True)
class Column:
    """One column of a table: a field of its Table Schema."""

    name: str
    type: str  # a Table Schema type: string, integer, datetime
    title: object
    enum: tuple = ()
    required: bool = False

    def field(self):
        """Return the column's Table Schema field."""
        field = {"name": self.name, "type": self.type, "title": str(self.title)}
        constraints = {"required": True} if self.required else {}
        if self.enum:
            constraints["enum"] = list(self.enum)
        return {**field, "constraints": constraints} if constraints else field


@dataclass(frozen=True)
class Table:
    """One table of the package, written as `<name>.csv` and `<name>.jsonl`."""

    name: str
    title: object
    description: object
    columns: tuple
    primary_key: tuple = ()
    by_draft: bool = True  # has a draft_slug column referring to the drafts table

    @property
    def names(self):
        """Return the column names, in order."""
        return [column.name for column in self.columns]

    def schema(self):
        """Return the table's Table Schema."""
        schema = {"fields": [column.field() for column in self.columns], "missingValues": [""]}
        if self.primary_key:
            schema["primaryKey"] = list(self.primary_key)
        if self.by_draft:
            schema["foreignKeys"] = [
                {"fields": ["draft_slug"], "reference": {"resource": "drafts", "fields": ["slug"]}}
            ]
        return schema


def _column(name, kind, title, enum=(), required=False):
    return Column(name, kind, title, tuple(enum), required)


DRAFT_SLUG = _column("draft_slug", "string", _l("Draft (its address name)"), required=True)

DRAFTS = Table(
    "drafts",
    _l("Published drafts"),
    _l("Every published draft: its details, consultation window, current version and number of opinions."),
    (
        _column("slug", "string", _l("Address name"), required=True),
        _column("title", "string", _l("Title"), required=True),
        _column("number_symbol", "string", _l("Number and symbol")),
        _column("doc_type", "string", _l("Type of document"), DOC_TYPES),
        _column("field", "string", _l("Field")),
        _column("summary", "string", _l("Summary")),
        _column("agency_slug", "string", _l("Drafting agency (its address name)")),
        _column("agency_name", "string", _l("Drafting agency")),
        _column("status", "string", _l("Status"), DraftStatus.ALL[1:]),
        _column("opens_at", "datetime", _l("Opens at (UTC)")),
        _column("closes_at", "datetime", _l("Closes at (UTC)")),
        _column("current_version", "integer", _l("Current version")),
        _column("answers_published_at", "datetime", _l("Answers published at (UTC)")),
        _column("approved_opinions", "integer", _l("Number of published opinions")),
        _column("published_answers", "integer", _l("Number of published answers")),
        _column("url", "string", _l("Page")),
    ),
    primary_key=("slug",),
    by_draft=False,
)
ARTICLES = Table(
    "articles",
    _l("Articles of the current versions"),
    _l("The articles of each draft's current version, in order, with the divisions (Phần, Chương, Mục) they are in."),
    (
        DRAFT_SLUG,
        _column("version", "integer", _l("Version"), required=True),
        _column("position", "integer", _l("Position in the text"), required=True),
        _column("number", "integer", _l("Article number"), required=True),
        _column("title", "string", _l("Title")),
        _column("part", "string", _l("Part (Phần)")),
        _column("chapter", "string", _l("Chapter (Chương)")),
        _column("section", "string", _l("Section (Mục)")),
        _column("subsection", "string", _l("Subsection (Tiểu mục)")),
        _column("text", "string", _l("Text of the article")),
        _column("approved_opinions", "integer", _l("Number of published opinions")),
    ),
    primary_key=("draft_slug", "version", "position"),
)
OPINIONS = Table(
    "opinions",
    _l("Published opinions"),
    _l(
        "Published opinions, oldest first, as shown on the drafts' pages: moderated and redacted where needed. A name "
        "is given only when its author agreed (or for an organisation); contact details are never published."
    ),
    (
        _column("id", "integer", _l("Opinion number"), required=True),
        DRAFT_SLUG,
        _column("version", "integer", _l("Version"), required=True),
        _column("article_number", "integer", _l("Article number")),
        _column("clause_number", "integer", _l("Clause number")),
        _column("stance", "string", _l("Stance"), STANCES, required=True),
        _column("text", "string", _l("Opinion")),
        _column("proposed_wording", "string", _l("Proposed wording")),
        _column("author_kind", "string", _l("Author kind"), AUTHOR_KINDS),
        _column("author_name", "string", _l("Author")),
        _column("locality", "string", _l("Locality (code)")),
        _column("locality_name", "string", _l("Locality")),
        _column("created_at", "datetime", _l("Sent at (UTC)"), required=True),
    ),
    primary_key=("id",),
)
ANSWERS = Table(
    "answers",
    _l("Published answers"),
    _l("The drafting agency's published answers to the opinions (only once it has published them)."),
    (
        _column("opinion_id", "integer", _l("Opinion number"), required=True),
        DRAFT_SLUG,
        _column("kind", "string", _l("Answer"), ANSWER_KINDS, required=True),
        _column("explanation", "string", _l("Explanation")),
        _column("answer_text_id", "integer", _l("Shared answer (opinions answered together have the same)")),
        _column("published_at", "datetime", _l("Published at (UTC)")),
    ),
    primary_key=("opinion_id",),
)
COUNTS = Table(
    "counts",
    _l("Counts of published opinions and answers"),
    _l(
        "Published opinions of each draft counted by stance, author kind, locality and channel, and published "
        "answers by kind."
    ),
    (
        DRAFT_SLUG,
        _column(
            "dimension", "string", _l("Counted by"), ("stance", "author_kind", "locality", "channel", "answer"), True
        ),
        _column("value", "string", _l("Value (code)")),
        _column("label", "string", _l("Value")),
        _column("count", "integer", _l("Number"), required=True),
    ),
    primary_key=("draft_slug", "dimension", "value"),
)
POLL_RESULTS = Table(
    "poll_results",
    _l("Results of the quick polls"),
    _l(
        "For each draft whose consultation has closed, the answers to its quick poll: per question, the people who "
        "answered it, and per option how many chose it and their share of those people (a question with several "
        "answers may add up to more than 100). Option position 0 counts the answers written under “Other” (their "
        "texts are not published)."
    ),
    (
        DRAFT_SLUG,
        _column("question_position", "integer", _l("Question number"), required=True),
        _column("question", "string", _l("Question"), required=True),
        _column("kind", "string", _l("Answers"), QUESTION_KINDS, required=True),
        _column("respondents", "integer", _l("People who answered the question"), required=True),
        _column("option_position", "integer", _l("Option number (0: “Other”)"), required=True),
        _column("option", "string", _l("Option")),
        _column("count", "integer", _l("People who chose it"), required=True),
        _column("percent", "number", _l("Share of the people who answered the question (%)"), required=True),
    ),
    primary_key=("draft_slug", "question_position", "option_position"),
)
TABLES = (DRAFTS, ARTICLES, OPINIONS, ANSWERS, COUNTS, POLL_RESULTS)
