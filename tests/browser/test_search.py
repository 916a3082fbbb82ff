"""Search in a real browser without JavaScript: from the header box to a result, on a phone-sized screen; axe."""

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

    assert "/search?q=quy+hoach+dat" in page.url
    marks = page.locator(".snippet mark").all_inner_texts()
    assert "đất" in marks and "hoạch" in marks
    check_accessibility(page, "search results")

    page.locator(f'a[href="/search/opinions/{opinion.id}"]').click()
    assert page.url.endswith(f"/drafts/{draft.slug}#y-kien-{opinion.id}")
    assert page.locator(f"#y-kien-{opinion.id}").is_visible()

    page.locator("#draft-search-q").fill("hoà giải")
    page.locator(".search-inline button").click()
    assert page.locator("h3 a", has_text="Hòa giải").count() == 1
    check_accessibility(page, "search in one draft")

    page.goto(f"{live_server}/search?kind=nope&q=đất")
    assert page.locator("#kind-error").is_visible() and page.locator("#q").input_value() == "đất"
    check_accessibility(page, "search with an error")
