"""The paper opinion form: a PDF carrying a form code (printed, and as a QR code read back by zbar) that staff type or
scan into the offline entry, which then knows the draft, the article and that the opinion came in writing."""

import html

import pytest
from sqlalchemy import select

from consult.feedback.models import Feedback
from consult.outreach.paper import form_code, read_form_code
from tests.conftest import post_form
from tests.offline.files import today
from tests.public.test_leaflet import pdf_tools, read_back  # noqa: F401 (a fixture)
from tests.public.test_page_cache import anonymous


def test_a_code_names_its_draft_and_article_and_a_mistyped_one_is_not_read():
    code = form_code(12, 5)

    assert read_form_code(code) == (12, 5)
    assert read_form_code(f"  {code.lower()} ") == (12, 5)  # as typed: any case, spaces
    assert read_form_code(form_code(12)) == (12, None)
    assert read_form_code(code.replace("PG12", "PG13")) is None
    assert read_form_code(code.replace("-5-", "-6-")) is None
    assert read_form_code("không phải mã") is None and read_form_code("") is None


def test_the_paper_form_carries_its_code_as_text_and_qr_code(app, open_draft, pdf_tools, tmp_path):
    article = open_draft.articles[1]
    response = anonymous(app).get(f"/drafts/{open_draft.slug}/paper-form.pdf?article={article.number}")
    text, codes, pages = read_back(response.get_data(), tmp_path)
    flat = " ".join(text.split())
    code = form_code(open_draft.id, article.number)

    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert codes == [code] and pages == 1
    assert f"Mã phiếu: {code}" in flat and f"Góp ý về: Điều {article.number}" in flat
    assert "☐ Tán thành" in flat and "☐ Không tán thành" in flat
    assert anonymous(app).get(f"/drafts/{open_draft.slug}/paper-form.pdf?article=99").status_code == 404


def test_staff_type_the_code_of_a_returned_form_and_enter_the_opinion(client, db, auth, agency_editor, open_draft):
    auth.login(agency_editor)
    article = open_draft.articles[1]
    code = form_code(open_draft.id, article.number)

    opened = client.get(f"/agency/offline/paper-form?code={code.lower()}&draft={open_draft.id}", follow_redirects=True)
    page = html.unescape(opened.get_data(as_text=True))
    saved = post_form(
        client,
        opened.request.path + "?" + opened.request.query_string.decode(),
        {  # what the page holds filled in (checked below), and what the person types
            "channel": "letter",
            "article": str(article.number),
            "source_ref": f"Phiếu giấy {code}",
            "received_on": today(),
            "stance": "oppose",
            "content": "Đề nghị giữ nguyên quy định cũ về vỉa hè.",
            "author_name": "Nguyễn Văn Bút",
            "locality": "ha-noi",
        },
    )
    stored = db.session.scalars(select(Feedback).where(Feedback.author_name == "Nguyễn Văn Bút")).one()

    assert '<option selected value="letter">' in page or 'value="letter" selected' in page
    assert f'value="{article.number}"' in page and f"Phiếu giấy {code}" in page
    assert saved.status_code == 302
    assert stored.channel == "letter" and stored.article_id == article.id
    assert stored.source_ref == f"Phiếu giấy {code}"


@pytest.mark.parametrize("typed", ["PG1-0-ZZ", "12345"])
def test_a_wrong_code_is_explained_in_vietnamese_and_kept(client, auth, agency_editor, open_draft, typed):
    auth.login(agency_editor)

    page = client.get(f"/agency/offline/paper-form?code={typed}&draft={open_draft.id}", follow_redirects=True)
    body = html.unescape(page.get_data(as_text=True))

    assert f"“{typed}” không phải là mã phiếu góp ý" in body
    assert f'value="{typed}"' in body


def test_another_agencys_form_code_opens_nothing(client, auth, other_editor, open_draft):
    auth.login(other_editor)

    page = client.get(f"/agency/offline/paper-form?code={form_code(open_draft.id)}", follow_redirects=True)

    assert page.status_code in (403, 404)
