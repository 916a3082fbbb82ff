"""The API's reference page in a real browser without JavaScript: readable on a phone, its examples answer; axe."""

import json

from playwright.sync_api import expect


def test_a_developer_reads_the_reference_and_opens_an_example(live_server, new_page, check_accessibility, open_draft):
    page = new_page()

    page.goto(f"{live_server}/api/v1/")
    expect(page.locator("h1")).to_have_count(1)
    check_accessibility(page, "API reference")
    page.locator('a[href="#opinions"]').click()
    example = page.locator("#opinions ~ pre.example code").first.inner_text()

    address = example.split("'")[1]
    assert address == f"{live_server}/api/v1/drafts/{open_draft.slug}/opinions?limit=2"
    page.goto(address)
    assert json.loads(page.locator("body").inner_text()) == {"items": [], "next_cursor": None, "next": None}
