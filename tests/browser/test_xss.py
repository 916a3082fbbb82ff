"""Stored XSS: hostile text in every field people write (an opinion, its proposed wording, the author's name and
place, an answer, a draft's title and summary) is shown as text on every kind of page, public and staff, in
Chromium with JavaScript on and the Content-Security-Policy switched off, so that only the escaping protects."""

import pytest

from consult.answers.services import publish_answers
from consult.feedback.models import FeedbackStatus
from tests import factories

MARK = "window.__xss=1"  # no space or quote: it survives whatever the text's cleaning leaves of a payload
PAYLOADS = [
    f"<script>{MARK}</script>",
    f"<img src=x onerror={MARK}>",
    f"<svg/onload={MARK}>",
    f'<img src=x onerror="{MARK}">',
    f'"><svg onload="{MARK}">',
    f"'><img src=x onerror={MARK}>",
    f"</textarea><script>{MARK}</script>",
    '<iframe srcdoc="<script>parent.__xss = 1</script>"></iframe>',
    f'<details open ontoggle="{MARK}">x</details>',
    f"<math><mtext><table><mglyph><style><img src=x onerror={MARK}>",
    f'<a href="javascript:{MARK}" id="xss-link">bấm vào đây</a>',
    f"';{MARK};//",
    f'";{MARK};//',
    "{{ 7 * 7 }} {% raw %}x{% endraw %} ${7*7}",
    f'<body onload="{MARK}">',
    f"<style>@import 'javascript:{MARK}';</style>",
    f'<noscript><p title="</noscript><img src=x onerror={MARK}>">',
]


@pytest.fixture
def hostile(db, agency, moderator):
    """A published draft whose title and summary, opinions (approved and pending) and answers carry the payloads."""
    draft = factories.make_draft(agency, title=f"Dự thảo {PAYLOADS[1]} về vỉa hè")
    draft.summary = " ".join(PAYLOADS[:4])
    article = draft.articles[0]
    opinions = []
    for number, payload in enumerate(PAYLOADS):
        opinion = factories.make_feedback(
            draft,
            FeedbackStatus.APPROVED if number % 3 else FeedbackStatus.PENDING,
            article=article if number % 2 else None,
            content=f"Ý kiến {number}: {payload}",
            proposed_wording=f"Sửa thành: {payload}",
            author_name=f"Người {payload}"[:255],
            locality_detail=f"Phường {payload}"[:255],
        )
        opinions.append(opinion)
    for opinion in opinions[1::3]:
        factories.make_answer(opinion, explanation=f"Giải trình: {PAYLOADS[len(opinions) % len(PAYLOADS)]}")
    publish_answers(None, draft)
    db.session.commit()
    return draft, opinions


def test_no_payload_runs_on_any_page(live_server, playwright_browser, db, hostile, moderator, agency_editor):
    draft, opinions = hostile
    context = playwright_browser.new_context(java_script_enabled=True, bypass_csp=True, locale="vi-VN")
    page = context.new_page()
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    public = [
        "/",
        f"/drafts/{draft.slug}",
        f"/drafts/{draft.slug}/articles/{draft.articles[0].number}",
        f"/drafts/{draft.slug}/versions",
        "/search?q=xss",
        "/search?q=script",
        f"/search?q={PAYLOADS[0]}",
        f"/receipts/{opinions[1].receipt_code}",
        f"/receipts/{opinions[0].receipt_code}",
        f"/opinions/{opinions[1].id}/report",
    ]
    staff = {
        moderator: ["/moderation/", f"/moderation/{opinions[0].id}/redact", "/moderation/blocks"],
        agency_editor: [
            f"/agency/drafts/{draft.id}",
            f"/agency/drafts/{draft.id}/answers",
            f"/agency/drafts/{draft.id}/answers/{opinions[1].id}",
            f"/agency/drafts/{draft.id}/groups",
            f"/agency/drafts/{draft.id}/summary",
            f"/agency/drafts/{draft.id}/edit",
        ],
    }
    seen = []

    def visit(path):
        response = page.goto(f"{live_server}{path}")
        assert response.status < 500, path
        page.wait_for_load_state("load")
        assert page.evaluate("window.__xss") is None, path
        seen.append(page.content())

    for path in public:
        visit(path)
    for user, paths in staff.items():
        page.context.clear_cookies()
        page.goto(f"{live_server}/auth/login")
        page.get_by_label("Email").fill(user.email)
        page.locator("input[type=password]").fill(factories.PASSWORD)
        page.get_by_role("button", name="Đăng nhập").click()
        for path in paths:
            visit(path)

    assert dialogs == []
    assert any("&lt;script&gt;" in html for html in seen)  # the payloads were on the pages, as text
    assert not any("49 {%" in html for html in seen)  # no template evaluated what a citizen wrote
    context.close()
