"""Importing a draft from a file through the agency pages: upload, preview, fix, save."""

import html
import io
import re

from sqlalchemy import func, select

from consult.drafts.models import Article, Draft
from tests.conftest import csrf_token, post_form
from tests.drafts.builders import office_docx, portal_html
from tests.drafts.test_importing import fixture_text


def upload(client, data, name):
    token = csrf_token(client, "/agency/drafts/import")
    return client.post(
        "/agency/drafts/import",
        data={"csrf_token": token, "file": (io.BytesIO(data), name)},
        content_type="multipart/form-data",
    )


def form_value(page, name):
    """Return the value of an input or textarea in a page."""
    match = re.search(rf'<textarea[^>]*name="{name}"[^>]*>\n?(.*?)</textarea>', page, re.S)
    if match:
        return html.unescape(match.group(1))
    match = re.search(rf'<input[^>]*name="{name}"[^>]*value="([^"]*)"', page) or re.search(
        rf'<input[^>]*value="([^"]*)"[^>]*name="{name}"', page
    )
    return html.unescape(match.group(1)) if match else ""


def test_upload_preview_then_save(client, db, auth, agency_editor):
    auth.login(agency_editor)

    preview = upload(client, office_docx(fixture_text("luat-an-ninh-mang-2018.txt").splitlines()), "luat.docx")
    page = preview.get_data(as_text=True)

    assert preview.status_code == 200
    assert "7 chương" in page and "43 điều" in page
    assert db.session.scalar(select(func.count(Draft.id))) == 0  # nothing saved by the preview
    assert form_value(page, "title") == "Luật An ninh mạng"
    assert form_value(page, "number_symbol") == "24/2018/QH14"

    structure = form_value(page, "structure").replace("Điều 43. Hiệu lực thi hành", "Điều 43. Hiệu lực thi hành (sửa)")
    data = {
        name: form_value(page, name)
        for name in ("title", "number_symbol", "field", "summary", "contact", "opens_on", "closes_on")
    }
    data.update(doc_type="law", structure=structure)
    response = post_form(client, "/agency/drafts/new", data)

    assert response.status_code == 302
    draft = db.session.scalar(select(Draft))
    assert draft.number_symbol == "24/2018/QH14" and draft.agency_id == agency_editor.agency_id
    assert db.session.scalar(select(func.count(Article.id))) == 43
    assert draft.articles[-1].title == "Hiệu lực thi hành (sửa)"
    assert draft.closing.startswith("Luật này được Quốc hội")


def test_portal_html_upload(client, db, auth, agency_editor):
    auth.login(agency_editor)

    page = upload(client, portal_html(fixture_text("hien-phap-2013.txt").splitlines()).encode(), "hp.html").get_data(
        as_text=True
    )

    assert "11 chương" in page and "120 điều" in page


def test_bad_file_is_refused_with_a_clear_message(client, db, auth, agency_editor):
    auth.login(agency_editor)

    response = upload(client, b"%PDF-1.7 binary", "du-thao.docx")

    assert response.status_code == 422
    assert "PDF" in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count(Draft.id))) == 0


def test_import_page_is_for_agency_editors_only(client, auth, citizen):
    assert client.get("/agency/drafts/import").status_code == 302
    auth.login(citizen)
    assert client.get("/agency/drafts/import").status_code == 403


def test_revised_file_becomes_a_new_version(client, db, auth, agency_editor, open_draft):
    auth.login(agency_editor)
    revised = (
        "Chương I\nQUY ĐỊNH CHUNG\nĐiều 1. Phạm vi điều chỉnh\nQuy định mới.\nĐiều 2. Đối tượng áp dụng\nMọi người."
    )

    token = csrf_token(client, f"/agency/drafts/import?draft={open_draft.id}")
    preview = client.post(
        f"/agency/drafts/import?draft={open_draft.id}",
        data={"csrf_token": token, "file": (io.BytesIO(revised.encode()), "sua-doi.txt")},
        content_type="multipart/form-data",
    ).get_data(as_text=True)
    assert f'action="/agency/drafts/{open_draft.id}/edit"' in preview
    assert form_value(preview, "title") == open_draft.title

    data = {
        name: form_value(preview, name)
        for name in ("title", "number_symbol", "field", "summary", "contact", "opens_on", "closes_on", "structure")
    }
    data.update(doc_type="decision", note="Rút gọn còn 2 điều")
    response = post_form(
        client, f"/agency/drafts/{open_draft.id}/edit", data, page=f"/agency/drafts/{open_draft.id}/edit"
    )

    assert response.status_code == 302
    db.session.expire_all()
    draft = db.session.get(Draft, open_draft.id)
    assert [v.number for v in draft.versions] == [1, 2] and len(draft.articles) == 2


def test_revising_another_agencys_draft_is_refused(client, db, auth, other_editor, open_draft):
    auth.login(other_editor)

    assert client.get(f"/agency/drafts/import?draft={open_draft.id}").status_code == 403
