"""Benchmark: the audit log page and the moderation dashboard on a large database.

Builds a fresh migrated database (a temporary SQLite file, or --database-url, WHICH IS EMPTIED: give it a scratch
PostgreSQL database), writes --rows audit rows (default 1,000,000; 20 staff accounts, 90% opinion decisions, a
rare `agency.*` family) and --opinions opinions (default 300,000) on 5 drafts (10% pending, the rest decided, each
with its moderation decision) in bulk SQL, then times full requests of the admin pages through the test client
(server time: queries and rendering) and prints one line:

  audit_rows=N opinions=N database=NAME first_page_ms=N actor_ms=N family_ms=N rare_family_ms=N object_ms=N
  dates_ms=N deep_page_ms=N page_queries=N csv_rows_per_s=N dashboard_ms=N draft_page_ms=N dashboard_warm_ms=N

The `*_ms` of the audit log are the best of three requests: the first page unfiltered, then filtered by one
account, by an action family (`feedback.*`), by a rare family (`agency.*`), by one object and by one local day, and
`deep_page_ms` a keyset page near the oldest entry. `page_queries` counts the SQL statements of one filtered page,
`csv_rows_per_s` is the CSV export's rate, `dashboard_ms` and `draft_page_ms` (one draft, 30 days) are a single
first request each, `dashboard_warm_ms` the best of two more. There is no baseline in the run: compare with earlier
results on the same machine and database.

With --explain the query plans of the audit queries are printed first.

  PYTHONPATH=$PWD .venv/bin/python bench/audit.py [--rows 1000000] [--opinions 300000] [--explain]
                                                  [--database-url URL]

Dated results: docs/benchmarks.md.
"""

import argparse
import tempfile
import time
from datetime import UTC

from common import migrated_app  # first: puts the project on sys.path

from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.expression import ClauseElement, Executable

SERIES = {
    "postgresql": "SELECT g FROM generate_series(1, {n}) AS g",
    "sqlite": "WITH RECURSIVE s(g) AS (SELECT 1 UNION ALL SELECT g + 1 FROM s WHERE g < {n}) SELECT g FROM s",
}
STAMP = {  # base + g * step seconds, stored as the app stores UTC timestamps
    "postgresql": "(TIMESTAMP '2026-01-01' + make_interval(secs => {expr}))",
    "sqlite": "(datetime('2026-01-01', '+' || ({expr}) || ' seconds') || '.000000')",
}


def fill(rows, opinions):
    """Insert staff, drafts, opinions with decisions, and audit rows in bulk; return the admin and a moderator."""
    from sqlalchemy import text

    from consult.auth.models import Role
    from consult.extensions import db
    from tests import factories

    dialect = db.engine.dialect.name
    admin = factories.make_user(role=Role.ADMIN, email="admin@example.vn")
    staff = [factories.make_user(role=Role.MODERATOR, email=f"mod{n}@example.vn") for n in range(19)]
    agency = factories.make_agency()
    drafts = [factories.make_draft(agency) for _ in range(5)]
    db.session.commit()
    staff_ids = [admin.id] + [user.id for user in staff]
    series, stamp = SERIES[dialect], STAMP[dialect]
    draft_case = " ".join(f"WHEN {n} THEN {d.id}" for n, d in enumerate(drafts))
    version_case = " ".join(f"WHEN {n} THEN {d.current_version_id}" for n, d in enumerate(drafts))
    staff_cases = " ".join(f"WHEN {n} THEN {i}" for n, i in enumerate(staff_ids))
    status = "CASE WHEN g % 10 = 0 THEN 'pending' WHEN g % 10 < 4 THEN 'rejected' ELSE 'approved' END"
    created = stamp.format(expr="g * 2")
    decided = stamp.format(expr="g * 2 + ((g % 10007) * 17) % 172800")
    statements = [
        "INSERT INTO feedback (receipt_code, draft_id, version_id, stance, content, proposed_wording, author_name, "
        "author_kind, locality, locality_detail, contact, consent_name, consent_text, status, flags, channel, "
        "source_ref, notify, created_at, decided_at) "
        f"SELECT 'B' || g, CASE g % 5 {draft_case} END, CASE g % 5 {version_case} END, 'other', 'Ý kiến ' || g, '', "
        "'Nền', 'individual', 'ha-noi', '', '', false, '', "
        f"{status}, '[]', 'web', '', false, {created}, CASE WHEN g % 10 = 0 THEN NULL ELSE {decided} END "
        f"FROM ({series.format(n=opinions)}) AS series",
        "INSERT INTO moderation_decision (feedback_id, moderator_id, decision, note, created_at) "
        f"SELECT id, CASE id % 19 {' '.join(f'WHEN {n} THEN {i}' for n, i in enumerate(staff_ids[1:]))} END, "
        "status, '', decided_at FROM feedback WHERE status <> 'pending'",
        "INSERT INTO audit_log (actor_id, action, object_type, object_id, before, after, created_at) "
        f"SELECT CASE WHEN g % 50 = 0 THEN NULL ELSE CASE g % 20 {staff_cases} END END, "
        "CASE WHEN g % 100000 = 7 THEN 'agency.update' WHEN g % 10 < 6 THEN 'feedback.approved' "
        "WHEN g % 10 < 9 THEN 'feedback.rejected' ELSE 'draft.update' END, "
        "CASE WHEN g % 100000 = 7 THEN 'agency' WHEN g % 10 < 9 THEN 'feedback' ELSE 'draft' END, g % 50000, "
        '\'{"status": "pending"}\', \'{"status": "approved", "note": ""}\', '
        f"{stamp.format(expr='g * 3')} FROM ({series.format(n=rows)}) AS series",
    ]
    with db.engine.begin() as connection:
        for statement in statements:
            connection.execute(text(statement))
        connection.execute(text("ANALYZE"))
    if dialect == "postgresql":
        # Mark the pages all-visible, as autovacuum does soon after a bulk load in production: until then an
        # index-only scan still visits the table for every entry, and the figures describe a passing state.
        # The session's transaction (begun before the load, reading the accounts) would keep VACUUM from it.
        db.session.commit()
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.execute(text("VACUUM ANALYZE"))
    return admin, drafts[0]


class Explain(Executable, ClauseElement):
    """EXPLAIN of a select, its parameters bound as usual."""

    inherit_cache = False

    def __init__(self, query, prefix):
        self.query, self.prefix = query, prefix


@compiles(Explain)
def _compile_explain(element, compiler, **kw):
    return element.prefix + compiler.process(element.query, **kw)


def explain(dialect):
    """Print the plans of the audit page's queries under each filter."""
    from datetime import datetime

    from sqlalchemy import literal, select, tuple_

    from consult.admin.audit_log import AuditFilters
    from consult.audit import AuditLog
    from consult.database import UTCDateTime
    from consult.extensions import db

    since = datetime(2026, 1, 20, tzinfo=UTC)
    cases = {
        "first page": AuditFilters(),
        "actor": AuditFilters(actor_id=3),
        "family": AuditFilters(action="feedback.*"),
        "rare family": AuditFilters(action="agency.*"),
        "exact action": AuditFilters(action="draft.update"),
        "object": AuditFilters(object_type="feedback", object_id=123),
        "dates": AuditFilters(since=since, until=datetime(2026, 1, 21, tzinfo=UTC)),
    }
    prefix = "EXPLAIN QUERY PLAN " if dialect == "sqlite" else "EXPLAIN "
    for name, filters in cases.items():
        query = select(AuditLog.id).where(*filters.conditions())
        query = query.where(
            tuple_(AuditLog.created_at, AuditLog.id) < tuple_(literal(since, UTCDateTime()), literal(10**9))
        )
        query = query.order_by(AuditLog.created_at.desc(), AuditLog.id.desc()).limit(51)
        plan = db.session.execute(Explain(query, prefix)).all()
        print(f"-- {name}")
        for row in plan:
            print("   ", row[-1] if dialect == "sqlite" else row[0])


def timed_get(client, url, repeat=3):
    """Return the best of `repeat` server times of a GET, in ms, and the response."""
    best, response = None, None
    for _ in range(repeat):
        start = time.perf_counter()
        response = client.get(url)
        elapsed = (time.perf_counter() - start) * 1000
        assert response.status_code == 200, (url, response.status_code)
        best = elapsed if best is None else min(best, elapsed)
    return round(best), response


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--opinions", type=int, default=300_000)
    parser.add_argument("--database-url")
    parser.add_argument("--explain", action="store_true")
    args = parser.parse_args()

    from sqlalchemy import event

    from consult.extensions import db

    with tempfile.TemporaryDirectory() as folder:
        url = args.database_url or f"sqlite:///{folder}/bench.sqlite3"
        app = migrated_app(url)
        with app.app_context():
            dialect = db.engine.dialect.name
            admin, draft = fill(args.rows, args.opinions)
            if args.explain:
                explain(dialect)
            client = app.test_client()
            with client.session_transaction() as session:
                session["_user_id"] = str(admin.id)
                session["_fresh"] = True
            figures = {"audit_rows": args.rows, "opinions": args.opinions, "database": dialect}
            figures["first_page_ms"], _first = timed_get(client, "/admin/audit")
            figures["actor_ms"], _ = timed_get(client, "/admin/audit?actor=mod3@example.vn")
            figures["family_ms"], _ = timed_get(client, "/admin/audit?action=feedback.*")
            figures["rare_family_ms"], _ = timed_get(client, "/admin/audit?action=agency.*")
            figures["object_ms"], _ = timed_get(client, "/admin/audit?object_type=feedback&object_id=123")
            figures["dates_ms"], _ = timed_get(client, "/admin/audit?date_from=20/01/2026&date_to=20/01/2026")
            # A page deep in the past: the cursor of an entry near the oldest end.
            from sqlalchemy import select

            from consult.admin.audit_log import encode_cursor
            from consult.audit import AuditLog

            old = db.session.scalar(select(AuditLog).order_by(AuditLog.created_at, AuditLog.id).offset(100).limit(1))
            figures["deep_page_ms"], _ = timed_get(client, f"/admin/audit?after={encode_cursor(old)}")
            statements = []
            listener = lambda *a: statements.append(1)  # noqa: E731
            event.listen(db.engine, "before_cursor_execute", listener)
            client.get("/admin/audit?action=feedback.*")
            event.remove(db.engine, "before_cursor_execute", listener)
            figures["page_queries"] = len(statements)
            start = time.perf_counter()
            response = client.get("/admin/audit.csv?action=feedback.rejected")
            lines = response.get_data().count(b"\n") - 1
            figures["csv_rows_per_s"] = round(lines / (time.perf_counter() - start))
            figures["dashboard_ms"], _ = timed_get(client, "/admin/dashboard", repeat=1)
            figures["draft_page_ms"], _ = timed_get(client, f"/admin/dashboard/drafts/{draft.id}?days=30", repeat=1)
            figures["dashboard_warm_ms"], _ = timed_get(client, "/admin/dashboard", repeat=2)
            db.session.remove()
            db.engine.dispose()
    print(" ".join(f"{key}={value}" for key, value in figures.items()))


if __name__ == "__main__":
    main()
