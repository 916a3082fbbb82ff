"""Benchmark: importing a file of opinions gathered offline into one draft (20,000 rows; --rows 100000 for the target).

Builds an XLSX (XlsxWriter, as Excel would save it) and a CSV of synthetic rows (opinions of ~150 characters quoting
a real law, one in ten an exact copy of another), then on a fresh migrated database (SQLite file; PostgreSQL with
--database-url, an empty database) times reading and checking the whole file, saving it, and importing it a second
time (every row recognised, none saved). Memory is the process's resident set, read from /proc before and after
each phase. It prints the files' sizes, then one line per phase:

  files xlsx_mb=N csv_mb=N
  phase=check format=csv rows=N errors=N seconds=S rss_mb=M        (then format=xlsx)
  phase=import database=sqlite saved=N skipped=N seconds=S rss_mb_before=M rss_mb_after=M
  phase=reimport database=sqlite saved=N skipped=N seconds=S rss_mb_before=M rss_mb_after=M

There is no baseline in the run: the reimport phase shows the cost of recognising rows already saved.

  PYTHONPATH=$PWD .venv/bin/python bench/offline_import.py [--rows 20000] [--database-url URL]

Dated results: docs/benchmarks.md.
"""

import argparse
import csv
import io
import os
import random
import tempfile
import time
from pathlib import Path

from common import ROOT  # first: puts the project on sys.path

LAW = ROOT / "tests" / "fixtures" / "legal" / "luat-an-ninh-mang-2018.txt"  # real Vietnamese sentences to quote


def rss_mb():
    """Return the resident memory of this process in MB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) // 1024
    return -1


def synthetic_rows(count, today):
    """Yield rows as the template's columns; one in ten repeats an earlier opinion word for word."""
    from consult.offline.files import CHANNEL_WORDS, STANCE_WORDS

    rng = random.Random(4)
    words = LAW.read_text(encoding="utf-8").split()
    channels = [words[0] for words in CHANNEL_WORDS.values()]
    stances = [words[0] for words in STANCE_WORDS.values()]
    earlier = []
    for number in range(count):
        if earlier and rng.random() < 0.1:
            content = rng.choice(earlier)
        else:
            start = rng.randrange(len(words) - 40)
            content = "Đề nghị " + " ".join(words[start : start + 30]) + f" (ý kiến {number})."
            if len(earlier) < 1000:
                earlier.append(content)
        yield [
            rng.choice(channels),
            today.strftime("%d/%m/%Y"),
            f"BB-{number // 50}",
            rng.choice(["", "1", "2", "3"]),
            "",
            rng.choice(stances),
            content,
            "",
            f"Người góp ý {number}",
            "Cá nhân",
            "Hà Nội",
            "",
            "",
        ]


def build_files(count, folder, today):
    """Write the XLSX and CSV files of `count` rows; return their paths."""
    import xlsxwriter

    from consult.offline.files import COLUMNS

    header = [column.header for column in COLUMNS]
    xlsx_path, csv_path = folder / "offline.xlsx", folder / "offline.csv"
    workbook = xlsxwriter.Workbook(str(xlsx_path), {"constant_memory": True})
    sheet = workbook.add_worksheet("Ý kiến")
    sheet.write_row(0, 0, header)
    with open(csv_path, "w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        for number, values in enumerate(synthetic_rows(count, today), start=1):
            sheet.write_row(number, 0, values)
            writer.writerow(values)
    workbook.close()
    return xlsx_path, csv_path


def main():
    """Run the phases and print one line each."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=20_000)
    parser.add_argument("--database-url", help="PostgreSQL URL of an empty database (default: a SQLite file)")
    args = parser.parse_args()

    from flask_migrate import upgrade

    from consult import create_app
    from consult.database import utcnow
    from consult.extensions import db
    from consult.offline.rules import LOCAL_TZ
    from consult.offline.services import import_offline, read_offline_file, validate_rows
    from tests import factories
    from tests.conftest import _testing_config

    folder = Path(tempfile.mkdtemp(prefix="consult-bench-offline-"))
    url = args.database_url or f"sqlite:///{folder / 'bench.sqlite3'}"
    app = create_app(_testing_config(url))
    with app.app_context():
        upgrade()
        draft = factories.make_draft(factories.make_agency(slug=f"bench-{os.getpid()}-{int(time.time())}"))
        db.session.commit()
        database = db.engine.dialect.name
        xlsx_path, csv_path = build_files(args.rows, folder, utcnow().astimezone(LOCAL_TZ).date())
        print(f"files xlsx_mb={os.path.getsize(xlsx_path) / 1e6:.1f} csv_mb={os.path.getsize(csv_path) / 1e6:.1f}")
        for kind, path in (("csv", csv_path), ("xlsx", xlsx_path)):
            started = time.perf_counter()
            clean, errors = validate_rows(draft, read_offline_file(io.BytesIO(path.read_bytes())))
            print(
                f"phase=check format={kind} rows={len(clean)} errors={len(errors)} "
                f"seconds={time.perf_counter() - started:.1f} rss_mb={rss_mb()}"
            )
        for phase in ("import", "reimport"):
            before = rss_mb()
            started = time.perf_counter()
            saved, skipped = import_offline(None, draft, clean)
            db.session.commit()
            print(
                f"phase={phase} database={database} saved={saved} skipped={skipped} "
                f"seconds={time.perf_counter() - started:.1f} rss_mb_before={before} rss_mb_after={rss_mb()}"
            )
        db.engine.dispose()


if __name__ == "__main__":
    main()
