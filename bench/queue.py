"""Benchmark: the first page of a moderation queue holding N pending opinions (default 1,000,000).

Migrates an empty database with the app's migrations (a fresh SQLite file by default; `--database-url` for
PostgreSQL, whose public schema is DROPPED first), inserts two open drafts and N pending opinions with one
INSERT ... SELECT over a number series (so the flag triggers fill feedback_flag as in production), then asks for
the queue's first page through the real Flask app (test client, a logged-in moderator of every agency). Prints

  # inserted N pending opinions in S s
  pending=N first_page_ms=N queries=N app_cpu_ms=N

(the median server time of the unfiltered first page over --runs runs, default 7, after a warm-up, its SQL
statements, and the median CPU time of the app's process alone), then one line per typical filter:

  filter=NAME first_page_ms=N queries=N app_cpu_ms=N shown=N

On a loaded machine the wall time also counts the time spent waiting for a core (and, on PostgreSQL, excludes
nothing of the server's), so compare `app_cpu_ms` too. With --explain the query plans of some first pages are
printed (lines starting with "#"). The synthetic queue: 90% on one draft; every 4th opinion on an article; 1 in 50
a letter; 1 in 100 flagged profanity, 1 in 10 links; 1 in 20 a copy in one campaign group (50,000 at 1M).

  PYTHONPATH=$PWD .venv/bin/python bench/queue.py [--pending 1000000] [--runs 7] [--database-url URL] [--explain]

Dated results: docs/benchmarks.md.
"""

import argparse
import statistics
import tempfile
import time

from common import empty_and_migrate  # first: puts the project on sys.path (not this folder)

SQLITE_NUMBERS = "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < :count) "
POSTGRES_NUMBERS = "WITH n(i) AS (SELECT generate_series(1, :count)) "


def _opinions_sql(dialect):
    """Return the INSERT ... SELECT writing the synthetic pending opinions."""
    postgres = dialect == "postgresql"
    stamp = (
        "CAST(:start AS timestamp) + i * interval '1 second'"
        if postgres
        else "strftime('%Y-%m-%d %H:%M:%f', :start, '+' || i || ' seconds') || '000'"
    )
    flags = """CASE WHEN i % 100 = 0 THEN '[{"code": "profanity", "detail": "đm"}]'
                     WHEN i % 10 = 1 THEN '[{"code": "links", "detail": "https://vaytien.vn/a"}]'
                     WHEN i % 20 = 5 AND i > 5 THEN '[{"code": "duplicate", "detail": "Q0000005"}]'
                     ELSE '[]' END"""
    if postgres:
        flags = f"CAST({flags} AS json)"
    numbers = POSTGRES_NUMBERS if postgres else SQLITE_NUMBERS
    return (
        numbers
        + f"""
        INSERT INTO feedback (receipt_code, draft_id, version_id, article_id, stance, content, proposed_wording,
            author_name, author_kind, locality, locality_detail, contact, consent_name, consent_text, status, flags,
            notify, channel, source_ref, duplicate_group_id, similarity, created_at)
        SELECT 'Q' || i, CASE WHEN i % 10 = 9 THEN :small_draft ELSE :draft END,
            CASE WHEN i % 10 = 9 THEN :small_version ELSE :version END,
            CASE WHEN i % 10 = 9 OR i % 4 != 0 THEN NULL ELSE :article END,
            'support', 'Đề nghị làm rõ quy định tại khoản 2 về thời hạn giải quyết thủ tục số ' || i, '',
            'Người dân ' || i, 'individual', 'ha-noi', '', 'nguoidan' || i || '@example.vn', false, '', 'pending',
            {flags}, false, CASE WHEN i % 50 = 7 THEN 'letter' ELSE 'web' END, '',
            CASE WHEN i % 20 = 5 AND i > 5 THEN 5 END, CASE WHEN i % 20 = 5 AND i > 5 THEN 1.0 END, {stamp}
        FROM n"""
    )


def load(count):
    """Migrate, then insert two open drafts, a moderator, and `count` pending opinions; return the moderator's
    email, the drafts and the big draft's first article."""
    from datetime import timedelta

    from sqlalchemy import text

    from consult.agency.models import Agency
    from consult.auth.models import Role, User
    from consult.database import utcnow
    from consult.drafts.services import create_draft
    from consult.extensions import db

    empty_and_migrate()
    agency = Agency(slug="bench", name="Cơ quan thử nghiệm", kind="other")
    db.session.add(agency)
    now = utcnow()
    drafts = []
    for title in ("Dự thảo Luật đất đai", "Dự thảo Nghị định nhỏ"):
        values = {
            "title": title,
            "doc_type": "law",
            "opens_at": now - timedelta(days=30),
            "closes_at": now + timedelta(days=30),
        }
        draft = create_draft(None, agency, values, "Điều 1. Phạm vi\nThủ tục.\nĐiều 2. Đối tượng\n1. Cơ quan.")
        draft.status = "open"
        drafts.append(draft)
    moderator = User(email="moderator@bench.vn", name="Kiểm duyệt", role=Role.MODERATOR)
    moderator.set_password("bench password 1")
    db.session.add(moderator)
    db.session.commit()
    big, small = drafts
    started = time.perf_counter()
    db.session.execute(
        text(_opinions_sql(db.engine.dialect.name)),
        {
            "count": count,
            "draft": big.id,
            "version": big.current_version_id,
            "small_draft": small.id,
            "small_version": small.current_version_id,
            "article": big.articles[0].id,
            "start": (now - timedelta(seconds=count + 60)).replace(tzinfo=None).isoformat(sep=" "),
        },
    )
    db.session.commit()
    print(f"# inserted {count} pending opinions in {time.perf_counter() - started:.1f} s", flush=True)
    with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.exec_driver_sql("ANALYZE")
    return drafts, big.articles[0].id


def measure(app, client, url, runs):
    """Return (median ms, SQL statements) of GET url, after one warm-up request."""
    from sqlalchemy import event

    from consult.extensions import db

    statements = []

    def count(*args):
        statements.append(1)

    assert client.get(url).status_code == 200, url
    timings, cpu = [], []
    for _ in range(runs):
        statements.clear()
        event.listen(db.engine, "before_cursor_execute", count)
        started, cpu_started = time.perf_counter(), time.process_time()
        response = client.get(url)
        timings.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - cpu_started) * 1000)
        event.remove(db.engine, "before_cursor_execute", count)
        assert response.status_code == 200, url
    shown = response.get_data(as_text=True).count('class="opinion queue-item"')
    return statistics.median(timings), statistics.median(cpu), len(statements), shown


def run(url, count, runs, explain):
    """Load the queue, log in and time the first page, unfiltered then filtered."""
    from consult import create_app
    from consult.extensions import db
    from tests.conftest import _testing_config, post_form

    app = create_app(_testing_config(url))
    with app.app_context():
        (big, small), article_id = load(count)
        client = app.test_client()
        response = post_form(client, "/auth/login", {"email": "moderator@bench.vn", "password": "bench password 1"})
        assert response.status_code == 302
        median, cpu, queries, _ = measure(app, client, "/moderation/", runs)
        print(f"pending={count} first_page_ms={median:.1f} queries={queries} app_cpu_ms={cpu:.1f}", flush=True)
        filters = {
            "draft": f"draft={big.id}",
            "small_draft": f"draft={small.id}",
            "article": f"draft={big.id}&article={article_id}",
            "channel": "channel=letter",
            "flag_profanity": "flag=profanity",
            "flag_links_draft": f"draft={big.id}&flag=links",
            "flag_any": "flag=any",
            "flag_none": "flag=none",
            "age_7_days": "age=7",
            "group": "group=5",
            "received_range": "received_from=01/01/2020&received_to=31/12/2030",
        }
        for name, query in filters.items():
            median, cpu, queries, shown = measure(app, client, f"/moderation/?{query}", runs)
            print(
                f"filter={name} first_page_ms={median:.1f} queries={queries} app_cpu_ms={cpu:.1f} shown={shown}",
                flush=True,
            )
        if explain:
            explain_first_page(db, big.id)
        db.session.remove()
        db.engine.dispose()


def explain_first_page(db, draft_id):
    """Print the plans of the unfiltered, the profanity and the group first pages (to check they use indexes)."""

    from consult.feedback.models import Feedback
    from consult.moderation.queue import QueueFilter, _page

    captured = []
    from sqlalchemy import event

    def keep(conn, cursor, statement, parameters, context, executemany):
        captured.append((statement, parameters))

    for filters in (
        QueueFilter(),
        QueueFilter(flag="profanity"),
        QueueFilter(group_id=5),
        QueueFilter(channel="letter"),
    ):
        captured.clear()
        event.listen(db.engine, "before_cursor_execute", keep)
        extra = () if filters.group_id is None else (Feedback.duplicate_group_id == filters.group_id,)
        _page(None, filters, None, 51, None, *extra)
        event.remove(db.engine, "before_cursor_execute", keep)
        statement, parameters = captured[-1]
        prefix = "EXPLAIN QUERY PLAN " if db.engine.dialect.name == "sqlite" else "EXPLAIN "
        plan = db.session.connection().exec_driver_sql(prefix + statement, parameters).all()
        print(f"# plan {filters}:")
        for row in plan:
            print("#   " + " ".join(str(value) for value in row))
        db.session.rollback()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pending", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument(
        "--database-url", help="PostgreSQL URL (its public schema is DROPPED); default a new SQLite file"
    )
    parser.add_argument("--explain", action="store_true", help="print the query plans of some first pages")
    args = parser.parse_args()
    if args.database_url:
        from config import normalise_database_url

        run(normalise_database_url(args.database_url), args.pending, args.runs, args.explain)
        return
    with tempfile.TemporaryDirectory() as folder:
        run(f"sqlite:///{folder}/bench.sqlite3", args.pending, args.runs, args.explain)


if __name__ == "__main__":
    main()
