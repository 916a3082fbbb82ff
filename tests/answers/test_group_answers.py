"""Answering a whole group of identical opinions, or a list of ids another page sent, with one answer."""

import re

import pytest
from sqlalchemy import func, select

from consult.answers.groups import answer_group
from consult.answers.models import Answer, AnswerText
from consult.answers.services import AnswerError, answer_feedbacks
from consult.feedback.models import Feedback, FeedbackStatus
from tests import factories
from tests.answers import approved
from tests.conftest import post_form

LETTER = "Đề nghị giữ nguyên vỉa hè cho người đi bộ trên các tuyến phố cổ."


@pytest.fixture
def group(db, open_draft):
    """A form letter: its representative, three published copies, one pending and one rejected copy."""
    representative = approved(open_draft, content=LETTER)[0]
    copies = approved(open_draft, 3, content=LETTER, duplicate_group_id=representative.id, similarity=1.0)
    pending = factories.make_feedback(
        open_draft, FeedbackStatus.PENDING, content=LETTER, duplicate_group_id=representative.id
    )
    rejected = factories.make_feedback(
        open_draft, FeedbackStatus.REJECTED, content=LETTER, duplicate_group_id=representative.id
    )
    db.session.commit()
    return {
        "representative": representative,
        "published": [representative, *copies],
        "pending": pending,
        "rejected": rejected,
    }


def group_url(draft, representative):
    return f"/agency/drafts/{draft.id}/answers/group/{representative.id}"


def answers_by_opinion(db):
    """Return {feedback_id: (kind, explanation)} of every answer."""
    rows = db.session.execute(select(Answer.feedback_id, AnswerText.kind, AnswerText.explanation).join(Answer.text))
    return {feedback_id: (kind, explanation) for feedback_id, kind, explanation in rows}


def test_every_published_member_of_the_group_gets_the_answer(client, db, auth, agency_editor, open_draft, group):
    auth.login(agency_editor)

    response = post_form(
        client,
        group_url(open_draft, group["representative"]),
        {"kind": "explained", "explanation": "Vỉa hè được giữ cho người đi bộ theo Điều 2."},
    )

    assert response.status_code == 302
    answers = answers_by_opinion(db)
    assert set(answers) == {feedback.id for feedback in group["published"]}  # not the pending nor the rejected
    assert set(answers.values()) == {("explained", "Vỉa hè được giữ cho người đi bộ theo Điều 2.")}
    assert db.session.scalar(select(func.count(AnswerText.id))) == 1  # the explanation is stored once


def test_members_already_answered_keep_their_answer_unless_replace_is_ticked(db, agency_editor, open_draft, group):
    representative, first, *others = group["published"]
    answer_feedbacks(agency_editor, open_draft, [first], "accepted", "Đã sửa riêng cho ý kiến này.")
    db.session.commit()

    count = answer_group(agency_editor, open_draft, representative, "explained", "Giải trình chung.")
    db.session.commit()

    answers = answers_by_opinion(db)
    assert count == 3
    assert answers[first.id] == ("accepted", "Đã sửa riêng cho ý kiến này.")
    assert {answers[feedback.id] for feedback in [representative, *others]} == {("explained", "Giải trình chung.")}

    # The pending copy is published later: answering the group again answers it alone.
    group["pending"].status = FeedbackStatus.APPROVED
    db.session.commit()
    assert answer_group(agency_editor, open_draft, representative, "explained", "Giải trình chung.") == 1
    db.session.commit()

    assert answer_group(agency_editor, open_draft, representative, "not_accepted", "Không tiếp thu.", replace=True) == 5
    db.session.commit()
    assert set(answers_by_opinion(db).values()) == {("not_accepted", "Không tiếp thu.")}


def test_a_group_with_every_member_answered_says_so_and_keeps_the_text(
    client, db, auth, agency_editor, open_draft, group
):
    answer_group(agency_editor, open_draft, group["representative"], "accepted", "Đã tiếp thu.")
    db.session.commit()
    auth.login(agency_editor)

    response = post_form(
        client,
        group_url(open_draft, group["representative"]),
        {"kind": "explained", "explanation": "Một giải trình mới rất dài."},
    )

    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "Một giải trình mới rất dài." in html
    assert re.search(r'<input checked[^>]*value="explained"', html)
    assert set(answers_by_opinion(db).values()) == {("accepted", "Đã tiếp thu.")}
    with pytest.raises(AnswerError):
        answer_group(agency_editor, open_draft, group["representative"], "accepted", "Lại.")


def test_group_page_shows_progress_and_the_opinions(client, db, auth, agency_editor, open_draft, group):
    auth.login(agency_editor)

    html = client.get(group_url(open_draft, group["representative"])).get_data(as_text=True)

    for feedback in [*group["published"], group["pending"]]:
        assert feedback.receipt_code in html
    assert group["rejected"].receipt_code not in html
    assert 'name="replace"' not in html  # nothing answered yet: nothing to replace
    assert client.get(f"/agency/drafts/{open_draft.id}/answers/group/{group['published'][1].id}").status_code == 404


def test_answers_list_links_each_grouped_opinion_to_its_group(client, db, auth, agency_editor, open_draft, group):
    alone = approved(open_draft, content="Một ý kiến riêng.")[0]
    db.session.commit()
    auth.login(agency_editor)

    html = client.get(f"/agency/drafts/{open_draft.id}/answers").get_data(as_text=True)

    link = group_url(open_draft, group["representative"])
    assert html.count(f'href="{link}"') == 4  # the representative and its three published copies
    assert f"/answers/group/{alone.id}" not in html


def test_selection_sent_by_link_is_shown_then_answered(client, db, auth, agency_editor, open_draft, other_agency):
    chosen = approved(open_draft, 3)
    other = approved(open_draft)[0]
    foreign = approved(factories.make_draft(other_agency))[0]
    db.session.commit()
    auth.login(agency_editor)
    ids = ",".join(str(feedback.id) for feedback in [*chosen, foreign])
    url = f"/agency/drafts/{open_draft.id}/answers/selection?ids={ids}"

    html = client.get(url).get_data(as_text=True)
    assert all(feedback.receipt_code in html for feedback in chosen)
    assert other.receipt_code not in html and foreign.receipt_code not in html

    response = post_form(
        client,
        f"/agency/drafts/{open_draft.id}/answers/selection",
        {"kind": "partly_accepted", "explanation": "Tiếp thu một phần.", "feedback_ids": ids.split(",")},
        page=url,
    )

    assert response.status_code == 302
    assert set(answers_by_opinion(db)) == {feedback.id for feedback in chosen}


def test_selection_posted_by_another_page_opens_the_form_without_errors(client, db, auth, agency_editor, open_draft):
    chosen = approved(open_draft, 2)
    db.session.commit()
    auth.login(agency_editor)

    response = post_form(
        client,
        f"/agency/drafts/{open_draft.id}/answers/selection",
        {"feedback_ids": [str(feedback.id) for feedback in chosen]},
        page=f"/agency/drafts/{open_draft.id}/answers",
    )

    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert 'class="error' not in html
    assert all(f'name="feedback_ids" value="{feedback.id}"' in html for feedback in chosen)
    assert db.session.scalar(select(func.count(Answer.id))) == 0


@pytest.mark.parametrize("path", ["group/{id}", "selection?ids={id}"])
def test_another_agencys_editor_cannot_answer_a_group(client, db, auth, other_editor, open_draft, group, path):
    auth.login(other_editor)
    url = f"/agency/drafts/{open_draft.id}/answers/" + path.format(id=group["representative"].id)

    assert client.get(url).status_code == 403
    response = post_form(client, url, {"kind": "accepted", "explanation": "x"}, page="/")
    assert response.status_code == 403
    assert db.session.scalar(select(func.count(Answer.id))) == 0
    assert db.session.get(Feedback, group["representative"].id).status == FeedbackStatus.APPROVED
