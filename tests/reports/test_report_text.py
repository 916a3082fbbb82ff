"""The report's own text: the drafting agency writes place, date and the narrative parts in the app; the DOCX and
PDF files carry them where the form puts them; nothing is lost when a field is refused."""

from datetime import date

from sqlalchemy import select

from consult.audit import AuditLog
from consult.reports import build_report
from consult.reports.models import ReportText
from tests.conftest import post_form
from tests.reports.test_exports import docx_text, pdf_text

ORGANISATION = "Sở đã tổ chức 3 hội nghị tại các phường và đăng dự thảo trên cổng thông tin điện tử."
OVERVIEW = "Phần lớn ý kiến tán thành; nhiều ý kiến đề nghị làm rõ thời hạn."
ACCEPTED = "Tiếp thu ý kiến về thời hạn: sửa khoản 2 Điều 3 thành 15 ngày."


def url(draft):
    return f"/agency/drafts/{draft.id}/reports/text"


def test_the_agency_writes_the_text_and_the_files_carry_it(client, db, auth, agency_editor, dataset, tmp_path):
    auth.login(agency_editor)
    assert client.get(url(dataset.draft)).status_code == 200

    response = post_form(
        client,
        url(dataset.draft),
        {
            "place": "Hà Nội",
            "signed_on": "15/01/2027",
            "organisation": ORGANISATION,
            "overview": OVERVIEW + "\n\n" + "Một số ý kiến đề nghị bỏ Điều 5.",
            "accepted": "Tiếp thu ý kiến về thời hạn: sửa khoản 2 Điều 3 thành 15 ngày.",
        },
    )

    assert response.status_code == 302
    row = db.session.get(ReportText, dataset.draft.id)
    assert (row.place, row.signed_on, row.updated_by_id) == ("Hà Nội", date(2027, 1, 15), agency_editor.id)
    assert db.session.scalar(select(AuditLog.action).where(AuditLog.action == "report.text_saved"))
    text = docx_text(build_report(dataset.draft, "docx", tmp_path / "r.docx"))
    assert "Hà Nội, ngày 15 tháng 01 năm 2027" in text
    lines = text.split("\n")
    part1, part2, part3 = (next(i for i, line in enumerate(lines) if line.startswith(p)) for p in ("I.", "II.", "III."))
    assert lines[part1 + 1] == ORGANISATION  # first in part I, before the figures
    assert lines[part2 + 1 : part2 + 3] == [OVERVIEW, "Một số ý kiến đề nghị bỏ Điều 5."]  # one paragraph each
    assert lines[part3 + 1] == ACCEPTED
    pdf = pdf_text(build_report(dataset.draft, "pdf", tmp_path / "r.pdf"))
    assert "Hà Nội, ngày 15 tháng 01 năm 2027" in pdf
    for paragraph in (ORGANISATION, OVERVIEW, ACCEPTED):
        assert paragraph in pdf


def test_a_refused_date_keeps_everything_typed(client, db, auth, agency_editor, dataset):
    auth.login(agency_editor)

    response = post_form(
        client,
        url(dataset.draft),
        {"place": "Huế", "signed_on": "31/02/2027", "organisation": ORGANISATION, "overview": "", "accepted": ""},
    )

    body = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "dd/mm/yyyy" in body and ORGANISATION in body and 'value="Huế"' in body
    assert db.session.get(ReportText, dataset.draft.id) is None


def test_text_is_stored_in_nfc_and_an_unchanged_save_is_not_audited(client, db, auth, agency_editor, dataset):
    auth.login(agency_editor)
    decomposed = "Thành phố Hồ Chí Minh".replace("ồ", "ô\u0300")  # NFD as some keyboards send it
    fields = {"place": decomposed, "signed_on": "", "organisation": "", "overview": "", "accepted": ""}
    for _ in range(2):
        post_form(client, url(dataset.draft), fields)

    assert db.session.get(ReportText, dataset.draft.id).place == "Thành phố Hồ Chí Minh"
    assert len(db.session.scalars(select(AuditLog).where(AuditLog.action == "report.text_saved")).all()) == 1


def test_another_agency_cannot_read_or_write_it(client, auth, other_editor, dataset):
    auth.login(other_editor)

    assert client.get(url(dataset.draft)).status_code in (403, 404)
