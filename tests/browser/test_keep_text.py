"""With JavaScript on, text typed in the opinion form survives a connection that fails (progressive enhancement)."""

import pytest
from sqlalchemy import func, select

from consult.feedback.models import Feedback

OPINION = "Đề nghị bổ sung quy định về hỗ trợ người dân vùng sâu, vùng xa khi thực hiện thủ tục trực tuyến."


def fill_form(page):
    page.get_by_label("Tán thành", exact=True).check()
    page.get_by_label("Nội dung góp ý").fill(OPINION)
    page.get_by_label("Họ và tên hoặc tên tổ chức").fill("Lò Văn Páo")
    page.get_by_label("Tỉnh, thành phố").select_option("dien-bien")
    page.get_by_label("Email hoặc số điện thoại").fill("lovanpao@example.vn")
    page.locator("#consent_terms").check()


def opinions(db):
    db.session.expire_all()
    return db.session.scalar(select(func.count(Feedback.id)))


def test_text_survives_a_failed_send_and_is_forgotten_once_sent(live_server, new_page, db, open_draft):
    page = new_page(javascript=True)
    form_url = f"{live_server}/drafts/{open_draft.slug}/feedback"
    page.goto(form_url)
    fill_form(page)

    # The connection drops while sending: the request never reaches the server.
    page.route(
        "**/feedback",
        lambda route: route.abort("internetdisconnected") if route.request.method == "POST" else route.continue_(),
    )
    try:
        page.get_by_role("button", name="Gửi ý kiến").click()
        page.wait_for_timeout(300)
    except Exception:  # noqa: BLE001 - the browser's own error page is what a citizen would see
        pass
    page.unroute("**/feedback")
    assert opinions(db) == 0

    # Opening the form again puts the text back and says so.
    page.goto(form_url)
    notice = page.locator("[data-keep-text-notice]")
    assert "đã được khôi phục" in notice.inner_text()
    assert notice.get_attribute("role") == "status"
    assert page.get_by_label("Nội dung góp ý").input_value() == OPINION
    assert page.get_by_label("Họ và tên hoặc tên tổ chức").input_value() == "Lò Văn Páo"
    assert page.get_by_label("Tỉnh, thành phố").input_value() == "dien-bien"
    assert page.get_by_label("Tán thành", exact=True).is_checked()
    assert not page.locator("#consent_terms").is_checked()  # consent is given again, knowingly

    page.locator("#consent_terms").check()
    page.get_by_role("button", name="Gửi ý kiến").click()
    page.locator(".receipt .code").wait_for()
    assert opinions(db) == 1

    # Sent: the saved copy is gone, the next opinion starts blank.
    page.goto(form_url)
    assert page.get_by_label("Nội dung góp ý").input_value() == ""
    assert page.locator("[data-keep-text-notice]").count() == 0


def test_sending_while_offline_keeps_the_page_and_says_why(live_server, new_page, db, open_draft):
    page = new_page(javascript=True)
    page.goto(f"{live_server}/drafts/{open_draft.slug}/feedback")
    fill_form(page)
    page.context.set_offline(True)
    page.get_by_role("button", name="Gửi ý kiến").click()
    notice = page.locator("[data-keep-text-notice]")
    assert "Không có kết nối mạng" in notice.inner_text()
    assert page.get_by_label("Nội dung góp ý").input_value() == OPINION
    page.context.set_offline(False)
    assert opinions(db) == 0


def test_the_form_still_works_without_javascript(live_server, new_page, db, open_draft):
    page = new_page(javascript=False)
    page.goto(f"{live_server}/drafts/{open_draft.slug}/feedback")
    fill_form(page)
    page.get_by_role("button", name="Gửi ý kiến").click()
    page.locator(".receipt .code").wait_for()
    assert opinions(db) == 1


@pytest.mark.parametrize("app_config", [{"RATELIMIT_ENABLED": True, "FEEDBACK_RATE_LIMIT_CLIENT": "1 per minute"}])
def test_a_send_refused_by_the_rate_limit_keeps_everything_typed(
    live_server, new_page, check_accessibility, db, open_draft
):
    page = new_page()  # without JavaScript: the server itself must give the text back
    form_url = f"{live_server}/drafts/{open_draft.slug}/feedback"
    page.goto(form_url)
    fill_form(page)
    page.get_by_role("button", name="Gửi ý kiến").click()
    page.locator(".receipt .code").wait_for()

    page.goto(form_url)
    fill_form(page)
    page.get_by_label("Nội dung góp ý").fill("Ý kiến thứ hai, gửi ngay sau ý kiến đầu.")
    with page.expect_response(lambda response: response.request.method == "POST") as sent:
        page.get_by_role("button", name="Gửi ý kiến").click()

    assert sent.value.status == 429 and sent.value.headers["retry-after"].isdigit()
    assert "Có quá nhiều ý kiến được gửi" in page.locator("main").inner_text()
    assert page.get_by_label("Nội dung góp ý").input_value() == "Ý kiến thứ hai, gửi ngay sau ý kiến đầu."
    assert page.get_by_label("Họ và tên hoặc tên tổ chức").input_value() == "Lò Văn Páo"
    assert page.get_by_label("Email hoặc số điện thoại").input_value() == "lovanpao@example.vn"
    check_accessibility(page, "form refused by the rate limit")
    assert opinions(db) == 1
