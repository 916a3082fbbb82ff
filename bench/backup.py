"""Benchmark: `backup create`, `verify` and `restore` of a database of many opinions, and what a backup costs the
opinions written meanwhile.

Builds a fresh migrated database (a temporary SQLite file, or --database-url, WHICH IS EMPTIED: give it a scratch
PostgreSQL database) holding one draft with --opinions opinions (default 100,000; Core inserts in bulk, contacts
included) and one attachment of --attachment-mb MB. A writer process then stores opinions as the app does
(store_opinions, 10 per transaction) for the whole run. It writes for --window seconds (default 10) before the
backup starts: its rate then is the baseline of its rate while `create_backup` runs, in the same run. The archive is
then verified and restored onto an empty installation (a temporary SQLite file, or --target-url, WHICH IS EMPTIED).
Prints one line:

  opinions=N database=sqlite database_mb=N create_s=N archive_mb=N verify_s=N restore_s=N
  writes_per_s_before=N writes_per_s_during=N writes_per_s_cpu_burn=N
  load=N N N   (the load average over 1, 5 and 15 minutes at the end)

`*_s` are wall times of the functions behind the commands, in this process (pg_dump and pg_restore in theirs).
`writes_per_s_cpu_burn` is the writer's rate while this process only hashes bytes in memory for as long as the backup
took: what taking one core from the writer costs it without any database work, to tell that from the backup's.

  .venv/bin/python bench/backup.py [--opinions 100000] [--window 10] [--database-url URL --target-url URL]

Dated results: docs/benchmarks.md.
"""

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import ROOT, empty_and_migrate  # first: puts the project on sys.path

WORDS = (
    "đề nghị bổ sung quy định vỉa hè lòng đường người đi bộ trách nhiệm ủy ban nhân dân cấp xã phường hộ kinh "
    "doanh cá thể thời gian chuyển tiếp xử phạt vi phạm hành chính công khai minh bạch"
).split()

WRITER = """
import sys, uuid
from pathlib import Path
from consult import create_app
from consult.drafts.models import Draft
from consult.extensions import db
from consult.feedback.store import opinion_row, store_opinions
from tests.conftest import _testing_config

url, draft_id, progress, stop = sys.argv[1], int(sys.argv[2]), Path(sys.argv[3]), Path(sys.argv[4])
app = create_app(_testing_config(url))
with app.app_context():
    draft = db.session.get(Draft, draft_id)
    count = 0
    while not stop.exists():
        values = {"stance": "other", "content": "Ý kiến gửi trong lúc sao lưu " + uuid.uuid4().hex,
                  "author_name": "Người gửi", "author_kind": "individual", "locality": "ha-noi"}
        store_opinions([opinion_row(draft, dict(values, content=values["content"] + str(n))) for n in range(10)])
        db.session.commit()
        count += 10
        progress.with_suffix(".new").write_text(str(count))
        progress.with_suffix(".new").replace(progress)
"""


def fill(count):
    """Create one draft with `count` opinions and an attachment; return the draft's id."""
    import random

    from sqlalchemy import insert

    from consult.database import utcnow
    from consult.extensions import db
    from consult.feedback.models import Feedback
    from tests import factories

    rng = random.Random(23)
    draft = factories.make_draft(factories.make_agency(name="Sở Xây dựng"), title=f"Dự thảo thử {count}")
    db.session.commit()
    articles = [article.id for article in draft.articles]
    now = utcnow()
    for offset in range(0, count, 5000):
        rows = [
            {
                "receipt_code": f"BK{number:09d}",
                "draft_id": draft.id,
                "version_id": draft.current_version_id,
                "article_id": articles[number % 3],
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
                "channel": "web",
                "source_ref": "",
            }
            for number in range(offset, min(offset + 5000, count))
        ]
        db.session.execute(insert(Feedback), rows)
        db.session.commit()
    return draft.id


def add_attachment(draft_id, megabytes):
    """Store one PDF attachment of about `megabytes` MB on the draft."""
    from consult.attachments.services import store_attachment
    from consult.drafts.models import Draft
    from consult.extensions import db

    padding = os.urandom(megabytes * 1024 * 1024)  # incompressible, as PDFs mostly are
    data = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n%" + padding + b"\ntrailer << /Root 1 0 R >>\n%%EOF\n"
    store_attachment(None, db.session.get(Draft, draft_id), "to-trinh.pdf", data)
    db.session.commit()


def burn(seconds):
    """Keep one core busy hashing for `seconds`, touching no database: the control of the writer's rate."""
    import hashlib

    block, end = os.urandom(1 << 20), time.perf_counter() + seconds
    while time.perf_counter() < end:
        hashlib.sha256(block).digest()


def written(progress):
    """Return how many opinions the writer has stored."""
    try:
        return int(progress.read_text() or 0)
    except (FileNotFoundError, ValueError):
        return 0


def folders(root):
    """Return the file folder settings of an installation under `root`."""
    names = {"ATTACHMENT_DIR": "a", "REPORTS_DIR": "r", "OFFLINE_UPLOAD_DIR": "o", "OPEN_DATA_DIR": "d"}
    return {setting: str(Path(root) / name) for setting, name in names.items()}


def main():
    """Fill, start the writer, time create / verify / restore, print one line."""
    from consult import create_app
    from consult.backup.services import create_backup, restore_backup, verify_backup
    from consult.extensions import db
    from tests.conftest import _testing_config

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--opinions", type=int, default=100_000)
    parser.add_argument("--attachment-mb", type=int, default=10)
    parser.add_argument("--window", type=float, default=10.0)
    parser.add_argument("--database-url", help="A scratch PostgreSQL database (it is emptied).")
    parser.add_argument("--target-url", help="Another scratch PostgreSQL database to restore into (it is emptied).")
    args = parser.parse_args()
    if bool(args.database_url) != bool(args.target_url):
        parser.error("--database-url and --target-url go together")
    with tempfile.TemporaryDirectory() as scratch:
        scratch = Path(scratch)
        url = args.database_url or f"sqlite:///{scratch}/source.sqlite3"
        app = create_app(_testing_config(url, **folders(scratch / "source")))
        with app.app_context():
            empty_and_migrate()
            draft_id = fill(args.opinions)
            add_attachment(draft_id, args.attachment_mb)
            database = db.engine.dialect.name
            db.session.remove()
        progress, stop = scratch / "progress", scratch / "stop"
        writer = subprocess.Popen(
            [sys.executable, "-c", WRITER, url, str(draft_id), str(progress), str(stop)],
            cwd=ROOT,
        )
        try:
            while written(progress) < 100:
                assert writer.poll() is None, "the writer process stopped"
                time.sleep(0.05)
            before, started = written(progress), time.perf_counter()
            time.sleep(args.window)
            baseline = (written(progress) - before) / (time.perf_counter() - started)
            with app.app_context():
                before, started = written(progress), time.perf_counter()
                archive, manifest = create_backup(scratch / "backups")
                create_s = time.perf_counter() - started
                during = (written(progress) - before) / create_s
                db.session.remove()
            before, started = written(progress), time.perf_counter()
            burn(create_s)
            burning = (written(progress) - before) / (time.perf_counter() - started)
        finally:
            stop.touch()
            writer.wait(timeout=120)
        database_mb = next(e["size"] for e in manifest["files"] if e["path"].startswith("database/")) / 2**20
        started = time.perf_counter()
        verify_backup(archive)
        verify_s = time.perf_counter() - started
        target_url = args.target_url or f"sqlite:///{scratch}/target.sqlite3"
        target = create_app(_testing_config(target_url, **folders(scratch / "target")))
        with target.app_context():
            if args.target_url:
                empty_and_migrate()
            started = time.perf_counter()
            restore_backup(archive)
            restore_s = time.perf_counter() - started
            db.session.remove()
            db.engine.dispose()
        archive_mb = archive.stat().st_size / 2**20
    print(
        f"opinions={args.opinions} database={database} database_mb={database_mb:.1f} create_s={create_s:.1f} "
        f"archive_mb={archive_mb:.1f} verify_s={verify_s:.1f} restore_s={restore_s:.1f} "
        f"writes_per_s_before={baseline:.0f} writes_per_s_during={during:.0f} writes_per_s_cpu_burn={burning:.0f} "
        f"load={' '.join(f'{load:.2f}' for load in os.getloadavg())}"
    )


if __name__ == "__main__":
    main()
