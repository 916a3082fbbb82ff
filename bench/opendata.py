"""Benchmark: building the whole site's open data file (/open-data) at 100,000 and 1,000,000 approved opinions.

For each size, a fresh migrated database (a temporary SQLite file; with --database postgresql the database at
--postgres-url, WHICH IS EMPTIED: create it first, `createdb -h 127.0.0.1 -U postgres bench_opendata`) gets four
published drafts of three articles and the approved opinions spread over them, inserted in bulk (Core INSERTs of
10,000 rows): 20 to 60 words each, one in four with a proposed wording, one in five answered and those answers
published on two of the drafts. Then the whole site's file is built in a child process, so that its peak RSS
(ru_maxrss) is the build's alone, and one line is printed per size:

  opinions=N database=sqlite seconds=S peak_rss_mb=M zip_bytes=B

`seconds` is the build's wall time (its queries included), `peak_rss_mb` the child's peak resident memory: the
same at both sizes when memory is flat. Target: 1,000,000 opinions in <= 60 s.

  .venv/bin/python bench/opendata.py [--sizes 100000,1000000] [--database sqlite|postgresql] [--postgres-url URL]

Dated results: docs/benchmarks.md.
"""

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time

from common import ROOT, migrated_app  # first: puts the project on sys.path

POSTGRES_URL = "postgresql://postgres@127.0.0.1:5432/bench_opendata"
DRAFTS = 4
BATCH = 10_000
WORDS = (
    "đề nghị bổ sung quy định vỉa hè lòng đường người đi bộ trách nhiệm ủy ban nhân dân cấp xã phường hộ kinh "
    "doanh cá thể thời gian chuyển tiếp xử phạt vi phạm hành chính công khai minh bạch"
).split()
LOCALITIES = ("ha-noi", "ho-chi-minh", "da-nang", "hai-phong", "can-tho", "unknown")


def fill(count):
    """Create the drafts and `count` approved opinions over them (bulk inserts); one in five answered."""
    from sqlalchemy import func, insert, select, text

    from consult.answers.models import Answer, AnswerText
    from consult.database import utcnow
    from consult.extensions import db
    from consult.feedback.models import Feedback
    from tests import factories

    rng = random.Random(16)
    agency = factories.make_agency(name="Sở Xây dựng")
    drafts = [factories.make_draft(agency, title=f"Dự thảo số {number}") for number in range(DRAFTS)]
    db.session.flush()
    texts = [AnswerText(draft_id=draft.id, kind="accepted", explanation="Tiếp thu, sửa khoản 2.") for draft in drafts]
    db.session.add_all(texts)
    now = utcnow()
    for draft in drafts[:2]:
        draft.answers_published_at = now
    db.session.commit()
    articles = [[article.id for article in draft.articles] for draft in drafts]
    start = (db.session.scalar(select(func.max(Feedback.id))) or 0) + 1
    for offset in range(0, count, BATCH):
        rows, answers = [], []
        for number in range(start + offset, start + min(offset + BATCH, count)):
            which = number % DRAFTS
            draft = drafts[which]
            rows.append(
                {
                    "id": number,
                    "receipt_code": f"OD{number:09d}",
                    "draft_id": draft.id,
                    "version_id": draft.current_version_id,
                    "article_id": articles[which][number % 3] if number % 4 else None,
                    "stance": ("support", "oppose", "other")[number % 3],
                    "content": " ".join(rng.choices(WORDS, k=rng.randint(20, 60))),
                    "proposed_wording": " ".join(rng.choices(WORDS, k=15)) if number % 4 == 0 else "",
                    "author_name": f"Nguyễn Văn {number}",
                    "author_kind": "organisation" if number % 50 == 0 else "individual",
                    "locality": LOCALITIES[number % len(LOCALITIES)],
                    "locality_detail": "",
                    "contact": f"nguoi{number}@example.vn",
                    "consent_name": number % 2 == 0,
                    "consent_text": "",
                    "status": "approved",
                    "flags": [],
                    "created_at": now,
                    "decided_at": now,
                    "channel": "web",
                    "source_ref": "",
                }
            )
            if number % 5 == 0:
                answers.append(
                    {
                        "feedback_id": number,
                        "text_id": texts[which].id,
                        "answered_at": now,
                        "updated_at": now,
                        "published_at": now,
                    }
                )
        db.session.execute(insert(Feedback), rows)
        if answers:
            db.session.execute(insert(Answer), answers)
        db.session.commit()
    if db.engine.dialect.name == "postgresql":
        db.session.execute(select(func.setval("feedback_id_seq", start + count)))
        db.session.commit()
        db.session.execute(text("ANALYZE"))  # fresh statistics, as autovacuum would give a real database
        db.session.commit()


def build_child(url, folder):
    """Child process: build the whole site's file; print its time and size, and this process's peak RSS."""
    from consult.opendata.builds import build_site_file

    app = migrated_app(url, fresh=False)
    app.config["OPEN_DATA_DIR"] = folder
    with app.app_context():
        started = time.perf_counter()
        path = build_site_file()
        seconds = time.perf_counter() - started
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"seconds": round(seconds, 1), "rss_mb": round(rss_mb), "bytes": path.stat().st_size}))


def measure(size, url):
    """Fill a fresh database with `size` opinions, build the file in a child process; return its figures."""
    app = migrated_app(url, fresh=True)
    with app.app_context():
        fill(size)
        from consult.extensions import db

        database = db.engine.dialect.name
        db.engine.dispose()
    with tempfile.TemporaryDirectory() as folder:
        output = subprocess.run(
            [sys.executable, __file__, "--child", url, folder],
            check=True,
            capture_output=True,
            text=True,
            env=dict(os.environ, PYTHONPATH=str(ROOT)),
        ).stdout
    return database, json.loads(output.strip().splitlines()[-1])


def main():
    """Parse the options; measure each size on its own fresh database."""
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        build_child(sys.argv[2], sys.argv[3])
        return
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100000,1000000", help="numbers of approved opinions, comma-separated")
    parser.add_argument("--database", choices=["sqlite", "postgresql"], default="sqlite")
    parser.add_argument("--postgres-url", default=POSTGRES_URL, help="a database the bench may empty")
    args = parser.parse_args()
    for size in (int(value) for value in args.sizes.split(",")):
        with tempfile.TemporaryDirectory() as folder:
            url = args.postgres_url if args.database == "postgresql" else f"sqlite:///{folder}/bench.sqlite3"
            database, figures = measure(size, url)
        print(
            f"opinions={size} database={database} seconds={figures['seconds']} "
            f"peak_rss_mb={figures['rss_mb']} zip_bytes={figures['bytes']}",
            flush=True,
        )


if __name__ == "__main__":
    main()
