"""In a real browser at phone width without JavaScript: the statistics pages of the site and of a draft read well
(no sideways scrolling), show the tile map and the tables, and pass axe."""

from consult.feedback.models import FeedbackStatus
from tests import factories


def test_statistics_pages_on_a_phone_without_javascript(live_server, new_page, check_accessibility, db, open_draft):
    for locality in ("ha-noi", "ha-noi", "hue", "ca-mau", "abroad"):
        factories.make_feedback(open_draft, FeedbackStatus.APPROVED, locality=locality)
    db.session.commit()
    page = new_page()  # no JavaScript
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server}/drafts/{open_draft.slug}")
    page.get_by_role("link", name="Thống kê tham gia của dự thảo này").click()

    assert page.get_by_role("heading", name="Thống kê tham gia của dự thảo này").is_visible()
    assert page.get_by_role("img", name="Bản đồ ý kiến đã công bố theo tỉnh, thành phố").is_visible()
    assert page.locator("svg g.tile").count() == 34
    assert page.get_by_role("row", name="Hà Nội 2").is_visible()
    assert page.locator("summary", has_text="Các số liệu này đếm gì").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")  # no sideways scrolling
    check_accessibility(page, "draft statistics")

    page.get_by_role("link", name="Thống kê của toàn trang").click()
    assert page.get_by_role("heading", name="Thống kê tham gia", exact=True).is_visible()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    check_accessibility(page, "site statistics")
    with page.expect_download() as download:
        page.get_by_role("link", name="Tải bảng này (CSV)").last.click()
    assert download.value.suggested_filename == "thong-ke-localities.csv"
