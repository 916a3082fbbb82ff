"""Uploading, deleting and downloading a draft's files: who may, what is refused, how files are sent."""

import io
import re
from pathlib import Path

import pytest
from sqlalchemy import func, select

from consult.attachments.models import Attachment
from consult.attachments.services import store_attachment
from consult.audit import AuditLog
from consult.drafts.models import DraftStatus
from tests import factories
from tests.attachments import samples
from tests.conftest import csrf_token, post_form

LINK_RE = re.compile(r'href="(/drafts/[^"]+/attachments/[^"]+)"')


@pytest.fixture
def app_config(tmp_path, request):
    """Keep stored files in this test's own folder; a test may add settings through indirect parametrisation."""
    return {"ATTACHMENT_DIR": str(tmp_path / "files"), **getattr(request, "param", {})}


@pytest.fixture
def files(app):
    """The folder attachments are stored in."""
    return Path(app.config["ATTACHMENT_DIR"])


def upload(client, draft, data, name="phu-luc.pdf", kind="annex", page=None):
    """Send a file through the agency draft page's form, as a browser does."""
    token = csrf_token(client, page or f"/agency/drafts/{draft.id}")
    return client.post(
        f"/agency/drafts/{draft.id}/attachments",
        data={"csrf_token": token, "file": (io.BytesIO(data), name), "kind": kind},
        content_type="multipart/form-data",
    )


def stored_files(files):
    """Return the names of the files in the attachment folder."""
    return sorted(path.name for path in files.iterdir()) if files.exists() else []


def download(client, url):
    """GET a file, closing it as a browser would; return the response and its bytes."""
    with client.get(url) as response:
        return response, response.get_data()


def count_attachments(db):
    """Return how many attachments exist."""
    return db.session.scalar(select(func.count()).select_from(Attachment))


def test_editor_uploads_the_original_and_it_is_audited(app, client, db, auth, agency_editor, open_draft, files):
    auth.login(agency_editor)

    response = upload(client, open_draft, samples.PDF, name="Dự thảo Quyết định.pdf", kind="original")

    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/agency/drafts/{open_draft.id}")
    attachment = db.session.scalar(select(Attachment))
    assert (attachment.draft_id, attachment.kind, attachment.filename) == (
        open_draft.id,
        "original",
        "Dự thảo Quyết định.pdf",
    )
    assert (attachment.content_type, attachment.size, attachment.uploaded_by_id) == (
        "application/pdf",
        len(samples.PDF),
        agency_editor.id,
    )
    assert re.fullmatch(r"[0-9a-f]{32}", attachment.stored_name)
    assert stored_files(files) == [attachment.stored_name]
    assert (files / attachment.stored_name).read_bytes() == samples.PDF
    static = Path(app.static_folder).resolve()
    assert static not in (files / attachment.stored_name).resolve().parents
    audit = db.session.scalar(select(AuditLog).where(AuditLog.action == "attachment.add"))
    assert (audit.actor_id, audit.object_type, audit.object_id) == (agency_editor.id, "attachment", attachment.id)
    assert audit.after["filename"] == "Dự thảo Quyết định.pdf" and audit.after["sha256"] == attachment.sha256
    page = client.get(f"/agency/drafts/{open_draft.id}").get_data(as_text=True)
    assert "Dự thảo Quyết định.pdf" in page and 'class="flash flash--success"' in page


def test_admin_may_attach_to_any_draft(client, db, auth, admin, open_draft):
    auth.login(admin)

    assert upload(client, open_draft, samples.PDF).status_code == 302
    assert count_attachments(db) == 1


def test_only_the_drafts_own_agency_may_upload(client, db, auth, other_editor, citizen, open_draft, files):
    response = upload(client, open_draft, samples.PDF, page="/auth/login")
    assert response.status_code == 302 and "/auth/login" in response.headers["Location"]

    auth.login(other_editor)
    assert upload(client, open_draft, samples.PDF).status_code == 403
    auth.logout()
    auth.login(citizen)
    assert upload(client, open_draft, samples.PDF).status_code == 403

    assert count_attachments(db) == 0 and stored_files(files) == []


def test_upload_to_a_missing_draft_is_404(client, auth, agency_editor, open_draft):
    auth.login(agency_editor)
    token = csrf_token(client, f"/agency/drafts/{open_draft.id}")

    response = client.post(
        "/agency/drafts/999999/attachments",
        data={"csrf_token": token, "file": (io.BytesIO(samples.PDF), "a.pdf"), "kind": "annex"},
        content_type="multipart/form-data",
    )

    assert response.status_code == 404


@pytest.mark.parametrize(
    ("data", "name"),
    [
        (samples.HTML_AS_PDF, "phu-luc.pdf"),
        (samples.SVG, "so-do.svg"),
        (samples.SVG, "so-do.png"),
        (samples.EXE, "cai-dat.exe"),
        (samples.ELF, "bao-cao.pdf"),
        (samples.TEXT, "ghi-chu.txt"),
        (samples.OLE_DOC, "to-trinh.doc"),
        (samples.zip_file(["index.html"]), "tai-lieu.docx"),
        (b"", "rong.pdf"),
    ],
)
def test_files_that_are_not_an_accepted_type_are_refused(
    client, db, auth, agency_editor, open_draft, files, data, name
):
    auth.login(agency_editor)

    response = upload(client, open_draft, data, name=name)

    assert response.status_code == 302
    assert count_attachments(db) == 0 and stored_files(files) == []
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert 'class="flash flash--error"' in page


def test_missing_file_is_refused(client, db, auth, agency_editor, open_draft):
    auth.login(agency_editor)

    response = post_form(
        client, f"/agency/drafts/{open_draft.id}/attachments", {"kind": "annex"}, page=f"/agency/drafts/{open_draft.id}"
    )

    assert response.status_code == 302 and count_attachments(db) == 0


@pytest.mark.parametrize("app_config", [{"ATTACHMENT_MAX_BYTES": 1024}], indirect=True)
def test_a_file_over_the_limit_is_refused(client, db, auth, agency_editor, open_draft, files):
    auth.login(agency_editor)

    assert upload(client, open_draft, samples.PDF + b"0" * 1024).status_code == 302
    assert count_attachments(db) == 0 and stored_files(files) == []

    assert upload(client, open_draft, samples.PDF).status_code == 302
    assert count_attachments(db) == 1


def test_docx_xlsx_and_images_are_accepted_and_named_by_their_content(
    client, db, auth, agency_editor, open_draft, files
):
    auth.login(agency_editor)

    upload(client, open_draft, samples.docx_file(), name="Tờ trình.doc")
    upload(client, open_draft, samples.xlsx_file(), name="Bảng số liệu.xlsx")
    upload(client, open_draft, samples.png(), name="Sơ đồ.PNG")

    attachments = db.session.scalars(select(Attachment).order_by(Attachment.id)).all()
    assert [(a.filename, a.content_type) for a in attachments] == [
        ("Tờ trình.doc.docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
        ("Bảng số liệu.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        ("Sơ đồ.png", "image/png"),
    ]
    assert len(stored_files(files)) == 3


def test_download_is_an_attachment_with_a_vietnamese_name_and_an_ascii_fallback(
    client, db, auth, agency_editor, open_draft
):
    auth.login(agency_editor)
    upload(client, open_draft, samples.PDF, name="Dự thảo Đề án.pdf")
    auth.logout()

    html = client.get(f"/drafts/{open_draft.slug}").get_data(as_text=True)
    assert "Dự thảo Đề án.pdf" in html
    response, body = download(client, LINK_RE.search(html).group(1))

    assert response.status_code == 200
    assert body == samples.PDF
    assert response.mimetype == "application/pdf"
    disposition = response.headers["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert 'filename="Du thao De an.pdf"' in disposition
    assert "filename*=UTF-8''D%E1%BB%B1%20th%E1%BA%A3o%20%C4%90%E1%BB%81%20%C3%A1n.pdf" in disposition
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Content-Security-Policy"] == "default-src 'none'; sandbox"


def test_an_image_is_downloaded_too_never_shown_inline(client, db, agency_editor, open_draft):
    attachment = store_attachment(agency_editor, open_draft, "so-do.png", samples.png())
    db.session.commit()

    response, _body = download(client, f"/drafts/{open_draft.slug}/attachments/{attachment.id}/so-do.png")

    assert response.mimetype == "image/png"
    assert response.headers["Content-Disposition"].startswith("attachment;")


def test_unpublished_drafts_files_are_only_for_its_managers(
    client, db, auth, agency, agency_editor, other_editor, citizen
):
    draft = factories.make_draft(agency, status=DraftStatus.DRAFT)
    attachment = store_attachment(agency_editor, draft, "du-thao.pdf", samples.PDF)
    db.session.commit()
    url = f"/drafts/{draft.slug}/attachments/{attachment.id}/du-thao.pdf"

    assert client.get(url).status_code == 404
    for user in (citizen, other_editor):
        auth.login(user)
        assert client.get(url).status_code == 404
        auth.logout()
    auth.login(agency_editor)
    response, body = download(client, url)

    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "private, max-age=0" and body == samples.PDF


def test_a_file_is_reached_only_through_its_own_draft(client, db, agency, agency_editor, open_draft):
    other = factories.make_draft(agency)
    attachment = store_attachment(agency_editor, open_draft, "a.pdf", samples.PDF)
    db.session.commit()

    assert client.get(f"/drafts/{other.slug}/attachments/{attachment.id}/a.pdf").status_code == 404
    assert client.get(f"/drafts/{open_draft.slug}/attachments/999999/a.pdf").status_code == 404
    assert download(client, f"/drafts/{open_draft.slug}/attachments/{attachment.id}/a.pdf")[0].status_code == 200


def test_deleting_removes_the_row_and_the_file(client, db, auth, agency_editor, other_editor, open_draft, files):
    attachment = store_attachment(agency_editor, open_draft, "phu-luc.pdf", samples.PDF)
    db.session.commit()
    attachment_id, stored = attachment.id, attachment.stored_name
    url = f"/agency/attachments/{attachment_id}/delete"

    auth.login(other_editor)
    assert post_form(client, url, page="/").status_code == 403
    auth.logout()
    assert stored_files(files) == [stored]

    auth.login(agency_editor)
    response = post_form(client, url, page=f"/agency/drafts/{open_draft.id}")

    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(Attachment, attachment_id) is None
    assert stored_files(files) == []
    audit = db.session.scalar(select(AuditLog).where(AuditLog.action == "attachment.delete"))
    assert audit.object_id == attachment_id and audit.before["filename"] == "phu-luc.pdf"
    assert post_form(client, url, page=f"/agency/drafts/{open_draft.id}").status_code == 404


def test_public_page_lists_files_without_extra_queries_per_file(client, db, agency_editor, open_draft, count_queries):
    def page_queries():
        db.session.expire_all()
        with count_queries() as statements:
            html = client.get(f"/drafts/{open_draft.slug}").get_data(as_text=True)
        return len(statements), html

    without, html = page_queries()
    assert 'id="attachments-title"' not in html
    store_attachment(agency_editor, open_draft, "Phụ lục I.pdf", samples.PDF)
    db.session.commit()
    one, _html = page_queries()
    store_attachment(agency_editor, open_draft, "Phụ lục II.docx", samples.docx_file(), kind="annex")
    store_attachment(agency_editor, open_draft, "Sơ đồ.png", samples.png())
    db.session.commit()
    three, html = page_queries()

    assert three == one <= without + 1 and three <= 10
    assert "Phụ lục I.pdf" in html and "Phụ lục II.docx" in html and "Sơ đồ.png" in html
