"""The queue at volume in a real browser, at desktop (1280 px) and tablet (768 px) widths, axe-checked at each step:
compact rows that open in place, the opinion's own page, the count, ticking the whole page (with and without
JavaScript), the text search folded as the site's, and claiming the next opinions while a colleague works."""

import pytest

from consult.feedback.models import Feedback, FeedbackStatus
from tests import factories
from tests.browser.test_consultation_loop import login

LONG = "Đề nghị quy định rõ thủ tục hoà giải tranh chấp về vỉa hè.\n" + "Đoạn giải thích chi tiết. " * 40


def statuses(db, ids):
    db.session.expire_all()
    return [db.session.get(Feedback, feedback_id).status for feedback_id in ids]


def store(draft, content):
    """Store a pending opinion as every opinion arrives (its words go to the queue's search); return its id."""
    values = {"stance": "support", "author_name": "Trần Văn Bình", "author_kind": "individual", "locality": "ha-noi"}
    return factories.store_opinion(draft, dict(values, content=content)).id


@pytest.fixture
def opinions(db, open_draft):
    """Sixteen pending opinions, like the demo's queue; the first mentions hoà giải."""
    ids = [store(open_draft, LONG)]
    ids += [store(open_draft, f"Ý kiến số {n} về phí trông giữ xe.") for n in range(15)]
    db.session.commit()
    return ids


@pytest.mark.parametrize("width", [1280, 768])
def test_compact_rows_search_select_all_and_claims(
    live_server, new_page, check_accessibility, db, open_draft, moderator, opinions, width
):
    colleague = factories.make_user(role="moderator")
    db.session.commit()
    page = new_page(mobile=False)
    page.set_viewport_size({"width": width, "height": 900})
    login(page, live_server, moderator)
    page.goto(f"{live_server}/moderation/")
    check_accessibility(page, f"compact queue at {width}px")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert "16 ý kiến chờ duyệt khớp bộ lọc." in page.locator("#queue-count").inner_text()
    first = page.locator(f"#fb-{opinions[0]}")
    assert first.bounding_box()["height"] < 200  # one compact row, not the whole card
    assert not first.get_by_text("Đoạn giải thích chi tiết.").first.is_visible()
    assert page.evaluate("document.body.scrollHeight") < 5000  # the old page was 14,000 px for 15 opinions

    first.locator("summary").click()  # opened in place: the whole text and the decision
    assert first.get_by_text("Đoạn giải thích chi tiết.").first.is_visible()
    check_accessibility(page, f"an opened row at {width}px")
    first.locator("button[name=approve]").click()
    page.wait_for_url("**/moderation/")
    assert statuses(db, opinions[:1]) == [FeedbackStatus.APPROVED]

    page.get_by_label("Tìm trong nội dung ý kiến").fill("phi trong giu xe so 3")  # no diacritics: still found
    page.locator("form.filters button[type=submit]").click()
    page.wait_for_url("**q=*")
    assert page.locator(".queue-item").count() == 1
    check_accessibility(page, f"a search at {width}px")
    page.locator(".queue-item h2 a").click()  # the opinion's own page, back to the same search
    page.wait_for_url("**/moderation/opinions/**")
    check_accessibility(page, f"an opinion's own page at {width}px")
    page.get_by_role("link", name="Quay lại hàng chờ").click()
    page.wait_for_url("**q=*")

    page.goto(f"{live_server}/moderation/")
    page.get_by_label("Số ý kiến muốn nhận").fill("5")
    page.get_by_role("button", name="Nhận các ý kiến tiếp theo trong 15 phút").click()
    page.wait_for_url("**mine=1*")
    assert page.locator(".queue-item").count() == 5 and page.locator(".badge--mine").count() == 5
    check_accessibility(page, f"the opinions taken at {width}px")
    taken = [int(row.get_attribute("id").removeprefix("fb-")) for row in page.locator(".queue-item").all()]

    other = new_page(mobile=False)
    other.set_viewport_size({"width": width, "height": 900})
    login(other, live_server, colleague)
    other.goto(f"{live_server}/moderation/")
    shown = [int(row.get_attribute("id").removeprefix("fb-")) for row in other.locator(".queue-item").all()]
    assert not set(shown) & set(taken) and len(shown) == 10
    assert "5 ý kiến khác đang do người kiểm duyệt khác nhận" in other.locator("#queue-count").inner_text()
    other.goto(f"{live_server}/moderation/opinions/{taken[0]}")
    assert "Đã có người nhận" in other.locator("main").inner_text()
    other.locator("summary, .decision").first.wait_for()
    other.locator("button[name=approve]").click()
    assert "quyết định của bạn chưa được lưu" in other.locator(".flashes").inner_text()
    assert statuses(db, taken[:1]) == [FeedbackStatus.PENDING]

    # Without JavaScript: "every opinion on this page" ticks nothing and decides the page
    other.goto(f"{live_server}/moderation/")
    other.locator("details.bulk summary").click()
    other.get_by_label("Tất cả 10 ý kiến trên trang này", exact=True).check()
    other.locator("details.bulk select[name=reason]").select_option("spam")
    check_accessibility(other, f"the bulk form at {width}px")
    other.locator("details.bulk button[name=reject]").click()
    assert statuses(db, shown) == [FeedbackStatus.REJECTED] * 10
    assert statuses(db, taken) == [FeedbackStatus.PENDING] * 5


def test_tick_the_whole_page_with_javascript_and_decide_the_filter_in_the_background(
    live_server, new_page, check_accessibility, db, open_draft, moderator, opinions
):
    page = new_page(javascript=True, mobile=False)
    page.set_viewport_size({"width": 1280, "height": 900})
    login(page, live_server, moderator)
    page.goto(f"{live_server}/moderation/")
    assert page.locator("#keyboard-help").is_visible()
    page.get_by_label("Chọn tất cả 16 ý kiến trên trang này").check()
    assert page.locator(".queue-item input[name=selected]:checked").count() == 16
    page.locator(f"#fb-{opinions[1]} input[name=selected]").uncheck()
    assert not page.get_by_label("Chọn tất cả 16 ý kiến trên trang này").is_checked()
    check_accessibility(page, "the page ticked")

    page.locator("h1").click()  # out of the checkbox: keys typed in a field do nothing
    page.keyboard.press("j")  # the keyboard flow: J to the first row, O opens it, R to a row's reason
    page.keyboard.press("o")
    assert page.locator(f"#fb-{opinions[0]} details").get_attribute("open") is not None
    page.keyboard.press("j")
    page.keyboard.press("r")
    assert page.evaluate("document.activeElement.name") == "reason"

    page.goto(f"{live_server}/moderation/?q=phi+xe")
    page.locator("details.bulk summary").click()
    page.get_by_label("Tất cả 15 ý kiến khớp bộ lọc (xử lý ở chế độ nền)").check()
    page.locator("details.bulk button[name=approve]").click()
    page.wait_for_url("**/moderation/bulk-runs/**")
    assert "Đã xong." in page.locator("main").inner_text()
    check_accessibility(page, "a decision over the filter, done")
    assert statuses(db, opinions[1:]) == [FeedbackStatus.APPROVED] * 15
    assert statuses(db, opinions[:1]) == [FeedbackStatus.PENDING]
