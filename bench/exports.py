"""Benchmark: building a draft's report files for many opinions, and the memory XLSX needs as rows grow.

Builds a fresh migrated database (a temporary SQLite file, or --database-url, WHICH IS EMPTIED: give it a scratch
PostgreSQL database) holding one draft with --opinions approved opinions (default 100,000) over its three
articles: a third of them copies in groups of 50 (counted once in the synthesis table), one in five answered and
published; and a second such draft with --small opinions (default 10,000). Then each format is built in its own
child process, so that each peak RSS (ru_maxrss) is that build's alone. Prints one line:

  opinions=N database=sqlite docx_s=N docx_cpu_s=N xlsx_s=N xlsx_cpu_s=N xlsx_rss_mb=N xlsx_small_rss_mb=N (small=N)
  csv_s=N csv_cpu_s=N docx_rss_mb=N load=N N N   (the load average over 1, 5 and 15 minutes at the end)

`*_s` is a build's wall time, `*_cpu_s` the build process's CPU time (an in-process SQLite's work included): on a
loaded machine it is the better estimate of the wall time the build would take alone, hence the load average on
the line. `*_rss_mb` is a build process's peak RSS.

`xlsx_small_rss_mb` is the XLSX build's peak RSS for --small opinions on the same kind of draft, the baseline of
`xlsx_rss_mb`: with constant_memory the two stay close, whatever the number of rows. Targets: docx_s and xlsx_s
<= 30 for 100,000.

  PYTHONPATH=$PWD .venv/bin/python bench/exports.py [--opinions 100000] [--small 10000] [--database-url URL]

Dated results: docs/benchmarks.md.
"""

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import ROOT, migrated_app  # first: puts the project on sys.path

WORDS = (
    "đề nghị bổ sung quy định vỉa hè lòng đường người đi bộ trách nhiệm ủy ban nhân dân cấp xã phường hộ kinh "
    "doanh cá thể thời gian chuyển tiếp xử phạt vi phạm hành chính công khai minh bạch"
).split()


def fill(count):
    """Create one draft with `count` opinions (Core inserts in bulk); return its id."""
    import random

    from sqlalchemy import func, insert, select

    from consult.answers.models import Answer, AnswerText
    from consult.database import utcnow
    from consult.extensions import db
    from consult.feedback.models import Feedback
    from tests import factories

    rng = random.Random(6)
    draft = factories.make_draft(factories.make_agency(name="Sở Xây dựng"), title=f"Dự thảo thử {count}")
    db.session.commit()
    articles = [article.id for article in draft.articles]
    text = AnswerText(draft_id=draft.id, kind="accepted", explanation="Tiếp thu, chỉnh sửa khoản 2.")
    db.session.add(text)
    db.session.commit()
    start = (db.session.scalar(select(func.max(Feedback.id))) or 0) + 1
    now = utcnow()
    for offset in range(0, count, 5000):
        rows, answers = [], []
        for number in range(start + offset, start + min(offset + 5000, count)):
            index = number - start
            copy = index % 3 == 0 and index % 150 != 0  # a third are copies of every 150th opinion
            lead = start + (index // 150) * 150
            rows.append(
                {
                    "id": number,
                    "receipt_code": f"BX{number:09d}",
                    "draft_id": draft.id,
                    "version_id": draft.current_version_id,
                    "article_id": articles[(lead if copy else number) % 3],
                    "stance": ("support", "oppose", "other")[number % 3],
                    "content": " ".join(rng.choices(WORDS, k=rng.randint(20, 60))),
                    "proposed_wording": "",
                    "author_name": f"Nguyễn Văn {number}",
                    "author_kind": "individual",
                    "locality": "ha-noi",
                    "locality_detail": "",
                    "contact": f"nguoi{number}@example.vn",
                    "consent_name": number % 2 == 0,
                    "consent_text": "",
                    "status": "approved",
                    "flags": [],
                    "created_at": now,
                    "duplicate_group_id": lead if copy and lead != number else None,
                    "channel": "web",
                    "source_ref": "",
                }
            )
            if number % 5 == 0:
                answers.append(
                    {
                        "feedback_id": number,
                        "text_id": text.id,
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
        db.session.execute(text_analyze())
        db.session.commit()
    return draft.id


def text_analyze():
    """Fresh statistics, as autovacuum would give a real database."""
    from sqlalchemy import text

    return text("ANALYZE")


def build_one(url, draft_id, fmt):
    """Child process: build one format; print its time and peak RSS as JSON."""
    from consult.drafts.models import Draft
    from consult.extensions import db
    from consult.reports import build_report

    app = migrated_app(url, fresh=False)
    with app.app_context(), tempfile.TemporaryDirectory() as folder:
        draft = db.session.get(Draft, draft_id)
        started, cpu = time.perf_counter(), time.process_time()
        path = build_report(draft, fmt, Path(folder) / f"report.{fmt}", include_contact=True)
        seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
        size = path.stat().st_size
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"seconds": round(seconds, 1), "cpu": round(cpu, 1), "rss_mb": round(rss_mb), "bytes": size}))


def run_child(url, draft_id, fmt):
    """Run build_one in a fresh interpreter; return its JSON."""
    output = subprocess.run(
        [sys.executable, __file__, "--child", url, str(draft_id), fmt],
        check=True,
        capture_output=True,
        text=True,
        env=dict(os.environ, PYTHONPATH=str(ROOT)),
    ).stdout
    return json.loads(output.strip().splitlines()[-1])


def main():
    """Parse the options, fill the database, time each build in its own process."""
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        build_one(sys.argv[2], int(sys.argv[3]), sys.argv[4])
        return
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--opinions", type=int, default=100_000)
    parser.add_argument("--small", type=int, default=10_000)
    parser.add_argument("--database-url", help="A scratch PostgreSQL database (it is emptied).")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        url = args.database_url or f"sqlite:///{folder}/bench.sqlite3"
        app = migrated_app(url, fresh=True)
        with app.app_context():
            big, small = fill(args.opinions), fill(args.small)
            from consult.extensions import db

            database = db.engine.dialect.name
            db.engine.dispose()
        docx = run_child(url, big, "docx")
        xlsx = run_child(url, big, "xlsx")
        xlsx_small = run_child(url, small, "xlsx")
        csv = run_child(url, big, "csv")
    print(
        f"opinions={args.opinions} database={database} docx_s={docx['seconds']} docx_cpu_s={docx['cpu']} "
        f"xlsx_s={xlsx['seconds']} xlsx_cpu_s={xlsx['cpu']} xlsx_rss_mb={xlsx['rss_mb']} "
        f"xlsx_small_rss_mb={xlsx_small['rss_mb']} (small={args.small}) csv_s={csv['seconds']} csv_cpu_s={csv['cpu']} "
        f"docx_rss_mb={docx['rss_mb']} load={' '.join(f'{load:.2f}' for load in os.getloadavg())}"
    )


if __name__ == "__main__":
    main()
