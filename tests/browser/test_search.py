"""Search in a real browser without JavaScript: from the header box to a result, on a phone-sized screen; axe."""

import re

from playwright.sync_api import expect

from tests.search.helpers import approved_opinion, published_draft


def test_a_citizen_searches_without_diacritics_and_reaches_the_opinion(
    live_server, new_page, check_accessibility, db, agency, moderator
):
    draft = published_draft(agency)
    opinion = approved_opinion(draft, moderator, "Đề nghị công khai quy hoạch đất trước khi thu hồi.")
    db.session.commit()
    page = new_page()

    page.goto(f"{live_server}/")
    page.locator("#site-search-q").fill("quy hoach dat")
    page.locator(".site-search button").click()

    page.wait_for_url(re.compile(r"/search\?q=quy\+hoach\+dat"))  # a click does not wait for the next page
    marks = page.locator(".snippet mark").all_inner_texts()
    assert "đất" in marks and "hoạch" in marks
    check_accessibility(page, "search results")

    page.locator(f'a[href="/search/opinions/{opinion.id}"]').click()
    page.wait_for_url(re.compile(rf"/drafts/{draft.slug}#y-kien-{opinion.id}$"))
    expect(page.locator(f"#y-kien-{opinion.id}")).to_be_visible()

    page.locator("#draft-search-q").fill("hoà giải")
    page.locator(".search-inline button").click()
    page.wait_for_url(re.compile(r"/search\?"))
    expect(page.locator("h3 a", has_text="Hòa giải")).to_have_count(1)
    check_accessibility(page, "search in one draft")

    page.goto(f"{live_server}/search?kind=nope&q=đất")
    expect(page.locator("#kind-error")).to_be_visible()
    expect(page.locator("#q")).to_have_value("đất")
    check_accessibility(page, "search with an error")
