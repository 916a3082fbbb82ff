"""The public scoreboard page (/scoreboard) and its CSV (/scoreboard.csv)."""

from flask import Response, render_template, request, url_for
from flask_babel import format_decimal
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from consult.agency.models import AGENCY_KIND_LABELS, AgencyKind
from consult.csvfiles import stream_csv
from consult.i18n import label
from consult.pagecache import public_page
from consult.scoreboard import bp
from consult.scoreboard.models import WHOLE_YEAR
from consult.scoreboard.services import (
    FIRST_YEAR,
    LAST_YEAR,
    QUARTERS,
    ScoreboardError,
    build_scoreboard,
    read_query,
)

# What each query parameter must be, told to the visitor when it is not.
PARAMETER_MESSAGES = {
    "year": _l("The year must be a whole number from %(first)d to %(last)d.", first=FIRST_YEAR, last=LAST_YEAR),
    "quarter": _l("The quarter must be 1, 2, 3 or 4; leave it empty for the whole year."),
    "level": _l("Choose a level of government from the list."),
    "sort": _l("The table can only be sorted by one of its columns."),
    "order": _l("The order must be asc (smallest first) or desc (largest first)."),
    "page": _l("The page must be a whole number from 1."),
}

# The table's columns: (sort key, heading). The page and the CSV share them.
COLUMNS = (
    ("agency", _l("Agency")),
    ("level", _l("Level")),
    ("expected", _l("Expected to consult")),
    ("drafts", _l("Drafts put to consultation")),
    ("minimum", _l("Met the minimum period")),
    ("early", _l("Closed early")),
    ("online", _l("Opinions online")),
    ("offline", _l("Opinions offline")),
    ("answered", _l("Opinions answered")),
    ("published", _l("Answers published")),
    ("median", _l("Median days to publish answers")),
    ("report", _l("Synthesis report published")),
)


def period_label(period):
    """Return the period as people say it: "2026" or "Quarter 4/2026"."""
    if period.quarter == WHOLE_YEAR:
        return _("Year %(year)d", year=period.year)
    return _("Quarter %(quarter)d/%(year)d", quarter=period.quarter, year=period.year)


def share_text(value):
    """Return a share from 0 to 1 as a whole percentage (at most 100: no digit grouping), or a dash when there is
    nothing to divide."""
    return "—" if value is None else f"{round(value * 100)} %"


def days_text(value, decimal_mark=None):
    """Return a number of days with at most one decimal (the language's decimal mark), or a dash."""
    if value is None:
        return "—"
    return format_decimal(value, format="#,##0.#") if decimal_mark is None else f"{value:g}".replace(".", decimal_mark)


PAGE_SIZE = 100  # rows of the page; the CSV and the API give every row


def _read():
    """Return (period, level, sort, descending) from the query string, or raise ScoreboardError."""
    return read_query(request.args)


def _refused(error):
    """Render the page with the form as typed and what is wrong, answered 400."""
    args = request.args
    html = render_template(
        "scoreboard/index.html",
        board=None,
        error=PARAMETER_MESSAGES[error.name],
        error_field=error.name,
        form={name: args.get(name, "") for name in ("year", "quarter", "level", "sort", "order", "page")},
        **_choices(),
    )
    return html, 400


def _choices():
    """The choices of the period and level form."""
    return {
        "quarters": QUARTERS,
        "levels": [(kind, AGENCY_KIND_LABELS[kind]) for kind in AgencyKind.ALL],
        "columns": COLUMNS,
        "first_year": FIRST_YEAR,
        "last_year": LAST_YEAR,
    }


def sort_link(column, sort, descending, period, level):
    """Return the address of the table sorted by `column`: the other way round if it is sorted by it already."""
    ascending_first = column in ("agency", "level")  # names read A to Z; figures largest first
    order = ("asc" if descending else "desc") if column == sort else ("asc" if ascending_first else "desc")
    return url_for(
        "scoreboard.index",
        year=period.year,
        quarter=period.quarter or None,
        level=level,
        sort=column,
        order=order,
    )


@bp.route("/scoreboard")
@public_page
def index():
    """Per agency and period: drafts consulted, windows, opinions, answers and reports; expected N, did M."""
    try:
        period, level, sort, descending = _read()
        page = _page_number(request.args.get("page"))
    except ScoreboardError as error:
        return _refused(error)
    board = build_scoreboard(period, level)
    rows = board.sorted_rows(sort, descending)
    pages = max(1, -(-len(rows) // PAGE_SIZE))
    page = min(page, pages)
    decimal_mark = format_decimal(1.5)[1]  # once: the table shows hundreds of figures
    return render_template(
        "scoreboard/index.html",
        board=board,
        rows=rows[(page - 1) * PAGE_SIZE : page * PAGE_SIZE],
        page=page,
        pages=pages,
        page_link=lambda number: url_for(
            "scoreboard.index",
            year=period.year,
            quarter=period.quarter or None,
            level=level,
            sort=sort,
            order="desc" if descending else "asc",
            page=number if number > 1 else None,
        ),
        period_name=period_label(period),
        sort=sort,
        descending=descending,
        sort_link=lambda column: sort_link(column, sort, descending, period, level),
        share_text=share_text,
        days_text=lambda value: days_text(value, decimal_mark),
        form={
            "year": str(period.year),
            "quarter": str(period.quarter or ""),
            "level": level or "",
            "sort": sort,
            "order": "desc" if descending else "asc",
        },
        error=None,
        error_field=None,
        **_choices(),
    )


def _page_number(raw):
    """Return the page asked for (1 when absent), or raise ScoreboardError("page")."""
    raw = (raw or "").strip()
    if not raw:
        return 1
    if not raw.isascii() or not raw.isdigit() or not 1 <= int(raw) <= 100_000:
        raise ScoreboardError("page")
    return int(raw)


@bp.route("/scoreboard.csv")
def csv_file():
    """The scoreboard of a period as CSV (UTF-8 with BOM), sorted as the page is."""
    try:
        period, level, sort, descending = _read()
    except ScoreboardError as error:
        return _refused(error)
    board = build_scoreboard(period, level)
    yes, no = _("Yes"), _("No")
    header = [_("Period"), _("Agency code"), *(str(heading) for _key, heading in COLUMNS)]
    name = period_label(period)
    rows = [
        [
            name,
            row.slug,
            row.name,
            label(AGENCY_KIND_LABELS, row.kind),
            yes if row.expected else no,
            row.drafts,
            row.met_minimum,
            row.closed_early,
            row.online,
            row.offline,
            _percent(row.answered_share),
            _percent(row.published_share),
            "" if row.median_days is None else row.median_days,
            row.reports,
        ]
        for row in board.sorted_rows(sort, descending)
    ]
    suffix = f"{period.year}" + (f"-q{period.quarter}" if period.quarter else "")
    return Response(
        stream_csv(header, rows),
        mimetype="text/csv",
        headers={
            "Content-Disposition": f'attachment; filename="bang-theo-doi-lay-y-kien-{suffix}.csv"',
            "Cache-Control": "public, max-age=300",
        },
    )


def _percent(value):
    """Return a share as a percentage with one decimal (a number a spreadsheet reads), or empty."""
    return "" if value is None else round(value * 100, 1)
