"""A moderator filters the queue, decides a duplicate group at once, and approves with the keyboard (with a message
the author then reads on the receipt page), in a real browser: without JavaScript at tablet width first, then with
the shortcuts."""

from consult.feedback.models import Feedback, FeedbackStatus
from tests import factories
from tests.browser.test_consultation_loop import login

LINKS = [{"code": "links", "detail": "https://vaytien.vn/a"}]
PROFANITY = [{"code": "profanity", "detail": "đm"}]


def status(db, feedback_id):
    db.session.expire_all()
    return db.session.get(Feedback, feedback_id).status


def test_filter_decide_a_group_and_approve_with_the_keyboard(
    live_server, new_page, check_accessibility, db, open_draft, moderator
):
    representative = factories.make_feedback(open_draft, content="Thư mẫu: đề nghị giữ nguyên Điều 2.")
    member = factories.make_feedback(
        open_draft, content="Thư mẫu: đề nghị giữ nguyên Điều 2!", duplicate_group_id=representative.id
    )
    held = factories.make_feedback(
        open_draft, content="Thư mẫu, xem vaytien.vn", flags=LINKS, duplicate_group_id=representative.id
    )
    rude = factories.make_feedback(open_draft, content="Ý kiến có từ thô tục", flags=PROFANITY)
    plain = factories.make_feedback(open_draft, content="Ý kiến bình thường về Điều 3.")
    ids = {
        name: opinion.id
        for name, opinion in {
            "representative": representative,
            "member": member,
            "held": held,
            "rude": rude,
            "plain": plain,
        }.items()
    }
    held_code = held.receipt_code
    db.session.commit()

    page = new_page(mobile=False)
    page.set_viewport_size({"width": 768, "height": 1024})
    login(page, live_server, moderator)
    page.goto(f"{live_server}/moderation/")
    check_accessibility(page, "moderation queue")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")  # no horizontal scroll
    box = page.locator(f"#fb-{ids['plain']} button[name=approve]").bounding_box()
    assert box["height"] >= 44

    page.locator("#flag").select_option("profanity")
    page.locator("form.filters button[type=submit]").click()
    page.wait_for_url("**flag=profanity*")
    assert page.locator(".queue-item").count() == 1 and page.locator(f"#fb-{ids['rude']}").is_visible()
    check_accessibility(page, "moderation queue filtered on a flag")

    page.goto(f"{live_server}/moderation/")
    page.locator(f"#fb-{ids['representative']} a[href*='group=']").click()
    page.wait_for_url("**group=*")  # count() does not wait for the page it counts on
    assert page.locator(".queue-item").count() == 3
    check_accessibility(page, "a duplicate group")
    page.locator(".group-panel button[name=approve]").click()
    assert held_code in page.locator("body").inner_text()  # left for individual review, and said so
    assert [status(db, ids[name]) for name in ("representative", "member", "held")] == [
        FeedbackStatus.APPROVED,
        FeedbackStatus.APPROVED,
        FeedbackStatus.PENDING,
    ]

    keyboard = new_page(javascript=True, mobile=False)
    login(keyboard, live_server, moderator)
    keyboard.goto(f"{live_server}/moderation/")
    assert keyboard.locator("#keyboard-help").is_visible()
    first = keyboard.locator(".queue-item").first.get_attribute("id")
    keyboard.locator(f"#{first} input[name=note]").type("a j")  # typing in a field triggers nothing
    assert status(db, int(first.removeprefix("fb-"))) == FeedbackStatus.PENDING
    keyboard.locator(f"#{first} input[name=note]").fill("")
    keyboard.locator("h1").click()
    keyboard.keyboard.press("j")
    assert keyboard.evaluate("document.activeElement.id") == first
    keyboard.keyboard.press("m")  # to the message to the author; the letters typed there decide nothing
    assert keyboard.evaluate("document.activeElement.name") == "author_message"
    keyboard.keyboard.type("Cảm ơn bạn, ý kiến đã được đăng.")
    keyboard.keyboard.press("Escape")
    assert keyboard.evaluate("document.activeElement.id") == first
    with keyboard.expect_navigation():
        keyboard.keyboard.press("a")
    first_id = int(first.removeprefix("fb-"))
    assert status(db, first_id) == FeedbackStatus.APPROVED

    keyboard.goto(f"{live_server}/receipts/{db.session.get(Feedback, first_id).receipt_code}")
    assert "Cảm ơn bạn, ý kiến đã được đăng." in keyboard.locator(".facts").inner_text()
    check_accessibility(keyboard, "receipt with the moderator's message")
