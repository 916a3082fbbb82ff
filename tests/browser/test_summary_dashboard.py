"""The summary dashboard in a real browser without JavaScript: charts and tables, then answering a form letter."""

from datetime import UTC, datetime, timedelta

from flask_babel import ngettext

from consult.answers.models import ANSWER_KINDS
from consult.feedback.models import FeedbackStatus
from consult.i18n import label
from tests import factories
from tests.answers import approved, shown
from tests.browser.test_answers import sign_in

LETTER = "Đề nghị giữ nguyên vỉa hè cho người đi bộ trên các tuyến phố cổ, không cho thuê để kinh doanh."


def test_dashboard_shows_charts_and_the_editor_answers_a_whole_group(
    live_server, new_page, check_accessibility, db, open_draft, agency_editor
):
    base = live_server
    start = datetime(2026, 3, 1, 2, tzinfo=UTC)
    for n, article in enumerate(open_draft.articles * 3):
        approved(
            open_draft,
            article=article,
            stance=("support", "oppose", "other")[n % 3],
            channel=("web", "meeting", "letter")[n % 3],
            created_at=start + timedelta(hours=7 * n),
        )
    representative = approved(open_draft, content=LETTER)[0]
    approved(open_draft, 3, content=LETTER, duplicate_group_id=representative.id, similarity=1.0)
    factories.make_feedback(open_draft, FeedbackStatus.PENDING, content=LETTER, duplicate_group_id=representative.id)
    db.session.commit()

    editor = new_page()
    sign_in(editor, base, agency_editor)
    editor.goto(f"{base}/agency/drafts/{open_draft.id}")
    editor.get_by_role("link", name=shown("Summary of opinions")).click()
    assert editor.locator("svg[role=img]").count() == 5
    assert editor.get_by_role("img", name=shown("Opinions by article and stance")).is_visible()
    # The charts fit a 360 px wide phone screen: nothing scrolls sideways.
    assert editor.evaluate("document.documentElement.scrollWidth") <= 360
    check_accessibility(editor, "summary dashboard")

    group = editor.locator(f"#group-{representative.id}")
    assert ngettext("%(num)s opinion shares this text", "%(num)s opinions share this text", 5) in group.inner_text()
    group.get_by_role("link", name=shown("Answer this group")).click()
    assert shown("Answered %(answered)d of %(total)d opinions", answered=0, total=4) in editor.content()
    check_accessibility(editor, "answer a group")

    editor.get_by_label(label(ANSWER_KINDS, "explained"), exact=True).check()
    editor.get_by_label(shown("Explanation")).fill("Ban soạn thảo giải trình: vỉa hè phố cổ được giữ nguyên.")
    editor.get_by_role("button", name=shown("Save the answer")).click()
    assert shown("Answer saved for %(count)d opinions of the group.", count=4) in editor.content()
    assert shown("Answered %(answered)d of %(total)d opinions", answered=4, total=4) in editor.content()

    editor.get_by_role("link", name=shown("See every opinion of the group")).click()
    assert editor.locator(".group-members > li").count() == 5
    check_accessibility(editor, "opinions of a group")
