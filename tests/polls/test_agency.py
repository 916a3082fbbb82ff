"""The agency's poll pages: adding questions (at most five; 2..10 different options), changing them without losing
answered options, reordering and removing before any answer; only the draft's own agency; every change audited."""

from sqlalchemy import select

from consult.audit import AuditLog
from consult.polls.models import MAX_QUESTIONS, PollQuestion
from consult.polls.services import poll_questions
from tests.conftest import post_form
from tests.polls.helpers import COLOURS, USES, answer, make_poll, option_id


def _page(draft):
    return f"/agency/drafts/{draft.id}/poll"


def test_an_editor_adds_questions_and_sees_them_in_order(client, db, auth, agency_editor, open_draft):
    auth.login(agency_editor)
    sent = post_form(
        client,
        _page(open_draft),
        {"text": "Bạn có đồng ý cấm đỗ xe trên vỉa hè?", "kind": "single", "options": "Có\n  Không \n\nChưa rõ"},
    )
    post_form(
        client,
        _page(open_draft),
        {"text": "Khung giờ nào?", "kind": "multiple", "options": "Sáng\nChiều", "allow_other": "y"},
    )
    questions = poll_questions(open_draft.id)
    page = client.get(_page(open_draft)).get_data(as_text=True)
    audit = db.session.scalars(select(AuditLog).where(AuditLog.action == "poll.question_add")).all()

    assert sent.status_code == 302
    assert [q.text for q in questions] == ["Bạn có đồng ý cấm đỗ xe trên vỉa hè?", "Khung giờ nào?"]
    assert [o.text for o in questions[0].options] == ["Có", "Không", "Chưa rõ"]
    assert questions[1].kind == "multiple" and questions[1].allow_other
    assert page.index("Bạn có đồng ý") < page.index("Khung giờ nào?")
    assert (
        len(audit) == 2 and audit[0].object_type == "draft" and audit[0].after["options"] == ["Có", "Không", "Chưa rõ"]
    )


def test_bad_questions_are_refused_in_vietnamese_and_kept(client, db, auth, agency_editor, open_draft):
    auth.login(agency_editor)
    one_option = post_form(client, _page(open_draft), {"text": "Câu hỏi?", "kind": "single", "options": "Chỉ một"})
    twice = post_form(client, _page(open_draft), {"text": "Câu hỏi?", "kind": "single", "options": "Có\ncó"})
    many = post_form(
        client, _page(open_draft), {"text": "Câu hỏi?", "kind": "single", "options": "\n".join(map(str, range(11)))}
    )
    empty = post_form(client, _page(open_draft), {"text": "", "kind": "single", "options": "A\nB"})

    assert one_option.status_code == 422
    assert "Cần ít nhất 2 phương án" in one_option.get_data(as_text=True)
    assert "Chỉ một" in one_option.get_data(as_text=True)  # what was typed stays
    assert "Các phương án phải khác nhau" in twice.get_data(as_text=True)
    assert "Tối đa 10 phương án" in many.get_data(as_text=True)
    assert "Hãy viết câu hỏi." in empty.get_data(as_text=True)
    assert poll_questions(open_draft.id) == []


def test_a_poll_has_at_most_five_questions(client, db, auth, agency_editor, open_draft):
    make_poll(open_draft, *[dict(COLOURS, text=f"Câu hỏi {n}?") for n in range(MAX_QUESTIONS)])
    auth.login(agency_editor)
    refused = post_form(client, _page(open_draft), {"text": "Câu thứ sáu?", "kind": "single", "options": "A\nB"})

    assert refused.status_code == 422
    assert "Khảo sát có tối đa 5 câu hỏi." in refused.get_data(as_text=True)
    assert len(poll_questions(open_draft.id)) == MAX_QUESTIONS


def test_questions_are_reordered_and_removed_before_any_answer_only(app, client, db, auth, agency_editor, open_draft):
    first, second = make_poll(open_draft)
    auth.login(agency_editor)
    post_form(client, f"{_page(open_draft)}/questions/{second.id}/move", {"direction": "up"}, page=_page(open_draft))
    assert [q.id for q in poll_questions(open_draft.id)] == [second.id, first.id]
    post_form(client, f"{_page(open_draft)}/questions/{second.id}/remove", page=_page(open_draft))
    assert [q.id for q in poll_questions(open_draft.id)] == [first.id]

    answer(app.test_client(), open_draft, {f"q{first.id}": option_id(first, "Đỏ")})
    make_poll(open_draft, USES)
    refused = post_form(
        client, f"{_page(open_draft)}/questions/{first.id}/remove", page=_page(open_draft), follow_redirects=True
    )
    actions = db.session.scalars(select(AuditLog.action).where(AuditLog.action.like("poll.%"))).all()

    assert "Đã có người trả lời khảo sát: không thể xóa câu hỏi nữa." in refused.get_data(as_text=True)
    assert db.session.get(PollQuestion, first.id) is not None
    assert {"poll.question_move", "poll.question_remove"} <= set(actions)


def test_an_answered_option_stays_while_others_change(app, client, db, auth, agency_editor, open_draft):
    (question,) = make_poll(open_draft, COLOURS)
    answer(app.test_client(), open_draft, {f"q{question.id}": option_id(question, "Đỏ")})
    auth.login(agency_editor)
    edit = f"{_page(open_draft)}/questions/{question.id}"
    refused = post_form(client, edit, {"text": COLOURS["text"], "kind": "single", "options": "Xanh\nVàng"})
    saved = post_form(client, edit, {"text": COLOURS["text"], "kind": "single", "options": "Đỏ\nVàng\nTím"})
    db.session.expire_all()
    update = db.session.scalars(select(AuditLog).where(AuditLog.action == "poll.question_update")).one()

    assert refused.status_code == 422
    assert "“Đỏ” đã có người chọn nên không thể xóa hay sửa" in refused.get_data(as_text=True)
    assert saved.status_code == 302
    assert [o.text for o in db.session.get(PollQuestion, question.id).options] == ["Đỏ", "Vàng", "Tím"]
    assert update.before["options"] == ["Đỏ", "Xanh", "Vàng"] and update.after["options"] == ["Đỏ", "Vàng", "Tím"]


def test_only_the_drafts_own_agency_edits_its_poll(client, db, auth, other_editor, citizen, open_draft):
    (question,) = make_poll(open_draft, COLOURS)
    assert client.get(_page(open_draft)).status_code == 302  # to sign in
    auth.login(citizen)
    assert client.get(_page(open_draft)).status_code == 403
    auth.logout()
    auth.login(other_editor)
    assert client.get(_page(open_draft)).status_code == 403
    assert client.get(f"{_page(open_draft)}/questions/{question.id}").status_code == 403


def test_answers_given_keep_a_multiple_choice_and_its_other_box(app, client, db, auth, agency_editor, open_draft):
    _colours, uses = make_poll(open_draft)
    answer(
        app.test_client(),
        open_draft,
        {f"q{uses.id}": [option_id(uses, "Đi bộ"), option_id(uses, "Bán hàng"), "other"], f"q{uses.id}-other": "Chợ"},
    )
    auth.login(agency_editor)
    edit = f"{_page(open_draft)}/questions/{uses.id}"
    options = "\n".join(USES["options"])
    to_single = post_form(
        client, edit, {"text": USES["text"], "kind": "single", "options": options, "allow_other": "y"}
    )
    no_other = post_form(client, edit, {"text": USES["text"], "kind": "multiple", "options": options})

    assert to_single.status_code == 422
    assert "Đã có người chọn nhiều phương án" in to_single.get_data(as_text=True)
    assert no_other.status_code == 422
    assert "Đã có người tự ghi câu trả lời: phải giữ phương án “Khác”." in no_other.get_data(as_text=True)
    db.session.expire_all()
    question = db.session.get(PollQuestion, uses.id)
    assert (question.kind, question.allow_other) == ("multiple", True)
