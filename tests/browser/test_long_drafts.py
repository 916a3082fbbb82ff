"""In a real browser without JavaScript, on a phone: the 2013 Constitution read part by part from its contents,
the whole text downloaded, each page checked with axe."""

import re
from pathlib import Path

from playwright.sync_api import expect

from tests import factories

CONSTITUTION = Path(__file__).resolve().parents[1] / "fixtures" / "legal" / "hien-phap-2013.txt"


def test_citizen_reads_a_long_draft_chapter_by_chapter_and_downloads_the_whole_text(
    live_server, new_page, check_accessibility, db
):
    draft = factories.make_draft(
        factories.make_agency(), title="Hiến pháp (bản thử)", structure=CONSTITUTION.read_text(encoding="utf-8")
    )
    db.session.commit()

    citizen = new_page()
    citizen.goto(f"{live_server}/drafts/{draft.slug}")
    contents = citizen.get_by_role("navigation", name="Mục lục")
    expect(contents.get_by_text("Dự thảo này dài nên được chia thành nhiều phần")).to_be_visible()
    assert citizen.locator("section.law-article").count() == 0
    check_accessibility(citizen, "contents of a long draft")

    contents.get_by_role("link", name="Điều 16", exact=True).click()
    expect(citizen).to_have_url(re.compile(r"/parts/2#dieu-16$"))
    expect(citizen.get_by_role("heading", name="Điều 16", exact=True)).to_be_visible()
    expect(citizen.get_by_role("heading", name="Nội dung dự thảo, phần 2/12")).to_be_visible()
    assert citizen.get_by_role("link", name="Góp ý Khoản 1 Điều 16").count() == 1
    check_accessibility(citizen, "part 2 of a long draft")

    citizen.get_by_role("navigation", name="Các phần khác").locator("a[rel=next]").click()
    expect(
        citizen.get_by_text("Chương II. QUYỀN CON NGƯỜI, QUYỀN VÀ NGHĨA VỤ CƠ BẢN CỦA CÔNG DÂN (tiếp theo)")
    ).to_be_visible()
    check_accessibility(citizen, "part 3, the rest of chapter II")

    with citizen.expect_download() as download:
        citizen.get_by_role("navigation", name="Các phần của dự thảo").get_by_role(
            "link", name="Tải toàn văn dự thảo (tệp văn bản)"
        ).click()
    text = Path(download.value.path()).read_text(encoding="utf-8")
    assert download.value.suggested_filename == f"{draft.slug[:80]}-v1.txt"
    assert "Điều 1." in text and "Điều 120." in text


def test_on_a_phone_the_header_leaves_the_first_screen_to_the_draft(live_server, new_page, check_accessibility, db):
    draft = factories.make_draft(factories.make_agency(), title="Dự thảo quy định về vỉa hè")
    db.session.commit()

    citizen = new_page()  # 390 px wide, no JavaScript
    citizen.goto(f"{live_server}/drafts/{draft.slug}")

    header = citizen.locator("header.site-header").bounding_box()
    assert header["height"] <= 120
    expect(citizen.get_by_role("heading", name="Dự thảo quy định về vỉa hè")).to_be_in_viewport()
    for name in ("Tìm kiếm", "English", "Dự thảo", "Tra cứu ý kiến"):
        box = (
            citizen.locator("header.site-header")
            .get_by_role("button" if name == "Tìm kiếm" else "link", name=name, exact=True)
            .bounding_box()
        )
        assert box["height"] >= 24, name  # WCAG 2.2 target size
    check_accessibility(citizen, "draft page on a phone")
