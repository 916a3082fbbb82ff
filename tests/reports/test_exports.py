"""Each format's numbers agree with the database, and the public version holds only what the public may see."""

import csv
import io
import re
from zoneinfo import ZoneInfo

import pytest
from docx import Document
from openpyxl import load_workbook
from pypdf import PdfReader
from sqlalchemy import func, select

from consult.drafts.models import Clause
from consult.feedback.models import Feedback, FeedbackStatus
from consult.reports import build_report
from consult.reports.data import iter_sheet_rows
from consult.reports.pdf_export import missing_glyphs
from consult.reports.text import wording

# What the public must never find in a public file of the dataset.
SECRETS = [
    "@example.vn",
    "Lê Văn Ẩn",
    "Phạm Bí Mật",
    "Giải trình nội bộ chưa công bố",
    "Quảng cáo bị từ chối",
    "Ý kiến đang chờ kiểm duyệt",
    "Kẻ Quảng Cáo",
    "Vũ Đang Chờ",
]


def count(draft, *statuses):
    """Count the draft's opinions of these statuses in the database."""
    return _db_scalar(
        select(func.count()).select_from(Feedback).where(Feedback.draft_id == draft.id, Feedback.status.in_(statuses))
    )


def _db_scalar(query):
    from consult.extensions import db

    return db.session.scalar(query)


def docx_text(path):
    """Return every paragraph and table cell of a DOCX, one per line."""
    document = Document(str(path))
    parts = [paragraph.text for paragraph in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts += [cell.text for cell in row.cells]
    return "\n".join(parts)


def opinion_table(path):
    """Return the rows (cell texts) of the synthesis table: the DOCX's third table."""
    table = Document(str(path)).tables[2]
    return [[cell.text for cell in row.cells] for row in table.rows]


def pdf_text(path):
    """Return the text pypdf extracts from a PDF, whitespace collapsed."""
    return re.sub(r"\s+", " ", " ".join(page.extract_text() for page in PdfReader(str(path)).pages))


def test_docx_agency_follows_the_form_and_counts_copies_once(app, dataset, tmp_path):
    """Header, title, facts with the database's numbers, one row per group with its count, unpublished answers marked."""
    path = build_report(dataset.draft, "docx", tmp_path / "r.docx")
    text = docx_text(path)
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text and "Độc lập - Tự do - Hạnh phúc" in text
    assert "SỞ XÂY DỰNG HÀ NỘI" in text
    assert "BẢN TỔNG HỢP Ý KIẾN, TIẾP THU, GIẢI TRÌNH Ý KIẾN GÓP Ý ĐỐI VỚI DỰ THẢO QUYẾT ĐỊNH" in text
    counted = count(dataset.draft, FeedbackStatus.APPROVED)  # what the table holds; pending ones said apart below
    assert f"Tổng số ý kiến góp ý được tổng hợp: {counted} ý kiến." in text
    total = count(dataset.draft, *FeedbackStatus.ALL)
    assert (
        f"Trong tổng số {total} ý kiến nhận được: 6 ý kiến đã duyệt đăng, 1 ý kiến chờ duyệt, 1 ý kiến không đăng."
        in text
    )
    assert "THỦ TRƯỞNG CƠ QUAN CHỦ TRÌ SOẠN THẢO" in text

    stance_table = Document(str(path)).tables[1]
    assert stance_table.rows[-1].cells[-1].text == str(counted)  # the table of stances counts the same opinions
    rows = opinion_table(path)
    assert rows[0] == wording()["columns"] and rows[0][0] == "STT"
    copies = [row for row in rows if row[3] == dataset.lead.content]
    assert len(copies) == 1  # three copies, one row
    assert "Trần Thị Bình" in copies[0][2] and "và 2 ý kiến cùng nội dung" in copies[0][2]
    assert "Tiếp thu một phần: bổ sung khoản 3." in copies[0][4]
    private = next(row for row in rows if row[3] == dataset.private.content)
    assert "Giải trình nội bộ chưa công bố. (chưa công bố)" in private[4]
    assert "Phạm Bí Mật" in private[2]
    opinion_rows = [row for row in rows[1:] if len(set(row)) > 1]  # heading rows span the columns
    approved_groups = count(dataset.draft, FeedbackStatus.APPROVED) - 2  # two copies folded into their lead
    assert len(opinion_rows) == approved_groups
    assert [row[0] for row in opinion_rows] == [str(number) for number in range(1, approved_groups + 1)]  # STT
    assert dataset.rejected.content not in text and dataset.pending.content not in text
    assert "@example.vn" not in text  # no contacts in the synthesis, even internal


def test_docx_public_holds_only_published_content(app, dataset, tmp_path):
    """Approved opinions, published answers, names only with consent, no contacts."""
    path = build_report(dataset.draft, "docx", tmp_path / "p.docx", include_contact=True, audience="public")
    text = docx_text(path)
    for secret in SECRETS:
        assert secret not in text
    assert f"Tổng số ý kiến góp ý được tổng hợp: {count(dataset.draft, FeedbackStatus.APPROVED)} ý kiến." in text
    assert "Trần Thị Bình" in text and "Hội Luật gia thành phố" in text  # consent, organisation
    assert "Đã sửa khoản 2 theo góp ý." in text
    assert len(Document(str(path)).inline_shapes) == 2  # the charts


def test_xlsx_agency_lists_every_opinion_with_contacts_and_summaries(app, dataset, tmp_path):
    """One row per opinion staff see, contact column when asked, summary sheets matching the database."""
    path = build_report(dataset.draft, "xlsx", tmp_path / "r.xlsx", include_contact=True)
    book = load_workbook(path, read_only=True)
    assert book.sheetnames[-1] == "Danh sách ý kiến"  # the list of opinions, not a count ("Số ý kiến")
    sheet = list(book["Danh sách ý kiến"].values)
    header, rows = sheet[0], sheet[1:]
    assert len(rows) == count(dataset.draft, *FeedbackStatus.ALL)
    contact = header.index(header[-1])
    assert {row[contact] for row in rows} >= {"lead@example.vn", "rac@example.vn"}
    codes = {row[0] for row in rows}
    assert dataset.rejected.receipt_code in codes and dataset.pending.receipt_code in codes
    group = header.index(
        next(title for title in header if "Same content" in str(title) or "Cùng nội dung" in str(title))
    )
    copy = next(row for row in rows if row[0] == dataset.copy_named.receipt_code)
    assert copy[group] == dataset.lead.receipt_code
    by_article = list(book[book.sheetnames[0]].values)
    assert by_article[-1][-1] == count(dataset.draft, FeedbackStatus.PENDING, FeedbackStatus.APPROVED)
    by_channel = {row[0]: row[1] for row in list(book[book.sheetnames[3]].values)[1:]}
    assert sum(by_channel.values()) == count(dataset.draft, FeedbackStatus.PENDING, FeedbackStatus.APPROVED)
    by_day = list(book[book.sheetnames[4]].values)[1:]
    assert sum(row[1] for row in by_day) == count(dataset.draft, FeedbackStatus.PENDING, FeedbackStatus.APPROVED)
    assert {"02/11/2026", "05/11/2026"} <= {row[0] for row in by_day}  # offline: the day given, as on the dashboard


def opinion_sheet(path):
    """Return the XLSX's opinion sheet (its last) as {receipt code: {column title: value}}."""
    book = load_workbook(path, read_only=True)
    rows = list(book.worksheets[-1].values)
    book.close()  # read-only books keep their file open
    return {row[0]: dict(zip(rows[0], row)) for row in rows[1:]}


def test_xlsx_rows_hold_every_field_as_each_audience_may_see_it(app, db, dataset, tmp_path):
    """Each cell of an opinion's row: Vietnamese labels, local time, clause, group, answer, contact, per audience."""
    letter = dataset.letter
    letter.clause = Clause(article=letter.article, position=1, number=2, text="Trách nhiệm của Ủy ban nhân dân.")
    db.session.commit()
    agency = opinion_sheet(build_report(dataset.draft, "xlsx", tmp_path / "a.xlsx", include_contact=True))
    public = opinion_sheet(build_report(dataset.draft, "xlsx", tmp_path / "p.xlsx", audience="public"))
    received = letter.created_at.astimezone(ZoneInfo("Asia/Ho_Chi_Minh")).strftime("%d/%m/%Y %H:%M")
    seen_by_all = {
        "Mã tiếp nhận": letter.receipt_code,
        "Ngày nhận (dd/mm/yyyy)": received,
        "Kênh tiếp nhận": "Văn bản, thư",
        "Ngày góp ý trực tiếp (dd/mm/yyyy)": "02/11/2026",
        "Số/ký hiệu nguồn": "CV 12/HLG",
        "Điều": f"Khoản 2 Điều {letter.article.number}",
        "Quan điểm": "Không tán thành",
        "Đối tượng góp ý": "Tổ chức",
        "Người góp ý": "Hội Luật gia thành phố",
        "Địa phương": "Hà Nội",
        "Nội dung góp ý": letter.content,
        "Đề xuất sửa đổi": None,
        "Cùng nội dung với": None,
        "Mức tương đồng (%)": None,
        "Trả lời": "Tiếp thu",
        "Nội dung tiếp thu, giải trình": "Đã sửa khoản 2 theo góp ý.",
    }
    assert public[letter.receipt_code] == seen_by_all
    assert agency[letter.receipt_code] == dict(
        seen_by_all,
        **{
            "Xã, phường": None,
            "Trạng thái": "Đã đăng công khai",
            "Đồng ý công khai họ tên": "Không",
            "Đã công bố giải trình": "Có",
            "Liên hệ (email hoặc số điện thoại)": "hoi@example.vn",
        },
    )
    copy = public[dataset.copy_hidden.receipt_code]
    assert (copy["Người góp ý"], copy["Cùng nội dung với"], copy["Mức tương đồng (%)"]) == (
        "Không công khai họ tên",
        dataset.lead.receipt_code,
        100,
    )
    unpublished = (public[dataset.private.receipt_code], agency[dataset.private.receipt_code])
    assert [(row["Trả lời"], row["Nội dung tiếp thu, giải trình"]) for row in unpublished] == [
        (None, None),
        ("Giải trình", "Giải trình nội bộ chưa công bố."),
    ]
    assert (agency[dataset.private.receipt_code]["Đã công bố giải trình"], unpublished[1]["Điều"]) == (
        "Không",
        "Toàn bộ dự thảo",
    )


def test_sheet_rows_cross_batches_in_order_without_gaps(app, db, dataset):
    """Small keyset batches over opinions sharing one timestamp give every opinion once, oldest first, as one batch."""
    for opinion in (dataset.lead, dataset.copy_hidden, dataset.rejected, dataset.pending):
        opinion.created_at = dataset.letter.created_at
    db.session.commit()
    whole = list(iter_sheet_rows(dataset.draft, FeedbackStatus.ALL, "agency", batch_size=1000))
    paged = list(iter_sheet_rows(dataset.draft, FeedbackStatus.ALL, "agency", batch_size=2))
    assert [row.receipt_code for row in paged] == [row.receipt_code for row in whole]
    assert len(paged) == count(dataset.draft, *FeedbackStatus.ALL)
    assert [(row.created_at, row.id) for row in paged] == sorted((row.created_at, row.id) for row in paged)
    public = list(iter_sheet_rows(dataset.draft, [FeedbackStatus.APPROVED], "public", batch_size=2))
    assert len(public) == count(dataset.draft, FeedbackStatus.APPROVED)
    assert "contact" in paged[0]._fields and "contact" not in public[0]._fields  # never read for the public


def test_xlsx_public_has_no_contacts_nor_hidden_content(app, dataset, tmp_path):
    """include_contact is ignored for the public; only approved opinions and published answers."""
    path = build_report(dataset.draft, "xlsx", tmp_path / "p.xlsx", include_contact=True, audience="public")
    book = load_workbook(path, read_only=True)
    cells = [str(value) for name in book.sheetnames for row in book[name].values for value in row if value is not None]
    blob = "\n".join(cells)
    for secret in SECRETS:
        assert secret not in blob
    rows = list(book[book.sheetnames[-1]].values)[1:]
    assert len(rows) == count(dataset.draft, FeedbackStatus.APPROVED)


def test_csv_has_bom_defused_formulas_and_the_database_count(app, dataset, tmp_path):
    """UTF-8 with BOM, one line per opinion, a citizen's formula shown as text."""
    path = build_report(dataset.draft, "csv", tmp_path / "r.csv", include_contact=True)
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert len(rows) - 1 == count(dataset.draft, *FeedbackStatus.ALL)
    assert any(cell.startswith("'=HYPERLINK") for row in rows for cell in row)
    assert not any(cell.startswith("=") for row in rows for cell in row)
    assert "lead@example.vn" in raw.decode("utf-8-sig")


def test_csv_public(app, dataset, tmp_path):
    """The public CSV: approved opinions, no contacts, no withheld names."""
    path = build_report(dataset.draft, "csv", tmp_path / "p.csv", include_contact=True, audience="public")
    text = path.read_text(encoding="utf-8-sig")
    for secret in SECRETS:
        assert secret not in text
    assert len(list(csv.reader(io.StringIO(text)))) - 1 == count(dataset.draft, FeedbackStatus.APPROVED)


def test_pdf_embeds_a_font_covering_every_character(app, dataset, tmp_path):
    """Text extracted from the PDF reads in Vietnamese; the font draws every character written."""
    path = build_report(dataset.draft, "pdf", tmp_path / "r.pdf", audience="public")
    text = pdf_text(path)
    for words in (
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Trần Thị Bình",
        "và 2 ý kiến cùng nội dung",
        "Đã sửa khoản 2 theo góp ý",
        "THỦ TRƯỞNG CƠ QUAN CHỦ TRÌ SOẠN THẢO",
    ):
        assert words in text, words
    for secret in SECRETS:
        assert secret not in text
    fonts = {str(font) for page in PdfReader(str(path)).pages for font in page["/Resources"]["/Font"].values()}
    assert fonts  # fonts are embedded as subsets (FontFile2), checked below
    reader = PdfReader(str(path))
    descriptors = [
        font.get_object()["/DescendantFonts"][0].get_object()["/FontDescriptor"].get_object()
        for page in reader.pages
        for font in page["/Resources"]["/Font"].values()
    ]
    assert all("/FontFile2" in descriptor for descriptor in descriptors)
    written = "\n".join(str(value) for value in wording().values())
    for item in (dataset.lead, dataset.letter, dataset.private, dataset.formula):
        written += item.content + item.author_name
    assert missing_glyphs(written + "ẮẰẲẴẶắằẳẵặỨỪỬỮỰứừửữựỐỒỔỖỘốồổỗộ…–") == []


def test_missing_glyphs_finds_what_the_font_lacks(app):
    """The coverage check can fail: DejaVu Sans has no CJK ideographs."""
    assert missing_glyphs("Việt 漢") == ["漢"]


@pytest.mark.parametrize("fmt", ["docx", "xlsx", "csv", "pdf"])
def test_progress_reaches_the_total(app, dataset, tmp_path, fmt):
    """progress(done, total) starts at 0 and ends at the total; the file appears whole (no .part left)."""
    calls = []
    build_report(dataset.draft, fmt, tmp_path / f"r.{fmt}", progress=lambda done, total: calls.append((done, total)))
    assert calls[0][0] == 0 and calls[-1][0] == calls[-1][1] > 0
    assert [p.name for p in tmp_path.iterdir()] == [f"r.{fmt}"]


def test_an_empty_draft_still_makes_a_report(app, open_draft, tmp_path):
    """No opinions: the table says so."""
    path = build_report(open_draft, "docx", tmp_path / "e.docx")
    assert wording()["no_opinions"] in docx_text(path)


def test_unknown_format_is_refused(app, open_draft, tmp_path):
    """A clear error for a format that does not exist."""
    with pytest.raises(ValueError, match="Unknown report format"):
        build_report(open_draft, "odt", tmp_path / "x.odt")


def test_more_opinions_cost_no_more_queries(app, db, dataset, tmp_path, count_queries):
    """Opinions are read in keyset batches with their answers and groups: no query per opinion."""
    from tests import factories

    with count_queries() as before:
        build_report(dataset.draft, "xlsx", tmp_path / "a.xlsx")
    for number in range(30):
        opinion = factories.make_feedback(
            dataset.draft,
            FeedbackStatus.APPROVED,
            dataset.draft.articles[number % 3],
            duplicate_group_id=dataset.letter.id if number % 2 else None,
        )
        factories.make_answer(opinion, "explained", published=True)
    db.session.commit()
    with count_queries() as after:
        build_report(dataset.draft, "xlsx", tmp_path / "b.xlsx")
    assert len(after) == len(before)


def test_the_report_is_dated_the_day_it_is_built_at_the_agencys_province(app, db, dataset, tmp_path):
    from datetime import datetime

    dataset.draft.agency.locality = "ha-noi"
    db.session.commit()
    today = datetime.now(ZoneInfo("Asia/Ho_Chi_Minh")).date()

    text = docx_text(build_report(dataset.draft, "docx", tmp_path / "r.docx"))

    assert f"Hà Nội, ngày {today.day:02d} tháng {today.month:02d} năm {today.year}" in text
    assert "ngày …… tháng" not in text


def test_one_zip_holds_all_four_files_each_readable(app, dataset, tmp_path):
    import zipfile

    path = build_report(dataset.draft, "zip", tmp_path / "all.zip")
    extracted = tmp_path / "all"
    with zipfile.ZipFile(path) as archive:
        names = sorted(archive.namelist())
        archive.extractall(extracted)

    slug = dataset.draft.slug[:80]
    assert names == sorted(f"bao-cao-{slug}.{fmt}" for fmt in ("csv", "docx", "pdf", "xlsx"))
    assert "BẢN TỔNG HỢP Ý KIẾN" in docx_text(extracted / f"bao-cao-{slug}.docx")
    assert "TỔNG HỢP" in pdf_text(extracted / f"bao-cao-{slug}.pdf")
    assert load_workbook(extracted / f"bao-cao-{slug}.xlsx").sheetnames
    assert dataset.lead.receipt_code in (extracted / f"bao-cao-{slug}.csv").read_text(encoding="utf-8-sig")
