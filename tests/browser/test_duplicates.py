"""A moderator follows a near copy's flag to the opinion it copies, in a real browser without JavaScript."""

from consult.feedback.models import Feedback
from tests import factories
from tests.browser.test_consultation_loop import login
from tests.feedback.opinion_set import FORM_LETTERS


def test_a_near_copy_links_to_its_representative(live_server, new_page, check_accessibility, db, open_draft, moderator):
    values = {
        "stance": "oppose",
        "author_name": "Nguyễn Văn An",
        "author_kind": "individual",
        "locality": "ha-noi",
        "contact": "an@example.vn",
    }
    letter = factories.store_opinion(open_draft, dict(values, content=FORM_LETTERS[3]))
    near = factories.store_opinion(open_draft, dict(values, content=FORM_LETTERS[3] + " Xin cảm ơn quý cơ quan."))
    db.session.commit()
    assert db.session.get(Feedback, near.id).duplicate_group_id == letter.id

    page = new_page(mobile=False)
    login(page, live_server, moderator)
    check_accessibility(page, "moderation queue with a near copy")
    page.locator(f"#fb-{near.id}").get_by_role("link", name=f"{letter.receipt_code} (").click()

    assert page.url.endswith(f"#fb-{letter.id}")
    assert page.locator(f"#fb-{letter.id}").is_visible()
