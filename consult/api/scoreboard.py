"""The agency scoreboard in the API (/api/v1/scoreboard): the figures of the public page (consult.scoreboard), one
item per agency expected to consult or that consulted in the period, by agency id, in pages."""

from datetime import timedelta

from flask_babel import lazy_gettext as _l
from marshmallow import Schema, fields, validate

from consult.agency.models import AgencyKind
from consult.api import bp
from consult.api.schemas import AgencyRefSchema, DraftPageSchema, PageQuery
from consult.api.spec import operation
from consult.api.views import cursor_key, paged, parameters
from consult.database import reads_outside_a_transaction
from consult.pagecache import public_page
from consult.scoreboard.models import WHOLE_YEAR
from consult.scoreboard.services import FIRST_YEAR, LAST_YEAR, Period, build_scoreboard, current_year


def _doc(text, **metadata):
    """Field metadata: its description in the document."""
    return {"description": text, **metadata}


def _count(text):
    """A required whole number, described."""
    return fields.Integer(required=True, metadata=_doc(text))


def _share(text):
    """A share from 0 to 1, null when there is nothing to divide."""
    return fields.Float(required=True, allow_none=True, validate=validate.Range(0, 1), metadata=_doc(text))


class ScoreboardQuery(PageQuery):
    """The period and level of the scoreboard."""

    year = fields.Integer(
        validate=validate.Range(min=FIRST_YEAR, max=LAST_YEAR),
        metadata=_doc(_l("The year (Viet Nam time); the current year when left out."), example=2026),
    )
    quarter = fields.Integer(
        validate=validate.Range(min=1, max=4),
        metadata=_doc(_l("A quarter of the year, 1 to 4; the whole year when left out."), example=4),
    )
    level = fields.String(
        validate=validate.OneOf(AgencyKind.ALL), metadata=_doc(_l("Only agencies of this level of government."))
    )


class PeriodSchema(Schema):
    """The period: a year, or a quarter of it."""

    year = fields.Integer(required=True)
    quarter = fields.Integer(required=True, allow_none=True, metadata=_doc(_l("Null for the whole year.")))
    first_day = fields.Date(required=True)
    last_day = fields.Date(required=True)


class ScoreboardRowSchema(Schema):
    """One agency's figures in the period (each defined on the scoreboard page)."""

    agency = fields.Nested(AgencyRefSchema, required=True)
    level = fields.String(required=True, validate=validate.OneOf(AgencyKind.ALL))
    expected = fields.Boolean(required=True, metadata=_doc(_l("Whether it was expected to consult in the period.")))
    drafts = _count(_l("Drafts it put to consultation whose window opened in the period."))
    met_minimum = _count(_l("Of those, drafts whose window lasted at least the legal minimum for their type."))
    closed_early = _count(_l("Of those, drafts closed before the end of their announced window."))
    opinions_online = _count(_l("Opinions received through the site's form (pending or published)."))
    opinions_offline = _count(_l("Opinions gathered offline and entered by the agency (pending or published)."))
    published_opinions = _count(_l("Published opinions, the ones that can be answered."))
    answered_opinions = _count(_l("Published opinions with an answer."))
    answered_share = _share(_l("answered_opinions / published_opinions."))
    answers_published = _count(_l("Answers made public."))
    published_share = _share(_l("Answers made public / answers given."))
    median_days_to_answers = fields.Float(
        required=True,
        allow_none=True,
        metadata=_doc(_l("Median days from a window's end (or early closing) to its answers' publication.")),
    )
    reports_published = _count(_l("Drafts whose synthesis report is public (their answers are published)."))


class ScoreboardPageSchema(DraftPageSchema):
    """A page of the scoreboard, with the period's totals."""

    period = fields.Nested(PeriodSchema, required=True)
    level = fields.String(required=True, allow_none=True, validate=validate.OneOf(AgencyKind.ALL))
    expected = _count(_l("Agencies expected to consult in the period (of this level)."))
    expected_consulted = _count(_l("Of those, agencies that put at least one draft to consultation."))
    consulted_unexpected = _count(_l("Agencies that consulted without being expected to."))
    items = fields.List(fields.Nested(ScoreboardRowSchema), required=True)


QUERY, PAGE = ScoreboardQuery(), ScoreboardPageSchema()


def row_record(row):
    """Return one agency's figures as the API writes them."""
    return {
        "agency": {"slug": row.slug, "name": row.name},
        "level": row.kind,
        "expected": row.expected,
        "drafts": row.drafts,
        "met_minimum": row.met_minimum,
        "closed_early": row.closed_early,
        "opinions_online": row.online,
        "opinions_offline": row.offline,
        "published_opinions": row.published_opinions,
        "answered_opinions": row.answered,
        "answered_share": row.answered_share,
        "answers_published": row.answers_published,
        "published_share": row.published_share,
        "median_days_to_answers": row.median_days,
        "reports_published": row.reports,
    }


@bp.route("/scoreboard")
@operation(
    _l("Agency scoreboard"),
    _l(
        "Per agency expected to consult or that consulted in a year or quarter: drafts put to consultation, windows "
        "that met the legal minimum or closed early, opinions received online and offline, answers given and "
        "published, the median days to publish them, synthesis reports published; with how many expected agencies "
        "consulted. By agency, in pages."
    ),
    ScoreboardPageSchema,
    query=ScoreboardQuery,
)
@public_page
@reads_outside_a_transaction
def scoreboard():
    """A page of the scoreboard of a period."""
    args = parameters(QUERY)
    after = cursor_key(args.pop("cursor", None), int)
    limit = args.pop("limit")
    period = Period(args.get("year", current_year()), args.get("quarter", WHOLE_YEAR))
    board = build_scoreboard(period, args.get("level"))
    rows = sorted(board.rows, key=lambda row: row.agency_id)
    if after is not None:
        rows = [row for row in rows if row.agency_id > after]
    items = [row_record(row) for row in rows[: limit + 1]]
    totals = {
        "period": {
            "year": period.year,
            "quarter": period.quarter or None,
            "first_day": period.first_day,
            "last_day": period.end_day - timedelta(days=1),
        },
        "level": board.level,
        "expected": board.expected,
        "expected_consulted": board.expected_did,
        "consulted_unexpected": board.unexpected_did,
    }
    return paged(PAGE, items, limit, key_of=lambda index: (rows[index].agency_id,), **totals)
