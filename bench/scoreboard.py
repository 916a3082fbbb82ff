"""Benchmark: the agency scoreboard of a year holding 1,000 agencies and 1,000,000 opinions, uncached.

Migrates an empty database (a fresh SQLite file by default; `--database-url` for PostgreSQL, whose public schema is
DROPPED first), then writes in bulk: `--agencies` agencies (default 1,000; 700 of them expected to consult this
year, 100 of whom consult nothing), three drafts of this year for nine agencies in ten (closed or answered, windows
of 30 days, one in 40 closed early, two in three with published answers), one version each, `--opinions`
opinions (default 1,000,000) with one INSERT ... SELECT over a number series (7 in 10 published, 2 pending, 1
refused; 1 in 10 gathered at a meeting), and an answer to 4 published opinions in 7. Then, with the page cache
off, it times through the real Flask app (test client, anonymous):

  # loaded A agencies, D drafts, N opinions, K answers in S s
  agencies=A opinions=N cold_ms=N compute_ms=N after_decision_ms=N page_ms=N csv_ms=N api_ms=N queries=N
      app_cpu_ms=N rows=N

`cold_ms` is the first computation after loading: every ended draft's opinions counted and the counts stored
(consult.scoreboard.tally; the same work as each request did before counts were stored); `after_decision_ms` the
median of the figures computed right after a moderator's decision on one opinion (its draft recounted); then the
median over --runs runs (default 7, after a warm-up) of: the figures alone (consult.scoreboard.services
.build_scoreboard), the whole page /scoreboard (every agency consulted or expected: about 960 rows), its CSV and
the API's first page of 50; `queries` is the page's SQL statements and `app_cpu_ms` its CPU time in this process.
Target (issue 17): page_ms <= 200 at 1,000 agencies and 1M opinions, on SQLite and on PostgreSQL.

  .venv/bin/python bench/scoreboard.py [--agencies 1000] [--opinions 1000000] [--runs 7] [--database-url URL]
      [--explain]

Dated results: docs/benchmarks.md.
"""

import argparse
import statistics
import tempfile
import time
from datetime import UTC, datetime, timedelta

from common import migrated_app  # first: puts the project on sys.path (not this folder)

SQLITE_NUMBERS = "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < :count) "
POSTGRES_NUMBERS = "WITH n(i) AS (SELECT generate_series(1, :count)) "


def _opinions_sql(dialect):
    """Return the INSERT ... SELECT writing the opinions, spread over the drafts with ids first..first+drafts-1."""
    postgres = dialect == "postgresql"
    stamp = (
        "CAST(:start AS timestamp) + i * interval '1 second'"
        if postgres
        else "strftime('%Y-%m-%d %H:%M:%f', :start, '+' || i || ' seconds') || '000'"
    )
    flags = "CAST('[]' AS json)" if postgres else "'[]'"
    numbers = POSTGRES_NUMBERS if postgres else SQLITE_NUMBERS
    draft = ":first + i % :drafts"
    return (
        numbers
        + f"""
        INSERT INTO feedback (receipt_code, draft_id, version_id, stance, content, proposed_wording, author_name,
            author_kind, locality, locality_detail, contact, consent_name, consent_text, status, flags, notify,
            channel, source_ref, created_at)
        SELECT 'S' || i, {draft}, :first_version + i % :drafts, 'support',
            'Đề nghị làm rõ quy định về thời hạn giải quyết thủ tục số ' || i, '', 'Người dân ' || i, 'individual',
            'ha-noi', '', '', false, '',
            CASE WHEN i % 10 < 7 THEN 'approved' WHEN i % 10 < 9 THEN 'pending' ELSE 'rejected' END,
            {flags}, false, CASE WHEN i % 10 = 3 THEN 'meeting' ELSE 'web' END, '', {stamp}
        FROM n"""
    )


ANSWERS_SQL = """
    INSERT INTO answer (feedback_id, text_id, answered_at, updated_at, published_at)
    SELECT feedback.id, answer_text.id, :now, :now, draft.answers_published_at
    FROM feedback
    JOIN answer_text ON answer_text.draft_id = feedback.draft_id
    JOIN draft ON draft.id = feedback.draft_id
    WHERE feedback.status = 'approved' AND feedback.id % 2 = 0
"""


def load(agencies, opinions, now):
    """Write the agencies, drafts, versions, opinions, answers, early closings and expectations; return counts."""
    from sqlalchemy import insert, select, text

    from consult.agency.models import Agency
    from consult.answers.models import AnswerText
    from consult.audit import AuditLog
    from consult.drafts.models import Draft, DraftVersion
    from consult.extensions import db
    from consult.scoreboard.models import AgencyExpectation

    started = time.perf_counter()
    kinds = ("province", "department", "department", "commune", "commune", "commune", "district", "other")
    db.session.execute(
        insert(Agency),
        [
            {"slug": f"co-quan-{i}", "name": f"Cơ quan thử nghiệm {i}", "kind": kinds[i % len(kinds)], "locality": ""}
            for i in range(agencies)
        ],
    )
    agency_ids = db.session.scalars(select(Agency.id).order_by(Agency.id)).all()
    year_start = datetime(now.year, 1, 1, tzinfo=UTC)
    span = max(1, (now - year_start).days - 31)  # every window opened this year, and ended
    drafts = []
    for index, agency_id in enumerate(agency_ids):
        if index % 10 == 9:
            continue  # one agency in ten consults nothing
        for _ in range(3):
            n = len(drafts)
            opens = year_start + timedelta(days=(n * 7) % span)
            closes = opens + timedelta(days=30)
            answered = n % 3 != 0
            drafts.append(
                {
                    "slug": f"du-thao-{n}",
                    "agency_id": agency_id,
                    "title": f"Dự thảo thử nghiệm {n}",
                    "summary": "",
                    "doc_type": "law" if n % 5 == 0 else "decision",
                    "field": "",
                    "contact": "",
                    "number_symbol": "",
                    "participation": "open",
                    "status": "answered" if answered else "closed",
                    "recorded_phase": "closed",
                    "opens_at": opens,
                    "closes_at": closes,
                    "answers_published_at": closes + timedelta(days=3 + n % 20) if answered else None,
                    "created_at": opens,
                    "updated_at": opens,
                }
            )
    db.session.execute(insert(Draft), drafts)
    draft_rows = db.session.execute(select(Draft.id, Draft.opens_at).order_by(Draft.id)).all()
    db.session.execute(
        insert(DraftVersion),
        [
            {"draft_id": id_, "number": 1, "preamble": "", "closing": "", "note": "", "created_at": at}
            for id_, at in draft_rows
        ],
    )
    db.session.execute(
        insert(AnswerText),
        [
            {"draft_id": id_, "kind": "accepted", "explanation": "Tiếp thu.", "created_at": now, "updated_at": now}
            for id_, _ in draft_rows
        ],
    )
    db.session.execute(
        insert(AuditLog),
        [
            {
                "action": "draft.close",
                "object_type": "draft",
                "object_id": id_,
                "before": {"status": "open"},
                "after": {"status": "closed"},
                "created_at": at + timedelta(days=10),
            }
            for index, (id_, at) in enumerate(draft_rows)
            if index % 40 == 0
        ],
    )
    db.session.execute(
        insert(AgencyExpectation),
        [
            {"agency_id": agency_id, "year": now.year, "quarter": 0, "created_at": now}
            for index, agency_id in enumerate(agency_ids)
            if index % 5 < 3 or index % 10 == 9  # some expected agencies do not consult
        ],
    )
    first_version = db.session.scalar(select(DraftVersion.id).order_by(DraftVersion.id).limit(1))
    db.session.commit()
    dialect = db.engine.dialect.name
    db.session.execute(
        text(_opinions_sql(dialect)),
        {
            "count": opinions,
            "first": draft_rows[0][0],
            "first_version": first_version,
            "drafts": len(draft_rows),
            "start": year_start.replace(tzinfo=None).isoformat(sep=" "),
        },
    )
    db.session.execute(text(ANSWERS_SQL), {"now": now.replace(tzinfo=None)})
    db.session.commit()
    answers = db.session.scalar(text("SELECT count(*) FROM answer"))
    with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        # PostgreSQL: VACUUM sets the visibility map that index-only scans need, as autovacuum does in production.
        connection.exec_driver_sql("VACUUM ANALYZE" if dialect == "postgresql" else "ANALYZE")
    seconds = time.perf_counter() - started
    print(
        f"# loaded {agencies} agencies, {len(draft_rows)} drafts, {opinions} opinions, {answers} answers"
        f" in {seconds:.1f} s",
        flush=True,
    )


def timed(runs, call):
    """Return (median ms, median CPU ms, last result) of `call()` over `runs` runs after a warm-up."""
    call()
    wall, cpu = [], []
    for _ in range(runs):
        started, cpu_started = time.perf_counter(), time.process_time()
        result = call()
        wall.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - cpu_started) * 1000)
    return statistics.median(wall), statistics.median(cpu), result


def run(url, agencies, opinions, runs, explain):
    """Load the data, then time the figures, the page, the CSV and the API's first page."""
    from sqlalchemy import event

    from consult.database import utcnow
    from consult.extensions import db
    from consult.scoreboard.services import Period, build_scoreboard, current_year

    app = migrated_app(url)
    app.config["PAGE_CACHE_ENABLED"] = False  # uncached: every request computes the figures
    now = utcnow()
    with app.app_context():
        load(agencies, opinions, now)
        period = Period(current_year(now))
        started = time.perf_counter()
        build_scoreboard(period)  # every ended draft counted and its counts stored (consult.scoreboard.tally)
        cold_ms = (time.perf_counter() - started) * 1000
        compute_ms, _, board = timed(runs, lambda: build_scoreboard(period))
        changed_ms = statistics.median(one_decision_then_build(db, period, index) for index in range(runs))
        db.session.remove()
        client = app.test_client()

        def get(url):
            response = client.get(url, headers={"Accept-Encoding": "identity"})
            assert response.status_code == 200, (url, response.status_code)
            return response

        statements = []
        event.listen(db.engine, "before_cursor_execute", lambda *args: statements.append(1))
        page_ms, page_cpu, page = timed(runs, lambda: statements.clear() or get("/scoreboard"))
        queries = len(statements)
        csv_ms, _, _ = timed(runs, lambda: get("/scoreboard.csv").get_data())
        api_ms, _, _ = timed(runs, lambda: get("/api/v1/scoreboard?limit=50"))
        rows = page.get_data(as_text=True).count('<th scope="row">')
        print(
            f"agencies={agencies} opinions={opinions} cold_ms={cold_ms:.1f} compute_ms={compute_ms:.1f} "
            f"after_decision_ms={changed_ms:.1f} page_ms={page_ms:.1f} "
            f"csv_ms={csv_ms:.1f} api_ms={api_ms:.1f} queries={queries} app_cpu_ms={page_cpu:.1f} rows={rows} "
            f"expected={board.expected} expected_did={board.expected_did}",
            flush=True,
        )
        if explain:
            explain_statements(db, period)
        db.session.remove()
        db.engine.dispose()


def one_decision_then_build(db, period, index):
    """Approve one pending opinion of an ended draft (its stored counts go stale), then time the figures (ms)."""
    from sqlalchemy import text

    from consult.scoreboard.services import build_scoreboard

    db.session.execute(
        text(
            "UPDATE feedback SET status = 'approved' WHERE id = (SELECT id FROM feedback WHERE status = 'pending' "
            "ORDER BY id LIMIT 1 OFFSET :skip)"
        ),
        {"skip": index * 1000},
    )
    db.session.commit()
    started = time.perf_counter()
    build_scoreboard(period)
    return (time.perf_counter() - started) * 1000


def explain_statements(db, period):
    """Print the plan of each statement of the figures (lines starting with "#")."""
    from sqlalchemy import event

    from consult.scoreboard.services import build_scoreboard

    captured = []

    def keep(conn, cursor, statement, parameters, context, executemany):
        captured.append((statement, parameters))

    event.listen(db.engine, "before_cursor_execute", keep)
    build_scoreboard(period)
    event.remove(db.engine, "before_cursor_execute", keep)
    prefix = "EXPLAIN QUERY PLAN " if db.engine.dialect.name == "sqlite" else "EXPLAIN "
    for statement, parameters in captured:
        print("# " + " ".join(statement.split())[:160])
        for row in db.session.connection().exec_driver_sql(prefix + statement, parameters).all():
            print("#   " + " ".join(str(value) for value in row))
    db.session.rollback()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--agencies", type=int, default=1_000)
    parser.add_argument("--opinions", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument(
        "--database-url", help="PostgreSQL URL (its public schema is DROPPED); default a new SQLite file"
    )
    parser.add_argument("--explain", action="store_true", help="print the plans of the figures' statements")
    args = parser.parse_args()
    if args.database_url:
        from config import normalise_database_url

        run(normalise_database_url(args.database_url), args.agencies, args.opinions, args.runs, args.explain)
        return
    with tempfile.TemporaryDirectory() as folder:
        run(f"sqlite:///{folder}/bench.sqlite3", args.agencies, args.opinions, args.runs, args.explain)


if __name__ == "__main__":
    main()
