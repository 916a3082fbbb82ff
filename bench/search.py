"""Benchmark: index N approved opinions (default 100,000) with `search reindex`, then time searches.

For each database (a fresh SQLite file; PostgreSQL only when BENCH_POSTGRES_URL is set, and that database's
public schema is DROPPED first) it migrates an empty database, inserts one open draft and N approved synthetic
opinions of about 150 characters (one in five typed without diacritics), rebuilds the index, and runs a fixed
set of searches (common and rare words, an unfinished last word, every kind, one draft) through the service the
page uses (hits, snippets and the capped count). It prints one line per database:

  database=sqlite opinions=N index_s=N query_ms=N query_p95_ms=N query_max_ms=N

`index_s` is the whole reindex; query_ms is the median over the searches, each run 3 times after one warm-up run,
`query_p95_ms` and `query_max_ms` the 95th percentile and the slowest of those runs. There is no baseline in the
run: compare with earlier results on the same machine.

  PYTHONPATH=$PWD .venv/bin/python bench/search.py [--opinions 100000]
  BENCH_POSTGRES_URL=postgresql://…/scratch PYTHONPATH=$PWD .venv/bin/python bench/search.py

Dated results: docs/benchmarks.md.
"""

import argparse
import os
import random
import statistics
import tempfile
import time

from common import empty_and_migrate  # first: puts the project on sys.path

WORDS = (
    "đề nghị quy hoạch đất đai nhà ở vỉa hè người dân cơ quan ủy ban tỉnh huyện xã phường công khai minh bạch "
    "thủ tục hành chính giấy phép xây dựng bồi thường tái định cư thu hồi giải phóng mặt bằng trách nhiệm "
    "khoản điều quy định cần làm rõ bổ sung sửa đổi thời hạn ngày kể từ tổ chức cá nhân doanh nghiệp hộ gia "
    "đình môi trường giao thông trường học bệnh viện hòa giải thuý khỏe mạnh nguồn nước rừng phòng hộ"
).split()
# (words, kind, limited to the draft)
QUERIES = [
    ("quy hoach dat", "opinion", False),
    ("đất đai", "opinion", False),
    ("boi thuong tai dinh cu", "opinion", False),
    ("nguoi dan", "opinion", True),
    ("rung phong ho nguon nuoc", "opinion", False),
    ("quy hoach da", "opinion", False),
    ("xyzkhongco", "opinion", False),
    ("hoà giải", "opinion", False),
    ("thu tuc hanh chinh", "article", False),
    ("quy hoach", "draft", False),
    ("giay phep xay dung", "opinion", True),
]


def opinion_text(rng):
    """Return a synthetic opinion of about 150 characters; one in five is typed without diacritics."""
    from consult.text import fold

    text = " ".join(rng.choice(WORDS) for _ in range(rng.randint(25, 40))).capitalize() + "."
    return fold(text) if rng.random() < 0.2 else text


def load(app, count, seed=7):
    """Migrate, then insert one open draft and `count` approved opinions straight into the tables."""
    from datetime import timedelta

    from sqlalchemy import insert

    from consult.agency.models import Agency
    from consult.database import utcnow
    from consult.drafts.services import create_draft
    from consult.extensions import db
    from consult.feedback.models import Feedback

    empty_and_migrate()
    agency = Agency(slug="bench", name="Cơ quan thử nghiệm", kind="other")
    db.session.add(agency)
    now = utcnow()
    values = {
        "title": "Dự thảo Luật quy hoạch đất đai",
        "doc_type": "law",
        "opens_at": now - timedelta(days=1),
        "closes_at": now + timedelta(days=30),
    }
    structure = "Điều 1. Phạm vi\nThủ tục hành chính về đất đai.\nĐiều 2. Đối tượng\n1. Cơ quan.\n2. Người dân."
    draft = create_draft(None, agency, values, structure)
    draft.status = "open"
    db.session.commit()
    rng = random.Random(seed)
    batch = []
    for number in range(count):
        batch.append(
            {
                "receipt_code": f"B{number:07d}",
                "draft_id": draft.id,
                "version_id": draft.current_version_id,
                "stance": "support",
                "content": opinion_text(rng),
                "proposed_wording": "",
                "author_name": f"Người dân {number}",
                "author_kind": "individual",
                "locality": "ha-noi",
                "locality_detail": "",
                "contact": f"nguoidan{number}@example.vn",
                "consent_name": False,
                "consent_text": "",
                "status": "approved",
                "flags": [],
                "created_at": now,
            }
        )
        if len(batch) == 5000:
            db.session.execute(insert(Feedback), batch)
            batch = []
    if batch:
        db.session.execute(insert(Feedback), batch)
    db.session.commit()
    return draft


def run(database, url, count):
    """Benchmark one database and print its line."""
    from consult import create_app
    from consult.extensions import db
    from consult.search.indexing import reindex
    from consult.search.services import search
    from tests.conftest import _testing_config

    app = create_app(_testing_config(url))
    with app.app_context():
        draft = load(app, count)
        started = time.perf_counter()
        for _ in reindex(batch_size=1000):
            db.session.commit()
        db.session.commit()
        index_seconds = time.perf_counter() - started
        if db.engine.dialect.name == "postgresql":
            with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
                connection.exec_driver_sql("ANALYZE search_entry")
        timings = []
        for words, kind, in_draft in QUERIES:
            limit = draft if in_draft else None
            search(words, kind, draft=limit)
            for _ in range(3):
                started = time.perf_counter()
                search(words, kind, draft=limit)
                timings.append((time.perf_counter() - started) * 1000)
            db.session.rollback()
        timings.sort()
        p95 = timings[int(len(timings) * 0.95) - 1]
        print(
            f"database={database} opinions={count} index_s={index_seconds:.1f} "
            f"query_ms={statistics.median(timings):.1f} query_p95_ms={p95:.1f} query_max_ms={timings[-1]:.1f}",
            flush=True,
        )
        db.session.remove()
        db.engine.dispose()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--opinions", type=int, default=100_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        run("sqlite", f"sqlite:///{folder}/bench.sqlite3", args.opinions)
    url = os.environ.get("BENCH_POSTGRES_URL")
    if url:
        from config import normalise_database_url

        run("postgresql", normalise_database_url(url), args.opinions)
    else:
        print("database=postgresql skipped: set BENCH_POSTGRES_URL (its public schema is dropped)")


if __name__ == "__main__":
    main()
