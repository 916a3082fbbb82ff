"""Answers in a real browser on a phone-sized screen without JavaScript: answer two opinions, publish, look up."""

from consult.answers.models import ANSWER_KINDS
from consult.i18n import label
from tests import factories
from tests.answers import approved, shown

EXPLANATION = "Ban soạn thảo tiếp thu: giữ lại tối thiểu 2 m vỉa hè cho người đi bộ."


def sign_in(page, base, user):
    """Sign in through the staff login form."""
    page.goto(f"{base}/auth/login")
    page.get_by_label("Email").fill(user.email)
    page.get_by_label(shown("Password")).fill(factories.PASSWORD)
    page.get_by_role("button", name=shown("Sign in")).click()


def test_agency_answers_two_opinions_publishes_and_the_author_reads_the_answer(
    live_server, new_page, check_accessibility, db, open_draft, agency_editor
):
    base = live_server
    first, second = approved(open_draft, 2, article=open_draft.articles[1])
    untouched = approved(open_draft, 1)[0]
    db.session.commit()

    editor = new_page()
    sign_in(editor, base, agency_editor)
    editor.goto(f"{base}/agency/drafts/{open_draft.id}")
    editor.get_by_role("link", name=shown("Answer the opinions")).click()
    assert shown("Answered %(answered)d of %(total)d opinions", answered=0, total=3) in editor.content()
    check_accessibility(editor, "answers list")

    # Sent without an outcome: the page comes back with the error, the ticks and the text kept.
    editor.get_by_label(shown("Select opinion %(code)s", code=first.receipt_code)).check()
    editor.get_by_label(shown("Select opinion %(code)s", code=second.receipt_code)).check()
    editor.get_by_label(shown("Explanation")).fill(EXPLANATION)
    editor.get_by_role("button", name=shown("Save the answer for the selected opinions")).click()
    assert editor.locator(".error-summary").is_visible()
    assert editor.get_by_label(shown("Select opinion %(code)s", code=second.receipt_code)).is_checked()
    assert editor.get_by_label(shown("Explanation")).input_value() == EXPLANATION
    check_accessibility(editor, "answers list with an error")

    editor.get_by_label(label(ANSWER_KINDS, "accepted"), exact=True).check()
    editor.get_by_role("button", name=shown("Save the answer for the selected opinions")).click()
    assert shown("Answered %(answered)d of %(total)d opinions", answered=2, total=3) in editor.content()

    citizen = new_page()
    citizen.goto(f"{base}/receipts/{first.receipt_code}")
    assert EXPLANATION not in citizen.content()  # not public before publication

    editor.get_by_role("link", name=shown("Publish the answers")).click()
    check_accessibility(editor, "publish confirmation")
    editor.get_by_role("button", name=shown("Confirm: publish %(count)d answers", count=2)).click()
    # The consultation is still open: publishing needs the box ticked, and the page says so
    message = shown("Tick the box to publish while the consultation is still open, or wait until it ends.")
    assert message in editor.content()
    check_accessibility(editor, "publish confirmation with its warning")
    editor.get_by_label(shown("Publish them now, while the consultation is still open")).check()
    editor.get_by_role("button", name=shown("Confirm: publish %(count)d answers", count=2)).click()
    assert (
        shown("%(count)d answers published. They are now shown with the opinions and on the receipts.", count=2)
        in editor.content()
    )

    citizen.goto(f"{base}/receipts")
    citizen.get_by_label(shown("Receipt code")).fill(first.receipt_code.lower())
    citizen.get_by_role("button", name=shown("Look up")).click()
    assert EXPLANATION in citizen.content()
    assert citizen.locator(".answer .badge").inner_text() == label(ANSWER_KINDS, "accepted")
    check_accessibility(citizen, "receipt with an answer")

    citizen.goto(f"{base}/drafts/{open_draft.slug}")
    assert citizen.locator(".answer").count() == 2
    assert citizen.locator(f"#y-kien-{untouched.id} .answer").count() == 0
    check_accessibility(citizen, "draft page with answers")
