"""The public statistics pages: the whole site's and each published draft's, and each of their tables as CSV."""

from datetime import timedelta

from flask import Response, abort, current_app, render_template, url_for
from flask_babel import gettext as _

from consult.csvfiles import stream_csv
from consult.database import reads_outside_a_transaction, utcnow
from consult.feedback.models import AUTHOR_KINDS, CHANNELS
from consult.i18n import label
from consult.localities import locality_name
from consult.pagecache import expire_page_at, public_page
from consult.public.services import draft_header
from consult.statistics import bp
from consult.statistics.counting import flush_page_views
from consult.statistics.queries import participation
from consult.statistics.tilemap import tile_map

TABLES = ("days", "channels", "kinds", "localities")


@bp.route("/statistics")
@public_page
@reads_outside_a_transaction
def site():
    """Page views and approved opinions of every published draft, by day, channel, author kind and locality."""
    return _page(None)


@bp.route("/drafts/<slug>/statistics")
@public_page
@reads_outside_a_transaction
def draft(slug):
    """Page views and approved opinions of one published draft, by day, channel, author kind and locality."""
    return _page(_public_draft(slug))


@bp.route("/statistics/<table>.csv")
def site_csv(table):
    """One table of the site's statistics as CSV (UTF-8 with BOM)."""
    return _csv(None, table, "thong-ke")


@bp.route("/drafts/<slug>/statistics/<table>.csv")
def draft_csv(slug, table):
    """One table of a draft's statistics as CSV (UTF-8 with BOM)."""
    draft = _public_draft(slug)
    return _csv(draft, table, f"thong-ke-{draft.slug[:80]}")


def _public_draft(slug):
    """The published draft with this slug, or 404 (an unpublished draft has no public statistics, even for its
    agency: they are the public's figures)."""
    draft = draft_header(slug)
    if draft is None or not draft.is_public:
        abort(404)
    return draft


def _page(draft):
    """Render a statistics page from the numbers of this moment: this process's page views written first; the
    stored page lives until the next write of page views is due."""
    flush_page_views(current_app)
    expire_page_at(utcnow() + timedelta(seconds=current_app.config["PAGE_VIEWS_FLUSH_SECONDS"]))
    numbers = participation(draft)
    provinces = dict(numbers["localities"])
    return render_template(
        "statistics/page.html",
        draft=draft,
        numbers=numbers,
        tiles=tile_map(provinces),
        csv_url=lambda table: (
            url_for("statistics.draft_csv", slug=draft.slug, table=table)
            if draft
            else url_for("statistics.site_csv", table=table)
        ),
        largest=_largest(numbers),
    )


def _largest(numbers):
    """The largest number of each table's bar column, so bars are drawn to scale (at least 1)."""
    return {
        "views": max([views for _day, views, _opinions in numbers["days"]] + [1]),
        "opinions": max([opinions for _day, _views, opinions in numbers["days"]] + [1]),
        "channels": max([count for _code, _online, count in numbers["channels"]] + [1]),
        "kinds": max([count for _code, count in numbers["kinds"]] + [1]),
    }


def _csv(draft, table, name):
    """Send one table of the statistics as CSV."""
    if table not in TABLES:
        abort(404)
    flush_page_views(current_app)
    numbers = participation(draft)
    header, rows = _table(table, numbers)
    filename = f"{name}-{table}.csv"
    return Response(
        "".join(stream_csv(header, rows)),  # a few hundred rows at most: sent whole, not streamed
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{filename}"', "Cache-Control": "no-store"},
    )


def _table(table, numbers):
    """(header, rows) of one table, with the labels the page shows (dates dd/mm/yyyy)."""
    if table == "days":
        rows = [[day.strftime("%d/%m/%Y"), views, opinions] for day, views, opinions in numbers["days"]]
        return [_("Day"), _("Page views"), _("Opinions")], rows
    if table == "channels":
        rows = [
            [label(CHANNELS, code), _("Online") if online else _("Offline"), count]
            for code, online, count in numbers["channels"]
        ]
        return [_("Channel"), _("Online or offline"), _("Opinions")], rows
    if table == "kinds":
        return [_("Author kind"), _("Opinions")], [[label(AUTHOR_KINDS, code), n] for code, n in numbers["kinds"]]
    rows = [[locality_name(code), count] for code, count in numbers["localities"]]
    return [_("Locality"), _("Opinions")], rows
