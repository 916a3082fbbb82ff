"""A group's near (not exact) copies are shown with what they changed, and read again before one decision or one
answer is given to the whole group."""

import pytest

from consult.feedback.models import Feedback, FeedbackStatus
from tests import factories
from tests.conftest import post_form

LETTER = "Đề nghị giữ nguyên vỉa hè cho người đi bộ trên các tuyến phố cổ của thành phố."
NEAR = "De nghi giu nguyen via he cho nguoi di bo tren cac tuyen pho co cua thu do."  # no marks, one word changed


@pytest.fixture
def group(db, open_draft):
    """A representative, an exact copy and a near copy, all pending."""
    representative = factories.make_feedback(open_draft, content=LETTER)
    exact = factories.make_feedback(open_draft, content=LETTER, duplicate_group_id=representative.id, similarity=1.0)
    near = factories.make_feedback(open_draft, content=NEAR, duplicate_group_id=representative.id, similarity=0.93)
    db.session.commit()
    return representative, exact, near


def test_the_group_page_marks_only_what_a_near_copy_changed(client, auth, agency_editor, open_draft, group):
    representative, _exact, _near = group
    auth.login(agency_editor)

    html = client.get(f"/agency/drafts/{open_draft.id}/groups/{representative.id}").get_data(as_text=True)

    assert html.count('class="text text--diff"') == 1  # the near copy only, not the exact one
    diff = html.split('class="text text--diff"')[1].split("</div>")[0]
    assert "<del>" in diff and "thành phố" in diff.split("<del>")[1].split("</del>")[0]
    assert "<ins>" in diff and "thu do" in diff.split("<ins>")[1].split("</ins>")[0]
    assert "nguoi di bo" in diff and "<del>" not in diff.split("thu do")[1]  # unmarked words were only unaccented


def test_a_group_decision_waits_until_the_near_copies_are_read(client, db, auth, moderator, open_draft, group):
    representative, _exact, near = group
    auth.login(moderator)
    page = f"/moderation/?group={representative.id}"
    url = f"/moderation/group/{representative.id}/decide?group={representative.id}"

    html = client.get(page).get_data(as_text=True)
    refused = post_form(client, url, {"approve": "1"}, page=page)

    assert near.receipt_code in html.split('class="near-copies"')[1].split("</ol>")[0]
    assert refused.status_code == 422
    assert "Đọc các ý kiến gần giống" in refused.get_data(as_text=True)
    assert {db.session.get(Feedback, item.id).status for item in group} == {FeedbackStatus.PENDING}

    done = post_form(client, url, {"approve": "1", "near_copies_seen": "y"}, page=page)

    assert done.status_code == 302
    db.session.expire_all()
    assert {db.session.get(Feedback, item.id).status for item in group} == {FeedbackStatus.APPROVED}


def test_a_group_of_exact_copies_is_decided_at_once(client, db, auth, moderator, open_draft, group):
    representative, _exact, near = group
    db.session.delete(near)
    db.session.commit()
    auth.login(moderator)
    page = f"/moderation/?group={representative.id}"

    assert 'class="near-copies"' not in client.get(page).get_data(as_text=True)
    done = post_form(client, f"/moderation/group/{representative.id}/decide", {"approve": "1"}, page=page)

    assert done.status_code == 302


def test_a_group_answer_waits_until_the_near_copies_are_read(client, db, auth, agency_editor, open_draft, group):
    for item in group:
        item.status = FeedbackStatus.APPROVED
    db.session.commit()
    representative, _exact, near = group
    auth.login(agency_editor)
    url = f"/agency/drafts/{open_draft.id}/answers/group/{representative.id}"
    answer = {"kind": "explained", "explanation": "Vỉa hè được giữ cho người đi bộ."}

    html = client.get(url).get_data(as_text=True)
    refused = post_form(client, url, answer)

    assert near.receipt_code in html.split('class="near-copies"')[1]
    assert refused.status_code == 422
    assert "Vỉa hè được giữ cho người đi bộ." in refused.get_data(as_text=True)  # what was typed is kept
    assert post_form(client, url, {**answer, "near_copies_seen": "y"}).status_code == 302
