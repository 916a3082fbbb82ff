"""The agency scoreboard in a real browser at 390 px without JavaScript: the GET form, sorting, the table scrolling
inside its own labelled region, a refused parameter, and the admin page of expected agencies; axe on each."""

from tests.browser.test_admin_audit import sign_in
from tests.scoreboard.conftest import year_2025  # noqa: F401  (the hand-built year, a fixture)

PHONE = {"width": 390, "height": 844}


def phone_page(new_page):
    page = new_page()
    page.set_viewport_size(PHONE)
    return page


def no_page_scroll(page):
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_a_citizen_reads_filters_and_sorts_the_scoreboard(live_server, new_page, check_accessibility, year_2025):
    page = phone_page(new_page)

    page.goto(f"{live_server}/scoreboard?year=2025")
    assert page.locator("h1").inner_text() == "Bảng theo dõi lấy ý kiến của cơ quan"
    assert "2 trong số 3 cơ quan" in page.locator(".scoreboard-headline").inner_text()
    assert no_page_scroll(page)  # the wide table scrolls inside its region, not the page
    region = page.get_by_role("region", name="Lấy ý kiến theo cơ quan, Năm 2025")
    assert region.get_attribute("tabindex") == "0"
    assert page.locator("dl.definitions dt").count() == 10
    check_accessibility(page, "scoreboard")

    page.get_by_label("Cấp", exact=True).select_option("commune")
    page.get_by_role("button", name="Xem").click()
    page.wait_for_url("**level=commune**")
    assert page.locator("table.scoreboard tbody tr").count() == 1
    assert "UBND phường Hoàn Kiếm" in page.locator("table.scoreboard tbody").inner_text()

    page.goto(f"{live_server}/scoreboard?year=2025")
    page.get_by_role("link", name="Ý kiến trực tiếp").click()
    page.wait_for_url("**sort=offline**")
    assert page.locator("th[aria-sort]").get_attribute("aria-sort") == "descending"


def test_a_mistyped_year_is_explained_and_kept(live_server, new_page, check_accessibility, db):
    page = phone_page(new_page)

    page.goto(f"{live_server}/scoreboard")
    page.get_by_label("Năm", exact=True).fill("2O25")
    page.get_by_role("button", name="Xem").click()
    page.wait_for_url("**year=2O25**")

    assert "Năm phải là số nguyên từ 2000 đến 2100." in page.locator(".error-summary").inner_text()
    assert page.get_by_label("Năm", exact=True).input_value() == "2O25"
    assert no_page_scroll(page)
    check_accessibility(page, "scoreboard with an error")


def test_an_admin_ticks_the_agencies_expected_to_consult(live_server, new_page, check_accessibility, admin, year_2025):
    page = phone_page(new_page)
    sign_in(page, live_server, admin)

    page.goto(f"{live_server}/admin/scoreboard?year=2025")
    check_accessibility(page, "agencies expected to consult")
    assert no_page_scroll(page)
    page.get_by_label("Sở Tài chính").check()
    page.get_by_role("button", name="Lưu").click()
    page.wait_for_url("**/admin/scoreboard?year=2025")

    assert "Đã lưu cho Năm 2025: thêm 1 cơ quan, bỏ 0 cơ quan." in page.locator(".flashes").inner_text()
    page.goto(f"{live_server}/scoreboard?year=2025")
    assert "3 trong số 4 cơ quan" in page.locator(".scoreboard-headline").inner_text()
