"""Benchmark: the whole summary of a draft (counts, duplicate groups, themes) at 10k, 100k and 1M opinions.

For each size, builds a fresh migrated database (a temporary SQLite file, or --database-url, WHICH IS EMPTIED: give
it a scratch PostgreSQL database) holding one open draft of six articles and N approved opinions: a third are copies
of the 20 form letters of tests/feedback/opinion_set.py (edited copies among them, each campaign already grouped
under its first copy, as `feedback regroup` leaves it: the bulk fast path), the rest composed from its sentence
slots and the topics of tests/themes/topics.py, a fifth typed without diacritics; 15% on the whole draft. Rows are
written with COPY (PostgreSQL) or executemany (SQLite). Then a FRESH Python process runs, timed together:

  consult.agency.summary.build_summary(draft), duplicate_groups_page(draft) + group_counts(draft),
  compute_themes(draft)

and prints one line per size (peak RSS of that process, imports included):

  opinions=N summary_s=N summary_peak_mb=N xlsx_s=N docx_s=N themes=N

xlsx_s / docx_s time consult.reports.build_report(draft, fmt, path) when that package exists, else "na"; `themes`
counts the themes found. On stderr it prints the time spent writing the rows and, per size, the SQL part (counts
and groups) and the seconds of each step of the themes. The target: 100k -> 1M within 11x the time; the k-means
fit on at most FIT_SAMPLE opinions per article and pyvi on the quotes cost the same at any size.

  PYTHONPATH=$PWD .venv/bin/python bench/summary.py [--opinions 10000 --opinions 100000] [--database-url URL]
                                                     [--no-exports]

Dated results: docs/benchmarks.md.
"""

import argparse
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import migrated_app  # first: puts the project on sys.path

STRUCTURE = "\n".join(
    ["Chương I", "QUY ĐỊNH CHUNG"]
    + [
        line
        for number, (title, body) in enumerate(
            [
                ("Phạm vi điều chỉnh", "Quy định này quy định việc sử dụng tạm thời hè phố, lòng đường."),
                ("Mức phí", "Mức phí sử dụng tạm thời hè phố là 50.000 đồng mỗi mét vuông mỗi tháng."),
                ("Cấp phép", "Ủy ban nhân dân phường cấp phép sử dụng tạm thời hè phố."),
                ("Cây xanh và trường học", "Không cấp phép trong phạm vi 100 mét quanh cổng trường học."),
                ("Xử lý vi phạm", "Tổ chức, cá nhân vi phạm bị xử phạt và thu hồi giấy phép."),
                ("Hiệu lực thi hành", "Quyết định có hiệu lực kể từ ngày ký."),
            ],
            start=1,
        )
        for line in (f"Điều {number}. {title}", body)
    ]
)


def opinion_texts(count, rng):
    """Yield (text, campaign number or None) for `count` realistic opinions on one draft."""
    from consult.text.normalize import fold
    from tests.feedback.opinion_set import CLOSINGS, CONTEXTS, FORM_LETTERS, PROBLEMS, PROPOSALS, edited_copy
    from tests.themes.topics import TOPICS

    copies = [[letter] + [edited_copy(letter, rng) for _ in range(30)] for letter in FORM_LETTERS]
    topical = [sentence for sentences in TOPICS.values() for sentence in sentences]
    for _ in range(count):
        if rng.random() < 1 / 3:
            campaign = rng.randrange(len(FORM_LETTERS))
            yield rng.choice(copies[campaign]), campaign
            continue
        parts = [rng.choice(CONTEXTS), rng.choice(PROBLEMS), rng.choice(topical), rng.choice(PROPOSALS)]
        if rng.random() < 0.5:
            parts.append(rng.choice(CLOSINGS))
        text = " ".join(parts[rng.randrange(2) :])
        yield (fold(text) if rng.random() < 0.2 else text), None


def fill(app, count, seed=2026):
    """Create the draft and its `count` approved opinions in bulk; return the draft's id."""
    from sqlalchemy import insert, text

    from consult.agency.models import Agency
    from consult.database import utcnow
    from consult.drafts.models import DraftStatus
    from consult.drafts.services import create_draft
    from consult.extensions import db
    from consult.feedback.models import Feedback

    rng = random.Random(seed)
    with app.app_context():
        agency = Agency(name="Sở Xây dựng Hà Nội", slug="so-xay-dung", kind="department")
        db.session.add(agency)
        now = utcnow()
        draft = create_draft(
            None,
            agency,
            {
                "title": "Dự thảo Quyết định quy định sử dụng tạm thời hè phố",
                "summary": "Tóm tắt.",
                "doc_type": "decision",
                "field": "Xây dựng",
                "contact": "Phòng Quản lý đô thị",
                "opens_at": now,
                "closes_at": now,
            },
            STRUCTURE,
        )
        draft.status = DraftStatus.OPEN
        db.session.commit()
        draft_id, version_id = draft.id, draft.current_version_id
        articles = [article.id for article in draft.articles]
        first_of_campaign = {}
        columns = (
            "id",
            "receipt_code",
            "draft_id",
            "version_id",
            "article_id",
            "stance",
            "content",
            "proposed_wording",
            "author_name",
            "author_kind",
            "locality",
            "locality_detail",
            "contact",
            "consent_name",
            "consent_text",
            "status",
            "flags",
            "notify",
            "duplicate_group_id",
            "similarity",
            "channel",
            "source_ref",
            "created_at",
        )
        rows = []
        connection = db.session.connection()
        postgres = connection.dialect.name == "postgresql"

        def write(batch):
            if postgres:
                with (
                    connection.connection.driver_connection.cursor() as cursor,
                    cursor.copy(f"COPY feedback ({', '.join(columns)}) FROM STDIN") as copy,
                ):
                    for row in batch:
                        copy.write_row(row)
            else:
                connection.execute(insert(Feedback.__table__), [dict(zip(columns, row, strict=True)) for row in batch])

        for number, (content, campaign) in enumerate(opinion_texts(count, rng), start=1):
            group = similarity = None
            if campaign is not None:
                if campaign in first_of_campaign:
                    group, similarity = first_of_campaign[campaign], 0.9
                else:
                    first_of_campaign[campaign] = number
            article = None if rng.random() < 0.15 else rng.choice(articles)
            stance = rng.choice(("support", "oppose", "oppose", "other"))
            rows.append(
                (
                    number,
                    f"B{number:09d}",
                    draft_id,
                    version_id,
                    article,
                    stance,
                    content,
                    "",
                    f"Người góp ý {number}",
                    "individual",
                    "ha-noi",
                    "",
                    "",
                    False,
                    "",
                    "approved",
                    "[]" if postgres else [],
                    False,
                    group,
                    similarity,
                    "web",
                    "",
                    now,
                )
            )
            if len(rows) == 20000:
                write(rows)
                rows = []
        if rows:
            write(rows)
        if postgres:
            connection.execute(text("SELECT setval(pg_get_serial_sequence('feedback', 'id'), :last)"), {"last": count})
            connection.execute(text("ANALYZE feedback"))
        db.session.commit()
        return draft_id


def child(url, draft_id, count, exports=True):
    """Run the timed summary in this (fresh) process and print its line (the step times on stderr)."""
    from consult import create_app
    from consult.agency.summary import build_summary, duplicate_groups_page
    from consult.drafts.models import Draft
    from consult.extensions import db
    from consult.grouping.queries import group_counts
    from consult.themes.services import compute_themes
    from tests.conftest import _testing_config

    app = create_app(_testing_config(url))
    with app.app_context():
        draft = db.session.get(Draft, draft_id)
        started = time.perf_counter()
        build_summary(draft)
        duplicate_groups_page(draft)
        group_counts(draft)
        sql_s = time.perf_counter() - started
        run = compute_themes(draft)
        db.session.commit()
        summary_s = time.perf_counter() - started
        print(f"# {count}: counts and groups (SQL) {sql_s:.1f} s, themes {run.details['seconds']}", file=sys.stderr)
        themes = len(run.themes)
        peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        timings = {}
        try:
            from consult.reports import build_report
        except ImportError:
            build_report = None
        for fmt in ("xlsx", "docx"):
            if build_report is None or not exports:
                timings[fmt] = "na"
                continue
            with tempfile.TemporaryDirectory() as folder:
                started = time.perf_counter()
                build_report(draft, fmt, str(Path(folder) / f"report.{fmt}"))
                timings[fmt] = f"{time.perf_counter() - started:.1f}"
    print(
        f"opinions={count} summary_s={summary_s:.1f} summary_peak_mb={peak_mb:.0f} "
        f"xlsx_s={timings['xlsx']} docx_s={timings['docx']} themes={themes}",
        flush=True,
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--opinions", type=int, action="append", help="Sizes to run (default 10k, 100k, 1M).")
    parser.add_argument("--database-url", help="A scratch database, EMPTIED for each size (default: SQLite file).")
    parser.add_argument("--no-exports", action="store_true", help="Time the summary only (xlsx_s=na docx_s=na).")
    parser.add_argument("--child", nargs=2, type=int, metavar=("DRAFT_ID", "COUNT"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.database_url, *args.child, exports=not args.no_exports)
        return
    for count in args.opinions or [10_000, 100_000, 1_000_000]:
        with tempfile.TemporaryDirectory() as folder:
            url = args.database_url or f"sqlite:///{folder}/summary.sqlite3"
            started = time.perf_counter()
            draft_id = fill(migrated_app(url), count)
            print(f"# {count} opinions written in {time.perf_counter() - started:.0f} s", file=sys.stderr, flush=True)
            subprocess.run(
                [sys.executable, __file__, "--database-url", url, "--child", str(draft_id), str(count)]
                + ["--no-exports"] * args.no_exports,
                check=True,
            )


if __name__ == "__main__":
    main()
