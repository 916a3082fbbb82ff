"""Report downloads in a real browser without JavaScript: the agency's page with its progress bar, the public report."""

from docx import Document
from pypdf import PdfReader
from sqlalchemy import delete

from consult.i18n import label
from consult.reports.models import FORMATS, ReportRun, RunStatus
from tests.answers import shown
from tests.browser.test_answers import sign_in
from tests.reports.conftest import dataset  # noqa: F401  (the known consultation)
from tests.reports.test_exports import SECRETS


def test_agency_prepares_and_downloads_a_report_and_a_visitor_gets_the_public_one(
    live_server, new_page, check_accessibility, db, dataset, agency_editor, tmp_path
):
    base, draft = live_server, dataset.draft
    db.session.add(
        ReportRun(
            draft_id=draft.id,
            fmt="xlsx",
            audience="agency",
            status=RunStatus.RUNNING,
            done=400,
            total=1000,
            file_name="x.xlsx",
        )
    )
    db.session.commit()

    editor = new_page()
    sign_in(editor, base, agency_editor)
    editor.goto(f"{base}/agency/drafts/{draft.id}")
    refreshes = []

    def hold_still(route):
        """Note the Refresh header, then drop it so that the page stays put while axe reads it."""
        response = route.fetch()
        refreshes.append(response.headers.get("refresh"))
        route.fulfill(response=response, headers={k: v for k, v in response.headers.items() if k != "refresh"})

    editor.route(f"{base}/agency/drafts/{draft.id}/reports", hold_still)
    editor.get_by_role("link", name=shown("Reports and downloads (Word, Excel, PDF)")).click()
    assert refreshes == ["3"]
    assert editor.locator("progress").get_attribute("value") == "40"
    check_accessibility(editor, "reports page with a file being built")
    editor.unroute(f"{base}/agency/drafts/{draft.id}/reports")
    db.session.execute(delete(ReportRun))  # nothing building any more: the page stops reloading
    db.session.commit()

    editor.get_by_label(label(FORMATS, "docx")).check()
    editor.get_by_label(shown("Include the authors' contact details (internal version only)")).check()
    editor.get_by_role("button", name=shown("Prepare the file")).click()
    link = editor.get_by_role("link", name=shown("Download (%(size)s)", size="")[:8]).first
    with editor.expect_download() as info:
        link.click()
    path = tmp_path / "internal.docx"
    info.value.save_as(path)
    text = "\n".join(cell.text for table in Document(str(path)).tables for row in table.rows for cell in row.cells)
    assert "Phạm Bí Mật" in text and "và 2 ý kiến cùng nội dung" in text
    check_accessibility(editor, "reports page with a file ready")

    visitor = new_page()
    visitor.goto(f"{base}/drafts/{draft.slug}")
    visitor.get_by_role("link", name=shown("Download the report on the opinions and the agency's answers")).click()
    check_accessibility(visitor, "public report page")
    visitor.get_by_label(label(FORMATS, "pdf")).check()
    visitor.get_by_role("button", name=shown("Get the file")).click()
    check_accessibility(visitor, "public report ready")
    with visitor.expect_download() as info:
        visitor.locator(".report-run a").click()
    public = tmp_path / "public.pdf"
    info.value.save_as(public)
    extracted = " ".join(page.extract_text() for page in PdfReader(str(public)).pages)
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in extracted
    for secret in SECRETS:
        assert secret not in extracted
