"""The public report: offered once the answers are published, built once for everyone, never private content."""

import io

from docx import Document
from sqlalchemy import select

from consult.reports.models import ReportRun
from consult.reports.runs import request_run
from tests.conftest import post_form
from tests.reports.test_exports import SECRETS


def test_no_public_report_before_the_answers_are_published(client, db, open_draft):
    """404, and no link on the draft page."""
    assert client.get(f"/drafts/{open_draft.slug}/report").status_code == 404
    assert f"/drafts/{open_draft.slug}/report" not in client.get(f"/drafts/{open_draft.slug}").get_data(as_text=True)


def test_visitor_gets_the_public_docx_without_private_content(client, db, dataset, report_dir):
    """The draft page links to the report; the file holds no contact, withheld name or hidden opinion."""
    slug = dataset.draft.slug
    assert f"/drafts/{slug}/report" in client.get(f"/drafts/{slug}").get_data(as_text=True)
    response = post_form(client, f"/drafts/{slug}/report", {"fmt": "docx"})
    assert response.status_code == 302
    run = db.session.scalar(select(ReportRun))
    assert (run.audience, run.include_contact, run.requested_by_id) == ("public", False, None)
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    download = f"/drafts/{slug}/report/{run.id}/download"
    assert download in page
    file = client.get(download)
    assert file.status_code == 200
    document = Document(io.BytesIO(file.data))
    file.close()
    text = "\n".join(
        [p.text for p in document.paragraphs] + [c.text for t in document.tables for r in t.rows for c in r.cells]
    )
    for secret in SECRETS:
        assert secret not in text
    assert "Trần Thị Bình" in text


def test_a_recent_public_file_is_reused(client, db, dataset, report_dir):
    """Many visitors asking for the same format share one build."""
    first = post_form(client, f"/drafts/{dataset.draft.slug}/report", {"fmt": "csv"})
    second = post_form(client, f"/drafts/{dataset.draft.slug}/report", {"fmt": "csv"})
    assert first.headers["Location"] == second.headers["Location"]
    assert len(db.session.scalars(select(ReportRun)).all()) == 1


def test_agency_files_are_not_reachable_from_the_public_pages(client, db, agency_editor, dataset, report_dir):
    """An internal run's id on the public URL is a 404."""
    run = request_run(dataset.draft, "csv", "agency", True, agency_editor)
    db.session.commit()
    assert client.get(f"/drafts/{dataset.draft.slug}/report/{run.id}").status_code == 404
    assert client.get(f"/drafts/{dataset.draft.slug}/report/{run.id}/download").status_code == 404
