"""Agency pages for answering opinions: who may use them, one and several opinions, edits, progress, publishing."""

import pytest
from sqlalchemy import func, select

from consult.answers.models import Answer, AnswerText
from consult.audit import AuditLog
from consult.drafts.closing import close_early
from consult.drafts.models import Draft, DraftStatus
from consult.i18n import format_date
from tests import factories
from tests.answers import approved, shown
from tests.conftest import post_form


def answers_url(draft, rest=""):
    return f"/agency/drafts/{draft.id}/answers{rest}"


def answer_all(client, draft, feedbacks, kind="accepted", explanation="Đã tiếp thu, sửa Điều 2."):
    """Answer `feedbacks` at once through the list's checkboxes."""
    data = {"feedback_ids": [str(f.id) for f in feedbacks], "kind": kind, "explanation": explanation}
    return post_form(client, answers_url(draft), data)


def actions(db, object_type):
    """Return the audited actions on objects of one table, oldest first."""
    return db.session.scalars(
        select(AuditLog.action).where(AuditLog.object_type == object_type).order_by(AuditLog.id)
    ).all()


@pytest.mark.parametrize("who", ["citizen", "moderator", "other_editor"])
def test_only_the_drafts_own_editors_reach_the_answer_pages(client, db, auth, open_draft, request, who):
    feedback = approved(open_draft)[0]
    db.session.commit()
    auth.login(request.getfixturevalue(who))

    for url in (
        answers_url(open_draft),
        answers_url(open_draft, f"/{feedback.id}"),
        answers_url(open_draft, "/publish"),
    ):
        assert client.get(url).status_code == 403
    response = post_form(
        client, answers_url(open_draft, f"/{feedback.id}"), {"kind": "accepted", "explanation": "x"}, page="/"
    )
    assert response.status_code == 403
    assert db.session.scalar(select(func.count(Answer.id))) == 0


def test_anonymous_visitors_are_sent_to_sign_in(client, open_draft):
    response = client.get(answers_url(open_draft))

    assert response.status_code == 302 and "/auth/login" in response.headers["Location"]


def test_admin_may_answer_any_agency_draft(client, db, auth, admin, open_draft):
    feedback = approved(open_draft)[0]
    db.session.commit()
    auth.login(admin)

    response = post_form(
        client, answers_url(open_draft, f"/{feedback.id}"), {"kind": "explained", "explanation": "Giải trình."}
    )

    assert response.status_code == 302
    assert db.session.scalar(select(Answer)).kind == "explained"


def test_editor_answers_one_opinion(client, db, auth, agency_editor, open_draft):
    feedback = approved(open_draft, article=open_draft.articles[1])[0]
    db.session.commit()
    auth.login(agency_editor)

    response = post_form(
        client,
        answers_url(open_draft, f"/{feedback.id}"),
        {"kind": "partly_accepted", "explanation": "Tiếp thu một phần: giữ 1,5 m vỉa hè."},
    )

    assert response.status_code == 302
    answer = db.session.scalar(select(Answer))
    assert (answer.feedback_id, answer.kind, answer.explanation) == (
        feedback.id,
        "partly_accepted",
        "Tiếp thu một phần: giữ 1,5 m vỉa hè.",
    )
    assert answer.answered_by_id == agency_editor.id and answer.published_at is None
    assert actions(db, "answer_text") == ["answer_text.create"] and actions(db, "answer") == ["answer.create"]
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Tiếp thu một phần: giữ 1,5 m vỉa hè." in page
    assert shown("Answered %(answered)d of %(total)d opinions", answered=1, total=1) in page


def test_editor_answers_several_opinions_at_once_with_one_shared_text(client, db, auth, agency_editor, open_draft):
    chosen = approved(open_draft, 3, article=open_draft.articles[0])
    other = approved(open_draft)[0]
    db.session.commit()
    auth.login(agency_editor)

    response = answer_all(client, open_draft, chosen, "not_accepted", "Không tiếp thu vì trái Luật Đất đai.")

    assert response.status_code == 302
    answers = db.session.scalars(select(Answer).order_by(Answer.feedback_id)).all()
    assert [a.feedback_id for a in answers] == [f.id for f in chosen]
    assert {a.text_id for a in answers} == {answers[0].text_id}  # one text, stored once
    assert db.session.scalar(select(func.count(AnswerText.id))) == 1
    assert actions(db, "answer") == ["answer.create"] * 3 and actions(db, "answer_text") == ["answer_text.create"]
    page = client.get(answers_url(open_draft)).get_data(as_text=True)
    assert shown("Answered %(answered)d of %(total)d opinions", answered=3, total=4) in page
    assert shown("The same answer was given to %(count)d other opinions.", count=2) in page
    assert other.answer is None


def test_batch_form_with_errors_keeps_the_ticked_opinions_and_the_text(client, db, auth, agency_editor, open_draft):
    chosen = approved(open_draft, 2)
    db.session.commit()
    auth.login(agency_editor)

    no_kind = post_form(
        client, answers_url(open_draft), {"feedback_ids": [str(chosen[1].id)], "explanation": "Lý do dài."}
    )
    nothing_ticked = post_form(client, answers_url(open_draft), {"kind": "accepted", "explanation": "Lý do dài."})

    assert no_kind.status_code == nothing_ticked.status_code == 422
    html = no_kind.get_data(as_text=True)
    assert f'value="{chosen[1].id}" id="select-{chosen[1].id}" checked' in html
    assert f'value="{chosen[0].id}" id="select-{chosen[0].id}">' in html
    assert "Lý do dài." in html and 'aria-describedby="kind-error"' in html
    html = nothing_ticked.get_data(as_text=True)
    assert shown("Select at least one opinion to answer.") in html and 'aria-describedby="feedback_ids-error"' in html
    assert db.session.scalar(select(func.count(Answer.id))) == 0


def test_single_answer_form_keeps_the_text_when_the_kind_is_missing(client, db, auth, agency_editor, open_draft):
    feedback = approved(open_draft)[0]
    db.session.commit()
    auth.login(agency_editor)

    response = post_form(client, answers_url(open_draft, f"/{feedback.id}"), {"explanation": "Giải trình chi tiết."})

    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "Giải trình chi tiết." in html
    assert shown("Choose whether the opinion is accepted, partly accepted, explained or not accepted.") in html
    assert db.session.scalar(select(func.count(Answer.id))) == 0


def test_only_approved_opinions_can_be_answered(client, db, auth, agency_editor, open_draft, moderator):
    from consult.moderation.services import reject_feedback

    pending = factories.make_feedback(open_draft)
    rejected = factories.make_feedback(open_draft)
    reject_feedback(moderator, rejected, "spam")
    good = approved(open_draft)[0]
    db.session.commit()
    auth.login(agency_editor)

    single = post_form(
        client,
        answers_url(open_draft, f"/{pending.id}"),
        {"kind": "accepted", "explanation": "Có."},
        page=answers_url(open_draft, f"/{good.id}"),
    )
    batch = answer_all(client, open_draft, [good, rejected])

    assert single.status_code == 409
    assert batch.status_code == 422
    assert shown(
        "Only published opinions of this draft can be answered (%(code)s is not one).", code=rejected.receipt_code
    ) in batch.get_data(as_text=True)
    assert db.session.scalar(select(func.count(Answer.id))) == 0
    listed = client.get(answers_url(open_draft)).get_data(as_text=True)
    assert f'id="select-{good.id}"' in listed
    assert f'id="select-{pending.id}"' not in listed and f'id="select-{rejected.id}"' not in listed


def test_opinions_of_another_draft_cannot_be_slipped_into_a_batch(client, db, auth, agency_editor, open_draft, agency):
    mine = approved(open_draft)[0]
    foreign = approved(factories.make_draft(agency))[0]
    db.session.commit()
    auth.login(agency_editor)

    assert answer_all(client, open_draft, [mine, foreign]).status_code == 302
    assert db.session.scalars(select(Answer.feedback_id)).all() == [mine.id]
    assert client.get(answers_url(open_draft, f"/{foreign.id}")).status_code == 404


def test_answer_is_edited_in_place_until_published(client, db, auth, agency_editor, open_draft):
    feedback = approved(open_draft)[0]
    db.session.commit()
    auth.login(agency_editor)
    url = answers_url(open_draft, f"/{feedback.id}")
    post_form(client, url, {"kind": "accepted", "explanation": "Bản nháp."})

    assert "Bản nháp." in client.get(url).get_data(as_text=True)  # the form shows the current answer
    post_form(client, url, {"kind": "explained", "explanation": "Bản cuối."})

    db.session.expire_all()
    assert db.session.scalar(select(func.count(AnswerText.id))) == 1
    answer = db.session.scalar(select(Answer))
    assert (answer.kind, answer.explanation, answer.published_at) == ("explained", "Bản cuối.", None)
    change = db.session.scalar(select(AuditLog).where(AuditLog.action == "answer_text.update"))
    assert change.before == {"kind": "accepted", "explanation": "Bản nháp."}
    assert change.after == {"kind": "explained", "explanation": "Bản cuối."}
    assert change.actor_id == agency_editor.id


def test_changing_one_opinion_of_a_shared_answer_leaves_the_others(client, db, auth, agency_editor, open_draft):
    first, second = approved(open_draft, 2)
    db.session.commit()
    auth.login(agency_editor)
    answer_all(client, open_draft, [first, second], "accepted", "Chung.")

    page = client.get(answers_url(open_draft, f"/{first.id}")).get_data(as_text=True)
    assert shown("Saving here gives this opinion its own answer; the other opinions keep theirs.") in page
    post_form(client, answers_url(open_draft, f"/{first.id}"), {"kind": "not_accepted", "explanation": "Riêng."})

    db.session.expire_all()
    assert (first.answer.kind, first.answer.explanation) == ("not_accepted", "Riêng.")
    assert (second.answer.kind, second.answer.explanation) == ("accepted", "Chung.")
    assert "answer.update" in actions(db, "answer")


def test_shared_answer_is_changed_for_all_its_opinions_at_once(client, db, auth, agency_editor, open_draft):
    chosen = approved(open_draft, 3)
    db.session.commit()
    auth.login(agency_editor)
    answer_all(client, open_draft, chosen, "accepted", "Có lỗi chính tả.")
    text = db.session.scalar(select(AnswerText))

    page = client.get(f"/agency/drafts/{open_draft.id}/answer-texts/{text.id}").get_data(as_text=True)
    assert all(f.receipt_code in page for f in chosen)
    response = post_form(
        client,
        f"/agency/drafts/{open_draft.id}/answer-texts/{text.id}",
        {"kind": "accepted", "explanation": "Đã sửa lỗi chính tả."},
    )

    assert response.status_code == 302
    db.session.expire_all()
    assert {f.answer.explanation for f in chosen} == {"Đã sửa lỗi chính tả."}
    assert actions(db, "answer_text") == ["answer_text.create", "answer_text.update"]


def test_shared_answer_of_another_draft_is_not_found(client, db, auth, agency_editor, open_draft, agency):
    other_draft = factories.make_draft(agency)
    feedback = approved(other_draft)[0]
    db.session.commit()
    auth.login(agency_editor)
    answer_all(client, other_draft, [feedback])
    text = db.session.scalar(select(AnswerText))

    assert client.get(f"/agency/drafts/{open_draft.id}/answer-texts/{text.id}").status_code == 404


def test_progress_per_draft_and_per_article(client, db, auth, agency_editor, open_draft):
    first, second, third = open_draft.articles
    on_first = approved(open_draft, 3, article=first)
    on_second = approved(open_draft, 2, article=second)
    approved(open_draft, 1)  # on the whole draft
    factories.make_feedback(open_draft, article=third)  # pending: not counted
    db.session.commit()
    auth.login(agency_editor)
    answer_all(client, open_draft, on_first[:2] + on_second[:1])

    html = client.get(answers_url(open_draft)).get_data(as_text=True)

    assert shown("Answered %(answered)d of %(total)d opinions", answered=3, total=6) in html
    rows = html.split("<caption>")[1].split("</table>")[0].split("<tr>")[2:]
    cells = [row.split('<td class="num">')[1].split("</td>")[0] for row in rows]
    assert cells == ["0/1", "2/3", "1/2", "0/0"]  # whole draft, Điều 1, Điều 2, Điều 3


def test_filters_and_pages_of_the_list(client, db, auth, agency_editor, open_draft, app):
    app.config["ANSWERS_PAGE_SIZE"] = 2
    first, second, _third = open_draft.articles
    on_first = approved(open_draft, 3, article=first, stance="oppose")
    on_second = approved(open_draft, 1, article=second, stance="support")
    db.session.commit()
    auth.login(agency_editor)
    answer_all(client, open_draft, on_first[:1])

    def codes(query):
        html = client.get(answers_url(open_draft, query)).get_data(as_text=True)
        return [f.receipt_code for f in on_first + on_second if f'id="select-{f.id}"' in html], html

    page_one, html = codes("")
    assert page_one == [f.receipt_code for f in on_first[:2]]
    next_link = html.split('rel="next" href="')[1].split('"')[0].replace("&amp;", "&")
    assert codes(next_link.split("/answers", 1)[1])[0] == [on_first[2].receipt_code, on_second[0].receipt_code]
    assert codes(f"?article={second.id}")[0] == [on_second[0].receipt_code]
    assert codes("?stance=support")[0] == [on_second[0].receipt_code]
    assert codes("?state=unanswered&stance=oppose")[0] == [f.receipt_code for f in on_first[1:]]
    assert codes("?state=answered")[0] == [on_first[0].receipt_code]
    assert codes("?article=none")[0] == []
    assert codes("?article=bogus&stance=bogus")[0] == page_one  # unknown filters are ignored


def test_list_query_count_does_not_grow_with_opinions(client, db, auth, agency_editor, open_draft, count_queries):
    auth.login(agency_editor)

    def page_queries():
        db.session.expire_all()
        with count_queries() as statements:
            assert client.get(answers_url(open_draft)).status_code == 200
        return len(statements)

    answer_all(client, open_draft, approved(open_draft, 2, article=open_draft.articles[0]))
    db.session.commit()
    few = page_queries()
    answer_all(client, open_draft, approved(open_draft, 10, article=open_draft.articles[1]))
    approved(open_draft, 10, article=open_draft.articles[2])
    db.session.commit()

    assert page_queries() == few <= 12


def test_publishing_asks_for_confirmation_then_publishes_every_answer(client, db, auth, agency_editor, open_draft):
    chosen = approved(open_draft, 2)
    db.session.commit()
    auth.login(agency_editor)
    answer_all(client, open_draft, chosen)

    confirm = client.get(answers_url(open_draft, "/publish"))
    assert confirm.status_code == 200
    assert shown("Confirm: publish %(count)d answers", count=2) in confirm.get_data(as_text=True)
    assert db.session.scalar(select(func.count(Answer.id)).where(Answer.published_at.is_not(None))) == 0

    refused = post_form(client, answers_url(open_draft, "/publish"))  # the window is open: a box to tick first
    assert refused.status_code == 422 and shown(
        "Tick the box to publish while the consultation is still open, or wait until it ends."
    ) in refused.get_data(as_text=True)
    assert post_form(client, answers_url(open_draft, "/publish"), {"while_open": "y"}).status_code == 302
    db.session.expire_all()
    assert all(f.answer.published_at is not None for f in chosen)
    audit = db.session.scalar(select(AuditLog).where(AuditLog.action == "answers.publish"))
    assert (audit.object_type, audit.object_id, audit.after["published"]) == ("draft", open_draft.id, 2)
    assert audit.actor_id == agency_editor.id
    draft = db.session.get(Draft, open_draft.id)
    assert draft.status == DraftStatus.OPEN  # still open: not 'answered'
    assert audit.after["answers_published_at"] == draft.answers_published_at.isoformat()


def test_answers_saved_after_publication_are_public_at_once(client, db, auth, agency_editor, open_draft):
    early, late = approved(open_draft, 2)
    db.session.commit()
    auth.login(agency_editor)
    answer_all(client, open_draft, [early])
    post_form(client, answers_url(open_draft, "/publish"), {"while_open": "y"})

    page = client.get(answers_url(open_draft)).get_data(as_text=True)
    assert (
        shown(
            "The answers of this draft were published on %(date)s: an answer saved or changed now is published "
            "at once.",
            date=format_date(db.session.get(Draft, open_draft.id).answers_published_at),
        )
        in page
    )
    post_form(client, answers_url(open_draft, f"/{late.id}"), {"kind": "explained", "explanation": "Trả lời muộn."})

    assert "Trả lời muộn." in client.get(f"/receipts/{late.receipt_code}").get_data(as_text=True)
    assert actions(db, "answer") == ["answer.create", "answer.create"]


def test_closed_draft_becomes_answered_when_every_opinion_has_a_public_answer(
    client, db, auth, agency_editor, open_draft
):
    first, second = approved(open_draft, 2)
    db.session.commit()
    auth.login(agency_editor)
    close_early(agency_editor, open_draft, "Đủ ý kiến cần thiết.")
    db.session.commit()
    answer_all(client, open_draft, [first])
    post_form(client, answers_url(open_draft, "/publish"))
    db.session.expire_all()
    assert open_draft.status == DraftStatus.CLOSED  # one opinion still unanswered

    post_form(client, answers_url(open_draft, f"/{second.id}"), {"kind": "accepted", "explanation": "Xong."})

    db.session.expire_all()
    assert open_draft.status == DraftStatus.ANSWERED
    assert "draft.answered" in actions(db, "draft")
    public = client.get(f"/drafts/{open_draft.slug}").get_data(as_text=True)
    assert shown("Answered") in public  # the phase badge
