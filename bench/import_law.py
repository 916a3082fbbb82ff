"""Benchmark: import a 300-article law from text, portal HTML and DOCX (read, parse, save to a fresh database).

The law is built from the real article texts of tests/fixtures/legal (renumbered, 20 chapters of 15 articles) and
imported into a temporary SQLite file, once per format. Prints one line per format:

  format=text bytes=N articles=N clauses=N points=N read_parse_s=N save_s=N import_s=N baseline_open_s=N

`read_parse_s` is reading and parsing the file, `save_s` saving the draft, `import_s` both. The baseline,
`baseline_open_s`, is the cost of merely opening the bytes in that format's library (decode / BeautifulSoup /
python-docx), measured in the same run, so the parser's and the database's share is visible. The target is under
one second per import. No options.

  PYTHONPATH=$PWD .venv/bin/python bench/import_law.py

Dated results: docs/benchmarks.md.
"""

import io
import tempfile
import time

from common import ROOT  # first: puts the project on sys.path

from tests.drafts.builders import office_docx, portal_html

ARTICLES = 300
PER_CHAPTER = 15
ROMAN = [
    "I",
    "II",
    "III",
    "IV",
    "V",
    "VI",
    "VII",
    "VIII",
    "IX",
    "X",
    "XI",
    "XII",
    "XIII",
    "XIV",
    "XV",
    "XVI",
    "XVII",
    "XVIII",
    "XIX",
    "XX",
]


def real_articles():
    """Return (title, body lines) of every article of the two real laws in tests/fixtures/legal."""
    from consult.drafts.importing.parser import parse_text

    blocks = []
    for name in ("luat-an-ninh-mang-2018.txt", "hien-phap-2013.txt"):
        document = parse_text((ROOT / "tests/fixtures/legal" / name).read_text(encoding="utf-8"))
        blocks += [(article.title or "Nội dung", article.body.split("\n")) for article in document.articles]
    return blocks


def build_law():
    """Return the lines of a 300-article law in 20 chapters made of real article texts, renumbered."""
    blocks = real_articles()
    lines = [
        "QUỐC HỘI",
        "Luật số: 99/2026/QH15",
        "LUẬT",
        "THỬ NGHIỆM HIỆU NĂNG",
        "Căn cứ Hiến pháp;",
        "Quốc hội ban hành Luật thử nghiệm hiệu năng.",
    ]
    for number in range(1, ARTICLES + 1):
        if (number - 1) % PER_CHAPTER == 0:
            lines += [f"Chương {ROMAN[(number - 1) // PER_CHAPTER]}", "QUY ĐỊNH CỦA CHƯƠNG"]
        title, body = blocks[(number - 1) % len(blocks)]
        lines.append(f"Điều {number}. {title}")
        lines += body
    lines += ["Luật này đã được Quốc hội thông qua ngày 01 tháng 01 năm 2026.", "CHỦ TỊCH QUỐC HỘI"]
    return lines


def main():
    from flask_migrate import upgrade

    from consult import create_app
    from consult.agency.models import Agency
    from consult.drafts.imports import import_draft, read_document
    from consult.extensions import db

    lines = build_law()
    files = {
        "text": "\n".join(lines).encode("utf-8"),
        "html": portal_html(lines).encode("utf-8"),
        "docx": office_docx(lines),
    }
    baselines = {
        "text": lambda data: data.decode("utf-8").splitlines(),
        "html": lambda data: __import__("bs4").BeautifulSoup(data, "lxml"),
        "docx": lambda data: __import__("docx").Document(io.BytesIO(data)),
    }
    with tempfile.TemporaryDirectory() as folder:
        app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder}/bench.sqlite3", "TESTING": False})
        with app.app_context():
            upgrade()
            agency = Agency(slug="bench", name="Cơ quan thử nghiệm", kind="other")
            db.session.add(agency)
            db.session.commit()
            for kind, data in files.items():
                started = time.perf_counter()
                baselines[kind](data)
                baseline = time.perf_counter() - started

                started = time.perf_counter()
                parsed = read_document(data)
                parsed_at = time.perf_counter()
                import_draft(None, agency, parsed)
                db.session.commit()
                done = time.perf_counter()
                counts = parsed.document.counts()
                print(
                    f"format={kind} bytes={len(data)} articles={counts['articles']} clauses={counts['clauses']} "
                    f"points={counts['points']} read_parse_s={parsed_at - started:.3f} save_s={done - parsed_at:.3f} "
                    f"import_s={done - started:.3f} baseline_open_s={baseline:.3f}"
                )
            db.engine.dispose()


if __name__ == "__main__":
    main()
