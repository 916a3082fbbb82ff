"""In a real browser without JavaScript: the editor writes the key points of a draft and of an article, a citizen on
a phone reads them above the legal text; every page passes axe."""

from tests.browser.test_answers import sign_in


def test_editor_writes_key_points_and_a_citizen_reads_them(
    live_server, new_page, check_accessibility, open_draft, agency_editor
):
    article = open_draft.articles[1]
    editor = new_page(mobile=False)
    sign_in(editor, live_server, agency_editor)
    editor.goto(f"{live_server}/agency/drafts/{open_draft.id}")
    editor.get_by_role("link", name="Viết nội dung chính bằng lời dễ hiểu").click()
    check_accessibility(editor, "key points page")
    editor.get_by_label("Nội dung chính của toàn bộ dự thảo").fill(
        "Dự thảo cho phép dùng tạm vỉa hè:\n- phải **có giấy phép**;\n- để lại 1,5 m cho người đi bộ."
    )
    editor.locator(f"#article-{article.number}").fill("- Áp dụng cho mọi hộ kinh doanh.")
    editor.get_by_role("button", name="Lưu nội dung chính").click()
    assert editor.locator(".flash--success").is_visible()

    citizen = new_page()  # a phone, no JavaScript
    citizen.goto(f"{live_server}/drafts/{open_draft.slug}")
    key_points = citizen.locator("section.key-points")
    assert key_points.get_by_role("heading", name="Nội dung chính").is_visible()
    assert key_points.locator("li").count() == 2
    assert key_points.locator("strong").inner_text() == "có giấy phép"
    check_accessibility(citizen, "draft page with key points")
    citizen.goto(f"{live_server}/drafts/{open_draft.slug}/articles/{article.number}")
    assert citizen.locator(".key-points li").inner_text() == "Áp dụng cho mọi hộ kinh doanh."
    check_accessibility(citizen, "article page with key points")
