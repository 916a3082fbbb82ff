"""Public pages: home, draft page, and what the public may and may not see."""

from datetime import UTC, timedelta

from consult.database import utcnow
from consult.drafts.models import DraftStatus
from consult.feedback.models import FeedbackStatus
from tests import factories


def test_home_lists_open_drafts_with_days_left_and_closed_ones(client, db, agency):
    now = utcnow()
    open_draft = factories.make_draft(
        agency, title="Dự thảo đang lấy ý kiến", closes_at=now + timedelta(days=10, hours=1)
    )
    factories.make_draft(
        agency, title="Dự thảo đã đóng", opens_at=now - timedelta(days=40), closes_at=now - timedelta(days=5)
    )
    factories.make_draft(agency, title="Dự thảo chưa công bố", status=DraftStatus.DRAFT)
    db.session.commit()

    html = client.get("/").get_data(as_text=True)

    assert open_draft.title in html
    assert "Còn 10 ngày" in html
    assert "Dự thảo đã đóng" in html
    assert html.index("Dự thảo đang lấy ý kiến") < html.index("Dự thảo đã đóng")
    assert "Dự thảo chưa công bố" not in html
    assert '<html lang="vi">' in html


def test_draft_page_shows_articles_with_anchors_and_approved_counts(client, db, open_draft):
    article = open_draft.articles[1]
    factories.make_feedback(open_draft, FeedbackStatus.APPROVED, article=article)
    factories.make_feedback(open_draft, FeedbackStatus.APPROVED, article=article)
    factories.make_feedback(open_draft, FeedbackStatus.PENDING, article=article)
    db.session.commit()

    html = client.get(f"/drafts/{open_draft.slug}").get_data(as_text=True)

    assert 'id="dieu-2"' in html
    assert 'href="#dieu-2"' in html
    assert "Chương I" in html and "QUY ĐỊNH CHUNG" in html
    assert "2 ý kiến đã đăng công khai" in html


def test_only_approved_opinions_are_public(client, db, open_draft):
    factories.make_feedback(open_draft, FeedbackStatus.APPROVED, content="Ý kiến đã duyệt về vỉa hè")
    factories.make_feedback(open_draft, FeedbackStatus.PENDING, content="Ý kiến đang chờ duyệt")
    factories.make_feedback(open_draft, FeedbackStatus.REJECTED, content="Ý kiến bị từ chối")
    db.session.commit()

    html = client.get(f"/drafts/{open_draft.slug}").get_data(as_text=True)

    assert "Ý kiến đã duyệt về vỉa hè" in html
    assert "Ý kiến đang chờ duyệt" not in html
    assert "Ý kiến bị từ chối" not in html


def test_opinions_are_paginated(client, db, open_draft, app):
    for number in range(app.config["OPINIONS_PER_PAGE"] + 3):
        factories.make_feedback(open_draft, FeedbackStatus.APPROVED, content=f"Ý kiến công khai số {number:02d}")
    db.session.commit()

    first = client.get(f"/drafts/{open_draft.slug}").get_data(as_text=True)
    second = client.get(f"/drafts/{open_draft.slug}?page=2").get_data(as_text=True)

    assert first.count('class="opinion"') == app.config["OPINIONS_PER_PAGE"]
    assert second.count('class="opinion"') == 3
    assert "Trang 1/2" in first or "Trang 1 / 2" in first or "1/2" in first


def test_opinions_can_be_filtered_by_article(client, db, open_draft):
    factories.make_feedback(open_draft, FeedbackStatus.APPROVED, article=open_draft.articles[0], content="Về Điều một")
    factories.make_feedback(open_draft, FeedbackStatus.APPROVED, article=open_draft.articles[2], content="Về Điều ba")
    db.session.commit()

    html = client.get(f"/drafts/{open_draft.slug}?article=1").get_data(as_text=True)

    assert "Về Điều một" in html and "Về Điều ba" not in html
    assert client.get(f"/drafts/{open_draft.slug}?article=99").status_code == 404


def test_name_is_withheld_without_consent(client, db, open_draft):
    factories.make_feedback(open_draft, FeedbackStatus.APPROVED, author_name="Trần Thị Kín Tên", consent_name=False)
    db.session.commit()

    html = client.get(f"/drafts/{open_draft.slug}").get_data(as_text=True)

    assert "Trần Thị Kín Tên" not in html


def test_unpublished_draft_is_hidden_from_the_public(client, db, agency):
    draft = factories.make_draft(agency, status=DraftStatus.DRAFT)
    db.session.commit()

    assert client.get(f"/drafts/{draft.slug}").status_code == 404
    assert client.get("/drafts/khong-ton-tai").status_code == 404


def test_contact_details_never_appear_on_public_pages(client, db, open_draft):
    approved = factories.make_feedback(open_draft, FeedbackStatus.APPROVED, contact="bimat.lienhe@example.vn")
    pending = factories.make_feedback(open_draft, FeedbackStatus.PENDING, contact="0912 345 678")
    db.session.commit()

    pages = [
        "/",
        f"/drafts/{open_draft.slug}",
        f"/drafts/{open_draft.slug}?article=1",
        f"/receipts/{approved.receipt_code}",
        f"/receipts/{pending.receipt_code}",
        "/receipts",
    ]
    for url in pages:
        html = client.get(url).get_data(as_text=True)
        assert "bimat.lienhe@example.vn" not in html, url
        assert "0912 345 678" not in html, url


def test_dates_are_shown_in_vietnam_time_as_dd_mm_yyyy(client, db, agency):
    # 17:30 UTC on 31/12 is already 00:30 on 01/01 in Viet Nam (UTC+7).
    from datetime import datetime

    opens = datetime(2025, 12, 31, 17, 30, tzinfo=UTC)
    draft = factories.make_draft(agency, opens_at=opens, closes_at=utcnow() + timedelta(days=3))
    db.session.commit()

    html = client.get(f"/drafts/{draft.slug}").get_data(as_text=True)

    assert "01/01/2026" in html


def test_language_switcher_shows_english(client, open_draft):
    response = client.get("/lang/en?next=/", follow_redirects=True)
    html = response.get_data(as_text=True)

    assert '<html lang="en">' in html
    assert "Drafts for public comment" in html
    assert client.get("/lang/vi?next=https://evil.example/").headers["Location"] == "/"


def test_article_page_with_opinions_per_clause(client, db, open_draft):
    article = open_draft.articles[1]
    _first, second = article.clauses
    factories.make_feedback(open_draft, FeedbackStatus.APPROVED, article=article, clause=second, content="Về khoản 2")
    factories.make_feedback(open_draft, FeedbackStatus.APPROVED, article=article, content="Về cả điều")
    factories.make_feedback(open_draft, FeedbackStatus.APPROVED, article=open_draft.articles[0], content="Về Điều 1")
    db.session.commit()

    html = client.get(f"/drafts/{open_draft.slug}/articles/2").get_data(as_text=True)
    only_clause = client.get(f"/drafts/{open_draft.slug}/articles/2?clause=2").get_data(as_text=True)

    assert "<h1" in html and "Điều 2. Đối tượng áp dụng" in html
    assert "Về khoản 2" in html and "Về cả điều" in html and "Về Điều 1" not in html
    assert f'/drafts/{open_draft.slug}/articles/2?clause=2#opinions">1 ý kiến' in html
    assert "Về khoản 2" in only_clause and "Về cả điều" not in only_clause
    assert "Ý kiến đã đăng công khai về Khoản 2 Điều 2" in only_clause
    assert f"/drafts/{open_draft.slug}/articles/3" in html  # next article
    assert client.get(f"/drafts/{open_draft.slug}/articles/9").status_code == 404
    assert client.get(f"/drafts/{open_draft.slug}/articles/2?clause=7").status_code == 404
    draft_page = client.get(f"/drafts/{open_draft.slug}").get_data(as_text=True)
    assert f'/drafts/{open_draft.slug}/articles/2#opinions">2 ý kiến đã đăng công khai' in draft_page


def test_an_open_drafts_page_keeps_a_comment_button_in_view_and_a_closed_one_has_none(client, db, agency, open_draft):
    closed = factories.make_draft(
        agency, opens_at=utcnow() - timedelta(days=40), closes_at=utcnow() - timedelta(days=1)
    )
    db.session.commit()

    open_page = client.get(f"/drafts/{open_draft.slug}").get_data(as_text=True)
    closed_page = client.get(f"/drafts/{closed.slug}").get_data(as_text=True)

    sticky = open_page.split('class="sticky-comment"')[1].split("</p>")[0]
    assert f'href="/drafts/{open_draft.slug}/feedback"' in sticky and "Gửi ý kiến góp ý" in sticky
    assert 'class="sticky-comment"' not in closed_page


def test_every_page_names_who_runs_the_site_as_configured(app, client):
    app.config.update(SITE_OPERATOR="Văn phòng UBND tỉnh Thử nghiệm", SITE_HOTLINE="1900 1234", SITE_EMAIL="")
    footer = client.get("/").get_data(as_text=True).split('class="site-footer"')[1]

    assert "Cơ quan vận hành: Văn phòng UBND tỉnh Thử nghiệm" in footer
    assert 'href="tel:19001234"' in footer and "mailto:" not in footer


def test_production_names_no_operator_until_it_is_set(monkeypatch):
    from config import ProductionConfig

    monkeypatch.setenv("SECRET_KEY", "p" * 40)
    monkeypatch.setenv("DATABASE_URL", "postgresql://consult@db/consult")
    for name in ("SITE_OPERATOR", "SITE_ADDRESS", "SITE_HOTLINE", "SITE_EMAIL", "SITE_RESPONSIBLE"):
        monkeypatch.delenv(name, raising=False)

    settings = ProductionConfig()

    assert (settings.SITE_OPERATOR, settings.SITE_HOTLINE, settings.SITE_EMAIL) == ("", "", "")
