"""The read-only JSON API: agencies, drafts, articles, approved opinions and published answers (/api/v1/...)."""

import json
import threading
from datetime import UTC, datetime
from urllib.parse import urlencode

from flask import current_app, render_template, request
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from marshmallow import ValidationError
from sqlalchemy import select

from consult.agency.models import AgencyKind
from consult.api import bp, changes, queries, records
from consult.api.schemas import (
    LOCALITIES,
    MAX_LIMIT,
    PUBLIC_PHASES,
    PUBLIC_STATUSES,
    AgencyListSchema,
    AnswerPageSchema,
    AnswerQuery,
    ArticleListSchema,
    DraftDetailSchema,
    DraftPageSchema,
    DraftQuery,
    OpinionPageSchema,
    OpinionQuery,
    encode_cursor,
)
from consult.api.spec import current_document, operation, reference
from consult.database import reads_outside_a_transaction, utcnow
from consult.drafts.models import Draft, DraftStatus
from consult.errors import Problem
from consult.extensions import db
from consult.i18n import header_locale
from consult.pagecache import public_page
from consult.public.rendered import kept_fragment
from consult.scoreboard.services import FIRST_YEAR, LAST_YEAR

# What each query parameter must be: said to the client when it is not (invalid_params of a 400).
PARAMETER_RULES = {
    "limit": _l("A whole number from 1 to %(max)d.", max=MAX_LIMIT),
    "cursor": _l("Not a cursor this API gave: pass the next_cursor of the page before, or leave it out."),
    "updated_since": _l("A date or a moment in ISO 8601, such as 2026-12-07T08:00:00Z."),
    "status": _l("One of: %(choices)s.", choices=", ".join(PUBLIC_STATUSES)),
    "phase": _l("One of: %(choices)s.", choices=", ".join(PUBLIC_PHASES)),
    "article": _l("An article number."),
    "locality": _l("A province or city code such as ha-noi (%(count)d codes in all).", count=len(LOCALITIES)),
    # The scoreboard's period and level (consult.api.scoreboard)
    "year": _l("A year from %(first)d to %(last)d.", first=FIRST_YEAR, last=LAST_YEAR),
    "quarter": _l("A quarter: 1, 2, 3 or 4; left out for the whole year."),
    "level": _l("One of: %(choices)s.", choices=", ".join(AgencyKind.ALL)),
}
UNKNOWN_PARAMETER = _l("Not a parameter of this operation.")
NO_DRAFT = _l("There is no public draft with this slug.")

DRAFTS, OPINIONS, ANSWERS = DraftQuery(), OpinionQuery(), AnswerQuery()
AGENCY_LIST, DRAFT_PAGE, DRAFT_DETAIL = AgencyListSchema(), DraftPageSchema(), DraftDetailSchema()
ARTICLE_LIST, OPINION_PAGE, ANSWER_PAGE = ArticleListSchema(), OpinionPageSchema(), AnswerPageSchema()


def send_json(data):
    """Answer `data` as JSON, Vietnamese letters as they are (UTF-8), not as \\u escapes twice their size."""
    body = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return current_app.response_class(body, mimetype="application/json")


# Query strings loaded lately, per schema: a client polling a list sends the same few again and again. Loading
# with marshmallow was 0.035 of the opinions page's 0.65 ms in process (issue 16's 30% of a bare Flask hello).
LOADED_KEPT = 256
_loaded = {}
_loaded_lock = threading.Lock()


def parameters(schema):
    """Return the request's query parameters loaded by `schema` (a new dict: views pop from it); a 400 problem naming
    each one refused."""
    key = (id(schema), request.query_string)
    loaded = _loaded.get(key)
    if loaded is None:
        try:
            loaded = schema.load(request.args)
        except ValidationError as error:
            refuse(*sorted(error.messages), known=schema.fields)
        with _loaded_lock:
            _loaded[key] = loaded
            while len(_loaded) > LOADED_KEPT:
                del _loaded[next(iter(_loaded))]
    return dict(loaded)


def refuse(*names, known=PARAMETER_RULES):
    """Stop with a 400 problem naming these parameters and what each must be (a misspelt filter is refused, not
    ignored: it would answer more than was asked for)."""
    invalid = [
        {"name": name, "reason": PARAMETER_RULES.get(name) if name in known else UNKNOWN_PARAMETER} for name in names
    ]
    detail = _l("Some parameters are not valid: %(names)s.", names=", ".join(names))
    raise Problem(400, detail, invalid_params=invalid)


def cursor_key(values, *kinds):
    """Return the values of a decoded cursor as `kinds` (int, or datetime for a moment); a 400 problem if they are
    not (a cursor of another list, or made up)."""
    if values is None:
        return None
    if len(values) != len(kinds):
        refuse("cursor")
    try:
        key = tuple(_cursor_value(value, kind) for value, kind in zip(values, kinds, strict=True))
    except (TypeError, ValueError, OverflowError):
        refuse("cursor")
    return key[0] if len(kinds) == 1 else key


def _cursor_value(value, kind):
    """Return one value of a cursor as `kind`: a whole number (not a boolean), or a moment in UTC."""
    if kind is int and type(value) is int and abs(value) < 2**63:  # what a database integer holds
        return value
    if kind is datetime and isinstance(value, str):
        moment = datetime.fromisoformat(value)
        if moment.utcoffset() is not None:
            return moment.astimezone(UTC)
    raise TypeError(f"not a {kind.__name__}")


def paged(schema, items, limit, key_of, **more):
    """Answer a page: its first `limit` items, and the cursor and address of the next page when there is one
    (`items` then holds one more); `key_of(index)` returns the sort key of the item at `index`; `more` holds the
    page's other members (a scoreboard's period and totals)."""
    next_cursor = encode_cursor(*key_of(limit - 1)) if len(items) > limit else None
    next_url = None
    if next_cursor is not None:  # the same address and parameters, another cursor
        pairs = [(name, value) for name, value in request.args.items(multi=True) if name != "cursor"]
        next_url = f"{request.base_url}?{urlencode([*pairs, ('cursor', next_cursor)])}"
    response = send_json(schema.dump({**more, "items": items[:limit], "next_cursor": next_cursor, "next": next_url}))
    if next_url is not None:
        response.headers["Link"] = f'<{next_url}>; rel="next"'
    return response


def draft_or_404(slug, full=False):
    """Return the public draft with this slug (in full: see queries.public_draft), or stop with a 404 problem."""
    draft = queries.public_draft(slug, full=full)
    if draft is None:
        raise Problem(404, NO_DRAFT)
    return draft


@bp.route("/agencies")
@operation(_l("List agencies"), _l("Every drafting agency, with how many of its drafts are public."), AgencyListSchema)
@public_page
@reads_outside_a_transaction
def agencies():
    """Every agency."""
    items = [records.agency_record(*row) for row in queries.agencies()]
    return send_json(AGENCY_LIST.dump({"items": items}))


@bp.route("/drafts")
@operation(
    _l("List drafts"),
    _l("Published drafts, oldest first, filtered by agency, status, phase, field or time of change."),
    DraftPageSchema,
    query=DraftQuery,
)
def drafts():
    """A page of public drafts."""
    args = parameters(DRAFTS)
    after = cursor_key(args.pop("cursor", None), int)
    limit = args.pop("limit")
    found = queries.drafts_page(after=after, limit=limit, **args)
    now = utcnow()
    items = [records.draft_record(draft, now) for draft in found]
    return paged(DRAFT_PAGE, items, limit, key_of=lambda index: (found[index].id,))


@bp.route("/drafts/<slug>")
@operation(
    _l("Show a draft"),
    _l(
        "A draft with its window, versions, the current version's text (Phần, Chương, Mục, Điều, khoản, điểm), "
        "its attached files and the counts of its approved opinions by article and stance."
    ),
    DraftDetailSchema,
    not_found=True,
)
def draft(slug):
    """One public draft in full."""
    found = draft_or_404(slug, full=True)
    counts = queries.approved_counts(found)
    return send_json(DRAFT_DETAIL.dump(records.draft_detail_record(found, counts)))


@bp.route("/drafts/<slug>/articles")
@operation(
    _l("List a draft's articles"),
    _l("The articles of the current version, with their clauses and points."),
    ArticleListSchema,
    not_found=True,
)
def articles(slug):
    """The current version's articles."""
    found = draft_or_404(slug)
    items = [records.article_record(article) for article in queries.current_articles(found)]
    version = found.current_version.number if found.current_version else None
    return send_json(ARTICLE_LIST.dump({"version": version, "items": items}))


@bp.route("/drafts/<slug>/opinions")
@operation(
    _l("List a draft's approved opinions"),
    _l(
        "Approved opinions, oldest first, as published: the author's name only when they agreed to show it, never "
        "their contact details; with the agency's answer once answers are published."
    ),
    OpinionPageSchema,
    query=OpinionQuery,
    not_found=True,
)
@public_page
@reads_outside_a_transaction
def opinions(slug):
    """A page of a draft's approved opinions.

    On PostgreSQL a page is built once per process and kept under the number of changes heard
    (consult.api.changes) and the address asked for: no statement at all for a kept page. Elsewhere, or while
    that listener is not connected, until the draft's answers are published, a page is kept under the state of the
    draft's approved opinions (their number, the sums of their ids and revisions, the latest decision: one
    aggregate read at each request, with the draft's id) and the address. This buys issue 16's "opinions list >= 30% of
    a bare Flask hello's requests/s": building the page of 50 (the draft, two statements, 50 records, the schema's
    dump, its compression) was about 4.5 of its 5.8 ms in process (docs/benchmarks.md, 07/12/2026)."""
    args = parameters(OPINIONS)
    after = cursor_key(args.pop("cursor", None), datetime, int)
    limit = args.pop("limit")

    def build():
        found = draft_or_404(slug)
        rows, answers = queries.opinions_page(found, after=after, limit=limit, **args)
        items = [records.opinion_record(row, answers) for row in rows]
        return paged(
            OPINION_PAGE, items, limit, key_of=lambda index: (rows[index][0].created_at.isoformat(), rows[index][0].id)
        )

    listener = changes.listener_for(current_app)
    heard = listener.version() if listener is not None else None
    if heard is not None:  # PostgreSQL tells each change (answers included): no statement for a kept page
        return kept_response("api-opinions", ("heard", heard, request.base_url, request.query_string), build)
    state = queries.opinions_state(slug)
    key = None
    if state is not None and not state.answers_published:  # else each opinion may carry an answer: built each time
        key = (state, request.base_url, request.query_string)
    return kept_response("api-opinions", key, build)


def kept_response(kind, key, build):
    """Answer with the JSON body and Link header of `build()`'s response, built once under `key` (see
    consult.public.rendered.kept_fragment; built every time when `key` is None)."""
    if key is None:
        return build()

    def parts():
        response = build()
        return response.get_data(), response.headers.get("Link")

    body, link = kept_fragment(kind, key, parts)
    response = current_app.response_class(body, mimetype="application/json")
    if link is not None:
        response.headers["Link"] = link
    return response


@bp.route("/drafts/<slug>/answers")
@operation(
    _l("List a draft's published answers"),
    _l("The drafting agency's answers to approved opinions, once it has published them."),
    AnswerPageSchema,
    query=AnswerQuery,
    not_found=True,
)
@public_page
@reads_outside_a_transaction
def answers(slug):
    """A page of a draft's published answers."""
    args = parameters(ANSWERS)
    found = draft_or_404(slug)
    after = cursor_key(args.pop("cursor", None), int)
    limit = args.pop("limit")
    rows = queries.answers_page(found, after=after, limit=limit, updated_since=args.get("updated_since"))
    items = [records.answer_record(row) for row in rows]
    return paged(ANSWER_PAGE, items, limit, key_of=lambda index: (rows[index][0].id,))


@bp.route("/openapi.json")
@operation(_l("This document"), _l("The OpenAPI 3.1 description of this API."), {"type": "object"})
def openapi():
    """The OpenAPI document, in the language of Accept-Language."""
    response = send_json(current_document(header_locale()))
    response.vary.add("Accept-Language")
    return response


@bp.route("/")
@public_page
def reference_page():
    """The API's reference, for people: each operation, its parameters and a curl example."""
    document = current_document(str(get_locale()))
    example = db.session.scalar(
        select(Draft.slug).where(Draft.status != DraftStatus.DRAFT).order_by(Draft.id.desc()).limit(1)
    )
    return render_template(
        "api/reference.html",
        document=document,
        operations=reference(document, example or "SLUG"),
        base=request.host_url.rstrip("/"),
        rate_limit=current_app.config["API_RATE_LIMIT"],
    )
