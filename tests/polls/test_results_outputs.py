"""The poll's results where the agency and the public read them: the summary page (with the "other" texts), the
synthesis reports (DOCX, XLSX, PDF: valid files with a poll part), and the open data files once the window closed
(a poll_results table that Frictionless validates)."""

import json
import zipfile
from datetime import timedelta

import frictionless
import pytest
from docx import Document
from openpyxl import load_workbook
from pypdf import PdfReader

from consult.database import utcnow
from consult.extensions import db as _db
from consult.opendata.builds import build_files, draft_path, site_path
from consult.polls.answering import OTHER, SentAnswers, store_answers
from consult.reports import build_report
from tests.opendata.helpers import csv_rows, json_rows, members
from tests.polls.helpers import make_poll, option_id


def _answer(draft, question_picks, index):
    """Store one anonymous response: {question: [option texts or OTHER:text]}."""
    sent = SentAnswers()
    for question, picks in question_picks.items():
        chosen = []
        for pick in picks:
            if pick.startswith("other:"):
                chosen.append(OTHER)
                sent.other[question.id] = pick[len("other:") :]
            else:
                chosen.append(option_id(question, pick))
        sent.chosen[question.id] = chosen
    store_answers(draft, sent, None, f"visitor-{index}")


@pytest.fixture
def answered_poll(db, open_draft):
    """Three answers to the open draft's two questions (one written under "Other")."""
    colours, uses = make_poll(open_draft)
    _answer(open_draft, {colours: ["Đỏ"], uses: ["Đi bộ"]}, 1)
    _answer(open_draft, {colours: ["Đỏ"], uses: ["Đi bộ", "Đỗ xe máy"]}, 2)
    _answer(open_draft, {colours: ["Xanh"], uses: ["other:Tập thể dục buổi sáng"]}, 3)
    _db.session.commit()
    return open_draft


def test_the_summary_page_shows_the_figures_and_the_other_texts(client, auth, agency_editor, answered_poll):
    auth.login(agency_editor)
    page = client.get(f"/agency/drafts/{answered_poll.id}/summary").get_data(as_text=True)
    poll = page[page.index('id="poll"') :]

    assert "Khảo sát nhanh" in poll and "3 người đã trả lời." in poll
    assert "66,7 %" in poll and "33,3 %" in poll
    assert "Tập thể dục buổi sáng" in poll
    assert "Khác (tự ghi)" in poll


def test_the_reports_hold_the_poll(app, answered_poll, tmp_path):
    docx = build_report(answered_poll, "docx", tmp_path / "r.docx")
    document = Document(str(docx))
    text = "\n".join(p.text for p in document.paragraphs)
    cells = [[cell.text for cell in row.cells] for table in document.tables for row in table.rows]
    pdf = build_report(answered_poll, "pdf", tmp_path / "r.pdf")
    pdf_text = " ".join(page.extract_text() for page in PdfReader(str(pdf)).pages)
    xlsx = build_report(answered_poll, "xlsx", tmp_path / "r.xlsx")
    sheet = load_workbook(str(xlsx))["Khảo sát nhanh"]
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]

    assert "IV. KẾT QUẢ KHẢO SÁT NHANH" in text
    assert "Câu 1. Bạn thích vỉa hè màu gì? (3 người trả lời)" in text
    assert ["Đỏ", "2", "66,7 %"] in cells and ["Khác (tự ghi)", "1", "33,3 %"] in cells
    assert "Tập thể dục buổi sáng" in text  # the agency's report lists the answers written under "Other"
    assert text.index("III.") < text.index("IV. KẾT QUẢ KHẢO SÁT NHANH")
    assert "KẾT QUẢ KHẢO SÁT NHANH" in pdf_text and "66,7 %" in pdf_text
    assert ["Đỏ", 2, pytest.approx(0.667)] in [row[:3] for row in rows]
    assert any(row[0] == "Tập thể dục buổi sáng" for row in rows)


def test_the_public_report_holds_the_poll_only_once_closed_and_without_other_texts(app, db, answered_poll, tmp_path):
    open_report = build_report(answered_poll, "docx", tmp_path / "open.docx", audience="public")
    assert "KHẢO SÁT NHANH" not in "\n".join(p.text for p in Document(str(open_report)).paragraphs)
    answered_poll.closes_at = utcnow() - timedelta(hours=1)
    db.session.commit()
    closed_report = build_report(answered_poll, "docx", tmp_path / "closed.docx", audience="public")
    text = "\n".join(p.text for p in Document(str(closed_report)).paragraphs)

    assert "IV. KẾT QUẢ KHẢO SÁT NHANH" in text
    assert "Tập thể dục buổi sáng" not in text


def test_the_open_data_files_hold_the_results_once_the_window_closed(app, db, answered_poll, tmp_path):
    app.config["OPEN_DATA_DIR"] = str(tmp_path / "open-data")
    build_files()
    assert csv_rows(draft_path(answered_poll.id), "poll_results") == []  # open: the results are not public yet
    answered_poll.closes_at = utcnow() - timedelta(hours=1)
    db.session.commit()
    written = build_files()
    rows = json_rows(draft_path(answered_poll.id), "poll_results")
    raw = b"".join(members(site_path()).values()).decode("utf-8", "replace")

    assert draft_path(answered_poll.id) in written  # the closing changed the file's signature
    assert rows[0] == {
        "draft_slug": answered_poll.slug,
        "question_position": 1,
        "question": "Bạn thích vỉa hè màu gì?",
        "kind": "single",
        "respondents": 3,
        "option_position": 1,
        "option": "Đỏ",
        "count": 2,
        "percent": 66.7,
    }
    other = next(row for row in rows if row["question_position"] == 2 and row["option_position"] == 0)
    assert (other["count"], other["percent"]) == (1, 33.3)
    assert "Tập thể dục" not in raw  # what people wrote under "Other" is not published
    folder = tmp_path / "extracted"
    with zipfile.ZipFile(site_path()) as package:
        package.extractall(folder)
    report = frictionless.validate(str(folder / "datapackage.json"))
    assert report.valid, report.flatten(["taskNumber", "rowNumber", "fieldName", "type", "note"])
    names = [resource["name"] for resource in json.loads((folder / "datapackage.json").read_text())["resources"]]
    assert "poll_results" in names and "poll_results-json" in names
