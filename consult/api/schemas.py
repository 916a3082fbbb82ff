"""What the API sends and accepts: marshmallow schemas that write its JSON and describe it in the OpenAPI document.

Each response is written by `dump` of one of these schemas, and the same schemas make the document
(consult.api.spec), so what is sent and what is described cannot drift apart (tests/api/test_schemathesis.py checks
every response against the document). Times go out in UTC with a Z; codes (stance, kind, locality) go out as stored,
their labels are the client's business.
"""

import base64
import binascii
import json
from datetime import UTC, datetime

from flask_babel import lazy_gettext as _l
from marshmallow import Schema, ValidationError, fields, validate

from consult.answers.models import ANSWER_KINDS
from consult.attachments.models import AttachmentKind
from consult.drafts.models import DOC_TYPES, DraftStatus, Participation, Phase
from consult.feedback.models import AUTHOR_KINDS, STANCES
from consult.localities import OTHER, PROVINCES

DEFAULT_LIMIT = 50
MAX_LIMIT = 200
PUBLIC_STATUSES = tuple(status for status in DraftStatus.ALL if status != DraftStatus.DRAFT)
PUBLIC_PHASES = (Phase.UPCOMING, Phase.OPEN, Phase.CLOSED, Phase.ANSWERED)
LOCALITIES = (*PROVINCES, *OTHER)


# --- Fields ------------------------------------------------------------------------------------------------------


class UTCDateTime(fields.DateTime):
    """A moment in UTC: written as ISO 8601 with Z (2026-12-07T08:30:00Z); read from any ISO 8601 date or moment,
    a moment without an offset taken as UTC."""

    def _serialize(self, value, attr, obj, **kwargs):
        return None if value is None else value.astimezone(UTC).isoformat().replace("+00:00", "Z")

    def _deserialize(self, value, attr, data, **kwargs):
        if not isinstance(value, str):
            raise ValidationError("not a string")
        try:
            moment = datetime.fromisoformat(value.strip().upper())  # RFC 3339 allows a lower-case t and z
            return (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).astimezone(UTC)
        except (ValueError, OverflowError):
            raise ValidationError("not an ISO 8601 moment") from None


class Cursor(fields.String):
    """An opaque position in a list: the values of its sort key after which the next page starts."""

    def _deserialize(self, value, attr, data, **kwargs):
        text = super()._deserialize(value, attr, data, **kwargs)
        try:
            raw = base64.b64decode(text.encode("ascii") + b"=" * (-len(text) % 4), altchars=b"-_", validate=True)
            values = json.loads(raw)
        except (UnicodeError, binascii.Error, ValueError):
            raise ValidationError("not a cursor") from None
        if not isinstance(values, list) or not values:
            raise ValidationError("not a cursor")
        return values


def encode_cursor(*values):
    """Return the opaque cursor of a position (the sort key values of the last item sent)."""
    raw = json.dumps(list(values), separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode("ascii").rstrip("=")


def _doc(text, **metadata):
    """Field metadata: its description in the document (translated when the document is built)."""
    return {"description": text, **metadata}


def _nullable_int(text):
    """A number that may be null."""
    return fields.Integer(required=True, allow_none=True, metadata=_doc(text))


# --- Query parameters --------------------------------------------------------------------------------------------


class PageQuery(Schema):
    """Parameters of every list that comes in pages."""

    limit = fields.Integer(
        load_default=DEFAULT_LIMIT,
        validate=validate.Range(min=1, max=MAX_LIMIT),
        metadata=_doc(_l("How many items a page holds."), example=20),
    )
    cursor = Cursor(
        metadata=_doc(_l("Where the page starts: the next_cursor of the page before. Leave it out for the first page."))
    )


class DraftQuery(PageQuery):
    """Filters of the list of drafts."""

    updated_since = UTCDateTime(metadata=_doc(_l("Only drafts changed at or after this moment (ISO 8601).")))

    agency = fields.String(metadata=_doc(_l("The slug of the drafting agency."), example="so-xay-dung-ha-noi"))
    status = fields.String(
        validate=validate.OneOf(PUBLIC_STATUSES), metadata=_doc(_l("The status set by the drafting agency."))
    )
    phase = fields.String(
        validate=validate.OneOf(PUBLIC_PHASES),
        metadata=_doc(_l("Where the consultation stands now, by the clock: upcoming, open, closed or answered.")),
    )
    field = fields.String(
        metadata=_doc(_l("The field of the draft, exactly as the agency wrote it."), example="Xây dựng")
    )
    locality = fields.String(
        validate=validate.OneOf(LOCALITIES),
        metadata=_doc(_l("Drafts concerning this province or city: its agencies' and the national bodies'.")),
    )


class OpinionQuery(PageQuery):
    """Filters of the list of a draft's opinions."""

    updated_since = UTCDateTime(
        metadata=_doc(_l("Only opinions published (approved) at or after this moment (ISO 8601)."))
    )

    article = fields.Integer(
        validate=validate.Range(min=0, max=100_000),
        metadata=_doc(_l("Only opinions on the article with this number (in any version)."), example=1),
    )
    locality = fields.String(
        validate=validate.OneOf(LOCALITIES), metadata=_doc(_l("Only opinions from this province or city (its code)."))
    )


class AnswerQuery(PageQuery):
    """Filters of the list of a draft's answers."""

    updated_since = UTCDateTime(
        metadata=_doc(_l("Only answers published or changed at or after this moment (ISO 8601)."))
    )


# --- Responses ---------------------------------------------------------------------------------------------------


class ProblemSchema(Schema):
    """An error (RFC 9457 problem details, application/problem+json)."""

    type = fields.String(required=True, metadata=_doc(_l("A URI naming the kind of problem; about:blank for none.")))
    title = fields.String(required=True, metadata=_doc(_l("A short summary of the kind of problem.")))
    status = fields.Integer(required=True, metadata=_doc(_l("The HTTP status code.")))
    detail = fields.String(required=True, metadata=_doc(_l("What went wrong with this request.")))
    invalid_params = fields.List(
        fields.Dict(keys=fields.String(), values=fields.String()),
        metadata=_doc(_l("For a 400: each parameter refused, with the reason (name, reason).")),
    )


class AgencySchema(Schema):
    """A drafting agency."""

    slug = fields.String(required=True)
    name = fields.String(required=True)
    kind = fields.String(required=True, metadata=_doc(_l("The level of government.")))
    parent = fields.String(allow_none=True, required=True, metadata=_doc(_l("The slug of the agency above it.")))
    public_drafts = fields.Integer(required=True, metadata=_doc(_l("How many of its drafts are public.")))


class AgencyListSchema(Schema):
    """Every agency."""

    items = fields.List(fields.Nested(AgencySchema), required=True)


class AgencyRefSchema(Schema):
    """The agency of a draft."""

    slug = fields.String(required=True)
    name = fields.String(required=True)


class ExtensionSchema(Schema):
    """An extension of the consultation window, with the reason given to the public."""

    previous_closes_at = UTCDateTime(required=True)
    new_closes_at = UTCDateTime(required=True)
    reason = fields.String(required=True)
    extended_at = UTCDateTime(required=True, attribute="created_at")


class WindowSchema(Schema):
    """The consultation window: comments are taken from opens_at until just before closes_at."""

    opens_at = UTCDateTime(required=True)
    closes_at = UTCDateTime(required=True, metadata=_doc(_l("The end of the window, extensions included.")))
    phase = fields.String(required=True, validate=validate.OneOf(PUBLIC_PHASES))
    extensions = fields.List(fields.Nested(ExtensionSchema), required=True)


class DraftSchema(Schema):
    """A draft put to public consultation, as listed."""

    slug = fields.String(required=True)
    title = fields.String(required=True)
    summary = fields.String(required=True)
    doc_type = fields.String(required=True, validate=validate.OneOf(tuple(DOC_TYPES)))
    number_symbol = fields.String(required=True, metadata=_doc(_l("The document's number and symbol, if any.")))
    field = fields.String(required=True)
    agency = fields.Nested(AgencyRefSchema, required=True)
    status = fields.String(required=True, validate=validate.OneOf(PUBLIC_STATUSES))
    window = fields.Nested(WindowSchema, required=True)
    current_version = _nullable_int(_l("The number of the version open for comments."))
    answers_published_at = UTCDateTime(
        required=True, allow_none=True, metadata=_doc(_l("When the agency published its answers, if it has."))
    )
    created_at = UTCDateTime(required=True)
    updated_at = UTCDateTime(required=True)
    url = fields.String(required=True, metadata=_doc(_l("This draft in the API.")))
    html_url = fields.String(required=True, metadata=_doc(_l("This draft's page on the site.")))


class DraftPageSchema(Schema):
    """A page of drafts."""

    items = fields.List(fields.Nested(DraftSchema), required=True)
    next_cursor = fields.String(
        required=True, allow_none=True, metadata=_doc(_l("The cursor of the next page; null on the last one."))
    )
    next = fields.String(required=True, allow_none=True, metadata=_doc(_l("The address of the next page, or null.")))


class PointSchema(Schema):
    """A point (điểm) of a clause; an empty letter is a paragraph after the points."""

    letter = fields.String(required=True)
    text = fields.String(required=True)


class ClauseSchema(Schema):
    """A clause (khoản) of an article; number 0 holds points written directly under the article."""

    number = fields.Integer(required=True)
    text = fields.String(required=True)
    points = fields.List(fields.Nested(PointSchema), required=True)


class ArticleSchema(Schema):
    """An article (Điều) with its clauses and points."""

    type = fields.String(required=True, validate=validate.OneOf(("article",)))
    number = fields.Integer(required=True)
    title = fields.String(required=True)
    intro = fields.String(required=True, metadata=_doc(_l("The text before the first clause.")))
    body = fields.String(required=True, metadata=_doc(_l("The whole article as it reads.")))
    clauses = fields.List(fields.Nested(ClauseSchema), required=True)


NODE = {
    "oneOf": [{"$ref": "#/components/schemas/Division"}, {"$ref": "#/components/schemas/Article"}],
    "discriminator": {"propertyName": "type"},
}


class DivisionSchema(Schema):
    """A division of the text (Phần, Chương, Mục, Tiểu mục) with what it holds, in reading order."""

    type = fields.String(required=True, validate=validate.OneOf(("division",)))
    kind = fields.String(required=True, validate=validate.OneOf(("part", "chapter", "section", "subsection")))
    number = fields.String(required=True)
    title = fields.String(required=True)
    heading = fields.String(required=True, metadata=_doc(_l("As printed: Chương II, Mục 1…")))
    children = fields.Raw(required=True, metadata={"type": "array", "items": NODE})


class TextSchema(Schema):
    """The current version's text as a tree: divisions holding divisions and articles, in reading order."""

    version = fields.Integer(required=True)
    preamble = fields.String(required=True)
    closing = fields.String(required=True)
    outline = fields.Raw(required=True, metadata={"type": "array", "items": NODE})


class VersionSchema(Schema):
    """A version of the draft's text; opinions stay on the version they were given on."""

    number = fields.Integer(required=True)
    note = fields.String(required=True, metadata=_doc(_l("What changed, as the agency put it.")))
    created_at = UTCDateTime(required=True)
    current = fields.Boolean(required=True)


class AttachmentSchema(Schema):
    """A file attached to the draft (its description; the file itself at `url`)."""

    id = fields.Integer(required=True)
    kind = fields.String(required=True, validate=validate.OneOf(AttachmentKind.ALL))
    filename = fields.String(required=True)
    content_type = fields.String(required=True)
    size = fields.Integer(required=True, metadata=_doc(_l("In bytes.")))
    sha256 = fields.String(required=True)
    created_at = UTCDateTime(required=True)
    url = fields.String(required=True)


class StanceCountsSchema(Schema):
    """Approved opinions by stance."""

    support = fields.Integer(required=True)
    oppose = fields.Integer(required=True)
    other = fields.Integer(required=True)


class ArticleCountsSchema(Schema):
    """Approved opinions on one article (or, with a null article, on the whole draft)."""

    article = _nullable_int(_l("The article's number; null for opinions on the whole draft."))
    version = _nullable_int(_l("The version the article belongs to."))
    approved = fields.Integer(required=True)
    by_stance = fields.Nested(StanceCountsSchema, required=True)


class CountsSchema(Schema):
    """Counts of the draft's approved (published) opinions."""

    approved = fields.Integer(required=True)
    by_stance = fields.Nested(StanceCountsSchema, required=True)
    by_article = fields.List(fields.Nested(ArticleCountsSchema), required=True)


class DraftDetailSchema(DraftSchema):
    """A draft with its versions, current text, files and counts."""

    contact = fields.String(required=True, metadata=_doc(_l("The agency's office in charge of the draft.")))
    participation = fields.String(required=True, validate=validate.OneOf(Participation.ALL))
    versions = fields.List(fields.Nested(VersionSchema), required=True)
    text = fields.Nested(TextSchema, required=True, allow_none=True)
    attachments = fields.List(fields.Nested(AttachmentSchema), required=True)
    counts = fields.Nested(CountsSchema, required=True)


class ArticleListSchema(Schema):
    """The articles of the current version."""

    version = _nullable_int(_l("The number of the current version."))
    items = fields.List(fields.Nested(ArticleSchema), required=True)


class AnswerSchema(Schema):
    """The drafting agency's published answer to an opinion."""

    kind = fields.String(required=True, validate=validate.OneOf(tuple(ANSWER_KINDS)))
    explanation = fields.String(required=True)
    published_at = UTCDateTime(required=True)
    updated_at = UTCDateTime(required=True, attribute="changed_at", metadata=_doc(_l("When it last changed.")))
    text_id = fields.Integer(required=True, metadata=_doc(_l("Opinions answered together share this number.")))


class OpinionSchema(Schema):
    """An approved opinion, as the public sees it: never its author's contact details."""

    id = fields.Integer(required=True)
    text = fields.String(required=True, metadata=_doc(_l("The published text (with any redaction).")))
    stance = fields.String(required=True, validate=validate.OneOf(tuple(STANCES)))
    proposed_wording = fields.String(required=True)
    author_kind = fields.String(required=True, validate=validate.OneOf(tuple(AUTHOR_KINDS)))
    author_name = fields.String(
        required=True,
        allow_none=True,
        metadata=_doc(_l("Only when the author agreed to show it (always for an organisation).")),
    )
    locality = fields.String(required=True, metadata=_doc(_l("The province or city code.")))
    article = _nullable_int(_l("The article's number; null for an opinion on the whole draft."))
    clause = _nullable_int(_l("The clause's number, if the opinion is on one."))
    version = fields.Integer(required=True, metadata=_doc(_l("The version of the text it was given on.")))
    created_at = UTCDateTime(required=True)
    published_at = UTCDateTime(required=True, metadata=_doc(_l("When it was approved for publication.")))
    answer = fields.Nested(AnswerSchema, required=True, allow_none=True)


class OpinionPageSchema(DraftPageSchema):
    """A page of approved opinions."""

    items = fields.List(fields.Nested(OpinionSchema), required=True)


class PublishedAnswerSchema(AnswerSchema):
    """A published answer, with the opinion it answers."""

    opinion_id = fields.Integer(required=True)
    article = _nullable_int(_l("The article's number of that opinion; null for the whole draft."))


class AnswerPageSchema(DraftPageSchema):
    """A page of published answers."""

    items = fields.List(fields.Nested(PublishedAnswerSchema), required=True)
