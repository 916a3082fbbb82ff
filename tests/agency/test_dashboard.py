"""A draft's page tells its agency the work waiting: opinions to moderate, to answer, answers to publish, and the
next date that matters."""

import re

from consult.auth.models import Role
from consult.feedback.models import FeedbackStatus
from tests import factories


def counts(html):
    """Return {label: number} of the page's work counts."""
    section = html.split('class="work-counts"')[1].split("</ul>")[0]
    found = re.findall(r'work-count">([\d.,]+)</span>\s*(?:<a [^>]*>)?([^<]+?)\s*(?:</a>)?\s*</li>', section)
    return {label.strip(): int(number.replace(".", "").replace(",", "")) for number, label in found}


def test_the_page_counts_the_work_waiting(client, db, auth, agency_editor, open_draft):
    make = factories.make_feedback
    for _ in range(3):
        make(open_draft)  # pending
    answered = make(open_draft, FeedbackStatus.APPROVED)
    make(open_draft, FeedbackStatus.APPROVED)
    make(open_draft, FeedbackStatus.REJECTED)
    make(open_draft, FeedbackStatus.UNVERIFIED)  # not sent yet: not counted
    factories.make_answer(answered, published=False)
    db.session.commit()
    auth.login(agency_editor)

    html = client.get(f"/agency/drafts/{open_draft.id}").get_data(as_text=True)

    assert counts(html) == {
        "ý kiến chờ kiểm duyệt": 3,
        "ý kiến đã công bố chưa được trả lời": 1,
        "câu trả lời chưa công bố": 1,
    }
    assert "Tổng cộng 6 ý kiến đã nhận." in html
    assert "ngày" in html.split('class="work-next"')[1].split("</p>")[0]  # days left in the window
    assert f'href="/moderation/?draft={open_draft.id}"' not in html  # an editor does not moderate


def test_an_admin_gets_the_queue_filtered_to_the_draft(client, db, auth, open_draft):
    admin = factories.make_user(role=Role.ADMIN)
    factories.make_feedback(open_draft)
    db.session.commit()
    auth.login(admin)

    html = client.get(f"/agency/drafts/{open_draft.id}").get_data(as_text=True)

    assert f'href="/moderation/?draft={open_draft.id}"' in html
