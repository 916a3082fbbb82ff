"""Importing real legal texts as text (UTF-8, UTF-16, Windows-1258), portal HTML and DOCX, by CLI and service."""

import json
from pathlib import Path

import pytest
from sqlalchemy import func, select

from consult.drafts.importing.parser import ParseError
from consult.drafts.importing.readers import read_lines
from consult.drafts.imports import read_document
from consult.drafts.models import Article, Clause, Draft, Section
from tests.drafts.builders import office_docx, portal_html, to_cp1258

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "legal"
EXPECTED = {
    "hien-phap-2013.txt": {
        "chapters": 11,
        "articles": 120,
        "title": "Hiến pháp nước Cộng hòa xã hội chủ nghĩa Việt Nam",
    },
    "luat-an-ninh-mang-2018.txt": {"chapters": 7, "articles": 43, "title": "Luật An ninh mạng"},
}


def fixture_text(name):
    return (FIXTURES / name).read_text(encoding="utf-8")


def variants(text):
    """Return the same document as the bytes of each format and encoding we accept."""
    lines = text.splitlines()
    return {
        "utf-8": text.encode("utf-8"),
        "utf-8-bom": b"\xef\xbb\xbf" + text.encode("utf-8"),
        "utf-16": text.encode("utf-16"),
        "utf-16-le-no-bom": text.encode("utf-16-le"),
        "cp1258": to_cp1258(text),
        "html": portal_html(lines).encode("utf-8"),
        "docx": office_docx(lines),
    }


@pytest.mark.parametrize("name", sorted(EXPECTED))
@pytest.mark.parametrize("variant", ["utf-8", "utf-8-bom", "utf-16", "utf-16-le-no-bom", "cp1258", "html", "docx"])
def test_real_documents_give_the_exact_structure_in_every_format(name, variant):
    expected = EXPECTED[name]
    reference = read_document(fixture_text(name).encode("utf-8"))

    parsed = read_document(variants(fixture_text(name))[variant])

    counts = parsed.document.counts()
    assert counts["chapters"] == expected["chapters"]
    assert counts["articles"] == expected["articles"]
    assert [a.number for a in parsed.document.articles] == list(range(1, expected["articles"] + 1))
    assert counts == reference.document.counts()
    assert [a.body for a in parsed.document.articles] == [a.body for a in reference.document.articles]
    assert parsed.title == expected["title"]


def test_legacy_encoding_is_converted_not_garbled():
    text = "Điều 1. Phạm vi điều chỉnh\nQuy định về quyền, nghĩa vụ của người sử dụng đất.\n"

    _, lines = read_lines(to_cp1258(text))

    assert lines[1] == "Quy định về quyền, nghĩa vụ của người sử dụng đất." or lines[1].startswith(
        "Quy đi\u0323nh"
    )  # decoded bytes keep combining marks until normalised
    assert read_document(to_cp1258(text)).document.articles[0].intro == [
        "Quy định về quyền, nghĩa vụ của người sử dụng đất."
    ]


def test_portal_noise_stays_out_of_the_document():
    parsed = read_document(variants(fixture_text("hien-phap-2013.txt"))["html"])

    everything = "\n".join(
        parsed.document.preamble + parsed.document.closing + [a.body for a in parsed.document.articles]
    )
    for noise in ("Trang chủ", "Tìm kiếm", "Điều 999", "Văn bản liên quan", "Bản quyền", "Điều khoản sử dụng"):
        assert noise not in everything


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty"),
        (b"%PDF-1.7\n...", "PDF"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, ".doc"),
        (b"PK\x03\x04not really a zip", "damaged"),  # a truncated or broken archive
        ("Một lá thư không có điều khoản nào.".encode(), "Điều 1"),
        ("Điều 1. A\nĐiều 2. B\nĐiều 4. D\n".encode(), "Paragraph 3"),
    ],
)
def test_bad_files_get_a_clear_error(data, message):
    with pytest.raises(ParseError) as caught:
        read_document(data)

    assert message in str(caught.value.message)


def test_cli_import_dry_run_prints_counts_as_json(runner, db):
    path = FIXTURES / "hien-phap-2013.txt"

    result = runner.invoke(args=["drafts", "import", str(path), "--dry-run", "--json"])

    assert result.exit_code == 0, result.output
    payload = json.loads(result.output)
    assert (payload["chapters"], payload["articles"], payload["parts"]) == (11, 120, 0)
    assert payload["tree"]["children"][0]["kind"] == "chapter"
    assert db.session.scalar(select(func.count(Draft.id))) == 0


@pytest.mark.parametrize("name", ["hien-phap-2013.txt", "luat-an-ninh-mang-2018.txt"])
def test_cli_dry_run_json_holds_exactly_what_would_be_saved(runner, db, agency, name):
    path = str(FIXTURES / name)
    dry = json.loads(runner.invoke(args=["drafts", "import", path, "--dry-run", "--json"]).output)
    saved = json.loads(runner.invoke(args=["drafts", "import", path, "--agency", agency.slug, "--json"]).output)

    def articles(node):
        if "clauses" in node:
            yield node
        for child in node.get("children", []):
            yield from articles(child)

    stored = {
        (article.number, clause.number): (clause.text, clause.points)
        for article in db.session.get(Draft, saved["draft_id"]).articles
        for clause in article.clauses
    }
    from_json = {
        (article["number"], clause["number"]): (clause["text"], clause["points"])
        for article in articles(dry["tree"])
        for clause in article["clauses"]
    }
    assert from_json == stored
    assert dry["tree"] == saved["tree"]


def test_cli_import_saves_an_unpublished_draft(runner, db, agency, tmp_path):
    path = tmp_path / "hien-phap.docx"
    path.write_bytes(office_docx(fixture_text("hien-phap-2013.txt").splitlines()))

    result = runner.invoke(args=["drafts", "import", str(path), "--agency", agency.slug])

    assert result.exit_code == 0, result.output
    draft = db.session.scalar(select(Draft))
    assert draft.status == "draft" and draft.agency_id == agency.id
    assert draft.title == "Hiến pháp nước Cộng hòa xã hội chủ nghĩa Việt Nam"
    assert db.session.scalar(select(func.count(Article.id))) == 120
    assert db.session.scalar(select(func.count(Section.id)).where(Section.kind == "chapter")) == 11
    assert db.session.scalar(select(func.count(Clause.id))) > 100
    assert draft.preamble.startswith("HIẾN PHÁP") or "LỜI NÓI ĐẦU" in draft.preamble

    listing = runner.invoke(args=["drafts", "list"])
    assert "120" in listing.output and draft.slug[:40] in listing.output


def test_cli_import_of_a_bad_file_saves_nothing_and_fails(runner, db, agency, tmp_path):
    path = tmp_path / "broken.txt"
    path.write_text("Điều 1. A\nĐiều 3. C\n", encoding="utf-8")

    result = runner.invoke(args=["drafts", "import", str(path), "--agency", agency.slug])

    assert result.exit_code != 0
    assert "Paragraph 2" in result.output or "Đoạn 2" in result.output
    assert db.session.scalar(select(func.count(Draft.id))) == 0


def test_cli_import_needs_an_agency_to_save(runner, db):
    result = runner.invoke(args=["drafts", "import", str(FIXTURES / "hien-phap-2013.txt")])

    assert result.exit_code != 0 and "--agency" in result.output


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_saved_draft_round_trips_through_its_structure_text(db, agency, name):
    from consult.drafts.imports import import_draft
    from consult.drafts.structure import parse_structure, render_structure

    parsed = read_document(fixture_text(name).encode("utf-8"))
    draft = import_draft(None, agency, parsed)
    db.session.commit()

    again = parse_structure(render_structure(draft))

    assert again.counts() == parsed.document.counts()
    assert [a.body for a in again.articles] == [a.body for a in parsed.document.articles]
    assert again.preamble == parsed.document.preamble and again.closing == parsed.document.closing


def test_reimporting_a_published_draft_adds_a_version(runner, db, agency, tmp_path):
    from consult.drafts.models import DraftStatus
    from tests import factories

    first = tmp_path / "v1.txt"
    first.write_text(fixture_text("luat-an-ninh-mang-2018.txt"), encoding="utf-8")
    assert runner.invoke(args=["drafts", "import", str(first), "--agency", agency.slug]).exit_code == 0
    draft = db.session.scalar(select(Draft))
    draft.status = DraftStatus.OPEN
    opinion = factories.make_feedback(draft, article=draft.articles[4])
    db.session.commit()

    revised = fixture_text("luat-an-ninh-mang-2018.txt").replace("Điều 5. Biện pháp", "Điều 5. Các biện pháp")
    second = tmp_path / "v2.txt"
    second.write_text(revised, encoding="utf-8")
    result = runner.invoke(args=["drafts", "import", str(second), "--draft", draft.slug])

    assert result.exit_code == 0, result.output
    db.session.expire_all()
    draft = db.session.get(Draft, draft.id)
    assert [v.number for v in draft.versions] == [1, 2]
    assert draft.articles[4].title.startswith("Các biện pháp")
    assert opinion.version.number == 1 and opinion.article.title.startswith("Biện pháp")
    assert "version 2" in result.output
    listing = runner.invoke(args=["drafts", "list"]).output
    assert f"{draft.slug[:50]:<50} open               2       43" in listing


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_word_automatic_numbering_of_clauses_and_points(name):
    from tests.drafts.builders import numbered_docx

    reference = read_document(fixture_text(name).encode("utf-8")).document

    parsed = read_document(numbered_docx(fixture_text(name).splitlines())).document

    assert parsed.counts() == reference.counts()
    for ours, theirs in zip(parsed.articles, reference.articles):
        assert [(c.number, c.text) for c in ours.clauses] == [(c.number, c.text) for c in theirs.clauses]
        assert [[p.text for p in c.points] for c in ours.clauses] == [
            [p.text for p in c.points] for c in theirs.clauses
        ]


def test_numbering_that_comes_from_a_paragraph_style():
    import io as _io

    import docx

    document = docx.Document()
    document.add_paragraph("Điều 1. Phạm vi")
    document.add_paragraph("Nội dung thứ nhất.", style="List Number")
    document.add_paragraph("Nội dung thứ hai.", style="List Number")
    buffer = _io.BytesIO()
    document.save(buffer)

    article = read_document(buffer.getvalue()).document.articles[0]

    assert [(c.number, c.text) for c in article.clauses] == [(1, "Nội dung thứ nhất."), (2, "Nội dung thứ hai.")]
