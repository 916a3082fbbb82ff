"""In a real browser at 390 px without JavaScript: a visitor finds the demo draft's quick poll from the draft page,
answers it (one answer, several answers and an own answer under "Other"), sees the results, is told on coming back
that they answered already; the agency reads the results on its summary page. Every page passes axe."""

from sqlalchemy import select

from consult.auth.models import User
from consult.demo import DEMO_PASSWORDS, load_demo
from consult.demo.content import DRAFTS
from consult.drafts.models import Draft
from consult.extensions import db

PHONE = {"width": 390, "height": 844}


def no_sideways_scroll(page):
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_a_visitor_answers_the_demo_poll_and_sees_the_results(live_server, new_page, check_accessibility, app):
    load_demo()
    db.session.commit()
    spec = DRAFTS[0]
    questions = spec["poll"]["questions"]
    page = new_page()
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server}/drafts/{spec['slug']}")
    page.get_by_role("link", name="Trả lời khảo sát nhanh về dự thảo này (vài câu hỏi đánh dấu)").click()
    assert page.get_by_role("heading", name="Khảo sát nhanh", level=1).is_visible()
    check_accessibility(page, "poll form")
    assert no_sideways_scroll(page)

    first = page.get_by_role("group", name=questions[0]["text"])
    first.get_by_label(questions[0]["options"][1], exact=True).check()
    second = page.get_by_role("group", name=questions[1]["text"])
    second.get_by_label("Đi bộ", exact=True).check()
    second.get_by_label("Khác", exact=True).check()
    second.get_by_label("Câu trả lời tự ghi (nếu bạn chọn “Khác”)").fill("Ngồi uống trà đá")
    page.get_by_role("button", name="Gửi câu trả lời").click()

    assert "Cảm ơn bạn: câu trả lời đã được ghi nhận." in page.locator(".flash--success").inner_text()
    assert page.get_by_role("heading", name="Kết quả").is_visible()
    assert page.locator("table.poll-table").count() == len(questions)
    assert "47 người đã trả lời." in page.locator(".poll-results").inner_text()  # the demo's 46 and this one
    assert "Ngồi uống trà đá" not in page.content()  # own answers are for the agency
    check_accessibility(page, "poll results")
    assert no_sideways_scroll(page)

    page.goto(f"{live_server}/drafts/{spec['slug']}/poll")
    assert "Bạn đã trả lời khảo sát này. Mỗi người trả lời một lần." in page.locator(".notice").inner_text()
    assert page.locator("#poll-questions").count() == 0


def test_the_agency_reads_the_demo_poll_on_its_summary(live_server, new_page, check_accessibility, app):
    load_demo()
    db.session.commit()
    editor = db.session.scalar(select(User).where(User.email == "editor@consult.example"))
    draft = db.session.scalar(select(Draft).where(Draft.slug == DRAFTS[0]["slug"]))
    page = new_page()
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server}/auth/login")
    page.get_by_label("Email").fill(editor.email)
    page.get_by_label("Mật khẩu").fill(DEMO_PASSWORDS["agency_editor"])  # a demo account, signed in as a person would
    page.get_by_role("button", name="Đăng nhập").click()
    page.goto(f"{live_server}/agency/drafts/{draft.id}/poll")
    check_accessibility(page, "agency poll page")
    assert no_sideways_scroll(page)
    page.goto(f"{live_server}/agency/drafts/{draft.id}/summary")
    section = page.locator("section[aria-labelledby=poll]")
    assert "46 người đã trả lời." in section.inner_text()
    section.locator("details").first.locator("summary").click()
    assert section.locator("details li").count() > 0
    check_accessibility(page, "summary with the poll")
