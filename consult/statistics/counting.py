"""Page views, counted in memory and written in batches: no cookie, no third party, nothing of the visitor kept.

A view of a public page of a draft (its page, a part, an article) or of the home page is one increment of a
per-process dict keyed by (draft id, or HOME, and the day in Asia/Ho_Chi_Minh), under a lock: O(1) and no I/O,
so the page cache's front (consult.pagecache.StoredPages), which answers most of these requests without entering
Flask, keeps its figure (issue 15: cached pages at 61-92% of a bare Flask hello's requests/s; docs/benchmarks.md).
The dict is written to page_view_day in one upsert per kind of row (views added to the day's row) every
PAGE_VIEWS_FLUSH_SECONDS or PAGE_VIEWS_FLUSH_VIEWS views, whichever comes first, by the request that crosses the
line; before the statistics page reads (same process); and when the process exits. A process killed outright
loses at most those last seconds of views: counts, not records.

What is counted: GET requests whose User-Agent is neither empty nor says bot, crawler or spider. Views are counted,
not visitors: telling visitors apart would need something of theirs (an address, a cookie) and the page says so.
"""

import atexit
import logging
import threading
import time
import weakref
from datetime import date

from sqlalchemy import select

from consult.drafts.models import Draft
from consult.extensions import db
from consult.statistics.models import SITE_ONLY, PageViewDay

log = logging.getLogger(__name__)

HOME = 0  # the view key of the home page (draft ids start at 1); stored as draft_id NULL
# Viet Nam has kept UTC+7 without daylight saving since 1975 (consult.database.local_day relies on it too): the local
# day of a moment is plain arithmetic on its epoch seconds, a tenth of a microsecond where datetime.now(LOCAL_TZ)
# took 1.5 (bench/page_views.py).
LOCAL_OFFSET_SECONDS = 7 * 3600
EPOCH_ORDINAL = date(1970, 1, 1).toordinal()
_counters = weakref.WeakSet()  # every live counter of this process, written out at exit


def is_robot(user_agent):
    """Whether a User-Agent is empty or names itself a bot, crawler or spider (which honest robots do)."""
    agent = user_agent.lower()
    # Written out: any() over a tuple of the words took 0.8 µs a view, this 0.3 (a case-blind regex 5.7).
    return not agent.strip() or "bot" in agent or "crawler" in agent or "spider" in agent


class PageViewCounter:
    """The page views of one app in this process since they were last written out."""

    def __init__(self, app, flush_seconds, flush_views, clock=time.time):
        self.app = app
        self.flush_seconds = flush_seconds
        self.flush_views = flush_views
        self.clock = clock  # seconds since the epoch; the day is taken in Asia/Ho_Chi_Minh
        self.counts = {}
        self.pending = 0
        self.lock = threading.Lock()
        self.flush_lock = threading.Lock()
        self.next_flush = time.monotonic() + flush_seconds

    def __call__(self, view, environ):
        """Count a view of a page (a draft id, or HOME) sent for this WSGI request, unless a robot asked or it is
        not a GET; write the counts out when it is time."""
        if environ.get("REQUEST_METHOD") != "GET" or is_robot(environ.get("HTTP_USER_AGENT", "")):
            return
        key = (view, int(self.clock() + LOCAL_OFFSET_SECONDS) // 86400)  # the local day, as days since 01/01/1970
        with self.lock:
            self.counts[key] = self.counts.get(key, 0) + 1
            self.pending += 1
            due = self.pending >= self.flush_views or time.monotonic() >= self.next_flush
        if due:
            self.flush()

    def flush(self):
        """Write the counts kept so far (one upsert per kind of row); return how many views were written. On a
        database error the counts are kept for the next try."""
        with self.flush_lock:  # one writer at a time: two would each add their own half, which is fine, but wasteful
            with self.lock:
                counts, self.counts, self.pending = self.counts, {}, 0
                self.next_flush = time.monotonic() + self.flush_seconds
            if not counts:
                return 0
            try:
                with self.app.app_context():
                    engine = db.engine
                with engine.begin() as connection:
                    write_views(connection, counts)
            except Exception:
                log.exception("page views: could not write %d counts, kept for the next try", len(counts))
                with self.lock:
                    for key, views in counts.items():
                        self.counts[key] = self.counts.get(key, 0) + views
                        self.pending += views
                return 0
            return sum(counts.values())


def write_views(connection, counts):
    """Add {(draft id or HOME, local day as days since 01/01/1970): views} to page_view_day: a draft's rows in one
    upsert, the home page's in another (a NULL never meets a unique constraint, so its rows have their own partial
    index). Views of a draft deleted meanwhile are dropped."""
    table = PageViewDay.__table__
    ids = {view for view, _day in counts if view != HOME}
    known = set(connection.scalars(select(Draft.id).where(Draft.id.in_(ids)))) if ids else set()
    rows = [(view, date.fromordinal(EPOCH_ORDINAL + day), n) for (view, day), n in counts.items()]
    drafts = [{"draft_id": view, "day": day, "views": n} for view, day, n in rows if view in known]
    site = [{"draft_id": None, "day": day, "views": n} for view, day, n in rows if view == HOME]
    insert = _dialect_insert(connection.dialect.name)
    if drafts:
        statement = insert(table)
        connection.execute(
            statement.on_conflict_do_update(
                index_elements=[table.c.draft_id, table.c.day],
                set_={"views": table.c.views + statement.excluded.views},
            ),
            drafts,
        )
    if site:
        statement = insert(table)
        connection.execute(
            statement.on_conflict_do_update(
                index_elements=[table.c.day],
                index_where=SITE_ONLY,
                set_={"views": table.c.views + statement.excluded.views},
            ),
            site,
        )


def _dialect_insert(name):
    """The INSERT with ON CONFLICT of this database (PostgreSQL and SQLite write it the same)."""
    if name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    return insert


def init_page_views(app):
    """Give the app its counter, which the page cache calls for every counted page it sends (app.extensions
    ["page_views"]), and write its counts out when the process exits."""
    counter = PageViewCounter(app, app.config["PAGE_VIEWS_FLUSH_SECONDS"], app.config["PAGE_VIEWS_FLUSH_VIEWS"])
    app.extensions["page_views"] = counter
    if app.config["PAGE_VIEWS_FLUSH_AT_EXIT"]:
        _counters.add(counter)
    return counter


def flush_page_views(app):
    """Write out the app's page views counted in this process (the statistics page does, before it reads)."""
    counter = app.extensions.get("page_views")
    return counter.flush() if counter is not None else 0


@atexit.register
def flush_every_counter():
    """At exit, write out what every live counter of the process holds."""
    for counter in list(_counters):
        counter.flush()
