"""Key points in plain words (Nội dung chính): written by the agency with a few Markdown marks, sanitised by bleach
when saved and when shown, above the legal text of the draft and of each article; kept by a new version; audited."""

import pytest
from sqlalchemy import select

from consult.audit import AuditLog
from consult.drafts.keypoints import WHOLE_DRAFT, set_key_points
from consult.drafts.services import update_draft
from consult.drafts.structure import render_structure
from consult.text.markup import MAX_LENGTH, key_points_html
from tests.conftest import post_form
from tests.public.test_page_cache import anonymous

WRITTEN = """Dự thảo quy định việc sử dụng tạm thời vỉa hè:
- Hộ kinh doanh **phải để lại** 1,5 m cho người đi bộ.
- Xem thêm [Luật Giao thông đường bộ](https://vbpl.vn/luat-gtdb).
Hỏi đáp tại https://hanoi.gov.vn/hoi-dap"""


@pytest.mark.parametrize(
    ("written", "html"),
    [
        ("Mở đầu:\n- một\n- hai", "<p>Mở đầu:</p>\n<ul>\n<li>một</li>\n<li>hai</li>\n</ul>"),
        ("- một\n- hai\nKết luận.", "<ul>\n<li>một</li>\n<li>hai</li>\n</ul>\n<p>Kết luận.</p>"),
        ("1. Thứ nhất\n2. Thứ hai", "<ol>\n<li>Thứ nhất</li>\n<li>Thứ hai</li>\n</ol>"),
        ("**đậm** và *nghiêng*", "<p><strong>đậm</strong> và <em>nghiêng</em></p>"),
        ("", ""),
    ],
)
def test_a_few_marks_become_lists_bold_and_italics(written, html):
    assert key_points_html(written) == html


def test_links_lead_out_unfollowed_and_nothing_else_passes():
    html = key_points_html(
        "[trang](https://chinhphu.vn) http://vbpl.vn <script>alert(1)</script> "
        '[x](javascript:alert(1)) <img src=x onerror=alert(1)> <b onclick="alert(1)">b</b>'
    )

    assert '<a href="https://chinhphu.vn" rel="nofollow noopener">trang</a>' in html
    assert '<a href="http://vbpl.vn" rel="nofollow noopener">http://vbpl.vn</a>' in html
    for forbidden in ("<script", "javascript:", "<img", "onerror", "onclick", "<b"):
        assert forbidden not in html


def test_the_agency_writes_key_points_and_citizens_read_them_above_the_text(
    app, client, db, auth, agency_editor, open_draft
):
    auth.login(agency_editor)
    article = open_draft.articles[1]
    page = f"/agency/drafts/{open_draft.id}/key-points"
    saved = post_form(client, page, {"draft": WRITTEN, f"article-{article.number}": "- Áp dụng cho **mọi** phường."})
    draft_page = anonymous(app).get(f"/drafts/{open_draft.slug}").get_data(as_text=True)
    article_page = anonymous(app).get(f"/drafts/{open_draft.slug}/articles/{article.number}").get_data(as_text=True)
    audit = db.session.scalars(select(AuditLog).where(AuditLog.action == "draft.key_points")).one()

    assert saved.status_code == 302
    assert "<strong>phải để lại</strong>" in draft_page
    assert draft_page.index("Nội dung chính") < draft_page.index('class="law-article"')
    assert '<a href="https://vbpl.vn/luat-gtdb" rel="nofollow noopener">' in draft_page
    assert "Áp dụng cho <strong>mọi</strong> phường." in article_page
    assert article_page.index("Áp dụng cho") < article_page.index('class="law-article"')
    assert audit.after == {"draft": True, "articles": [article.number]}
    assert open_draft.key_points == WRITTEN  # as written, to be edited again
    assert WRITTEN in client.get(page).get_data(as_text=True)


def test_a_text_too_long_is_refused_in_vietnamese_and_every_text_kept(client, db, auth, agency_editor, open_draft):
    auth.login(agency_editor)
    article = open_draft.articles[0]
    too_long = "Ý kiến rất dài. " * (MAX_LENGTH // 10)
    refused = post_form(
        client,
        f"/agency/drafts/{open_draft.id}/key-points",
        {"draft": "Tóm tắt ngắn gọn.", f"article-{article.number}": too_long},
    )
    body = refused.get_data(as_text=True)
    db.session.refresh(open_draft)

    assert refused.status_code == 422
    assert f"Tối đa {MAX_LENGTH} ký tự" in body and 'aria-invalid="true"' in body
    assert "Tóm tắt ngắn gọn." in body and too_long.strip() in body
    assert open_draft.key_points == ""  # nothing saved while one text is refused


def test_another_agency_cannot_write_them(client, auth, other_editor, open_draft):
    auth.login(other_editor)

    assert client.get(f"/agency/drafts/{open_draft.id}/key-points").status_code in (403, 404)


def test_stored_html_is_sanitised_again_when_shown(app, db, open_draft):
    open_draft.key_points_html = '<p>Nội dung</p><script>alert("x")</script><a href="javascript:alert(1)">y</a>'
    db.session.commit()

    page = anonymous(app).get(f"/drafts/{open_draft.slug}").get_data(as_text=True)

    assert "<p>Nội dung</p>" in page
    assert '<script>alert("x")' not in page and "javascript:alert" not in page


def test_a_new_version_keeps_each_articles_key_points(db, agency_editor, open_draft):
    article = open_draft.articles[0]
    set_key_points(agency_editor, open_draft, {WHOLE_DRAFT: "Chung.", article.number: "- Điều này giữ nguyên ý."})
    db.session.commit()
    text = render_structure(open_draft).replace("Điều 3.", "Điều 3. (sửa)", 1)
    update_draft(agency_editor, open_draft, {}, text, note="Sửa Điều 3")
    db.session.commit()

    assert open_draft.current_version.number == 2
    kept = next(a for a in open_draft.articles if a.number == article.number)
    assert kept.key_points == "- Điều này giữ nguyên ý." and "<li>" in kept.key_points_html
    assert open_draft.key_points == "Chung."
