"""Answering a poll on its own page: single, multiple and "other" answers; once per account, browser or address
and day; refused outside the window with a clear message; the opinion form's guards (rate limit, honeypot, time
trap, blocked submitters); and the results shown after answering."""

import unicodedata
from datetime import timedelta

import pytest
from sqlalchemy import select

from consult.database import utcnow
from consult.drafts.models import DraftStatus
from consult.feedback.blocks import BlockKind, SubmitterBlock
from consult.hashing import hash_value
from consult.polls.models import PollChoice, PollResponse
from consult.polls.results import count_poll, poll_results
from tests import factories
from tests.conftest import hidden_fields
from tests.polls.helpers import answer, make_poll, option_id
from tests.public.test_page_cache import anonymous


@pytest.fixture
def poll(db, open_draft):
    """The open draft's poll: a single-choice question and a multiple-choice one with "Other"."""
    return make_poll(open_draft)


def test_a_visitor_answers_single_multiple_and_other_and_sees_the_results(app, db, open_draft, poll):
    colours, uses = poll
    visitor = anonymous(app)
    typed = unicodedata.normalize("NFD", "Tập thể dục")  # NFD, as some phones send it
    sent = answer(
        visitor,
        open_draft,
        {
            f"q{colours.id}": option_id(colours, "Xanh"),
            f"q{uses.id}": [option_id(uses, "Đi bộ"), option_id(uses, "Đỗ xe máy"), "other"],
            f"q{uses.id}-other": f"  {typed} ",
        },
    )
    page = visitor.get(sent.headers["Location"]).get_data(as_text=True)
    response = db.session.scalars(select(PollResponse)).one()
    other = db.session.scalars(select(PollChoice.other_text).where(PollChoice.option_id.is_(None))).one()

    assert sent.status_code == 302
    assert len(response.choices) == 4 and response.user_id is None
    assert response.voter_hash and "127.0.0.1" not in response.voter_hash
    assert other == "Tập thể dục"  # stored in NFC, trimmed
    assert "Cảm ơn bạn: câu trả lời đã được ghi nhận." in page
    assert "Bạn đã trả lời khảo sát này." in page
    assert "Kết quả" in page and "100 %" in page  # Xanh: 1 of 1
    assert "Tập thể dục" not in page  # others' own answers are for the agency only
    assert 'id="poll-questions"' not in page  # no form any more


def test_results_figures(app, db, open_draft, poll):
    colours, uses = poll
    picks = [("Đỏ", ["Đi bộ"]), ("Đỏ", ["Đi bộ", "Bán hàng"]), ("Xanh", []), (None, ["Đỗ xe máy"])]
    for index, (colour, use) in enumerate(picks):
        data = {f"q{uses.id}": [option_id(uses, text) for text in use]}
        if colour:
            data[f"q{colours.id}"] = option_id(colours, colour)
        if index == 3:
            data[f"q{uses.id}"].append("other")
            data[f"q{uses.id}-other"] = "Tập thể dục"
        client = anonymous(app, X_Forwarded_For="x")
        client.environ_base["REMOTE_ADDR"] = f"10.0.0.{index + 1}"
        assert answer(client, open_draft, data).status_code == 302
    results = poll_results(open_draft.id, other_texts=True)
    first, second = results.questions

    assert results.responses == 4
    assert first.respondents == 3
    assert [(o.text, o.count, o.percent) for o in first.options] == [("Đỏ", 2, 66.7), ("Xanh", 1, 33.3), ("Vàng", 0, 0)]
    assert first.other is None
    assert second.respondents == 3
    assert [(o.count, o.percent) for o in second.options] == [(2, 66.7), (1, 33.3), (1, 33.3)]
    assert (second.other.count, second.other.percent, second.other_texts) == (1, 33.3, ["Tập thể dục"])


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({}, "Hãy trả lời ít nhất một câu hỏi."),
        ({"uses": ["other"]}, "Hãy ghi câu trả lời của bạn vào ô, hoặc bỏ đánh dấu “Khác”."),
        ({"uses": ["Đi bộ"], "other": "Chạy bộ"}, "Hãy đánh dấu “Khác” để gửi câu trả lời bạn đã ghi"),
        ({"colours": ["Đỏ", "Xanh"]}, "Chỉ chọn một phương án."),
        ({"uses": ["other"], "other": "x" * 301}, "Câu trả lời tự ghi có tối đa 300 ký tự (đã viết 301)."),
    ],
)
def test_bad_answers_are_refused_in_vietnamese_and_kept(app, db, open_draft, poll, data, message):
    colours, uses = poll
    form = {
        f"q{colours.id}": [option_id(colours, text) for text in data.get("colours", [])],
        f"q{uses.id}": [option_id(uses, t) if t != "other" else "other" for t in data.get("uses", [])],
        f"q{uses.id}-other": data.get("other", ""),
    }
    refused = answer(anonymous(app), open_draft, form)
    body = refused.get_data(as_text=True)

    assert refused.status_code == 422
    assert message in body
    assert data.get("other", "")[:50] in body  # what was typed is given back
    assert db.session.scalars(select(PollResponse)).all() == []


def test_a_signed_in_user_answers_once(app, client, db, auth, citizen, open_draft, poll):
    colours, _uses = poll
    auth.login(citizen)
    assert answer(client, open_draft, {f"q{colours.id}": option_id(colours, "Đỏ")}).status_code == 302
    # Another browser of the same account: its session has no mark, the account has an answer.
    other_browser = app.test_client()
    other_browser.environ_base["REMOTE_ADDR"] = "10.9.9.9"
    from tests.conftest import Auth

    Auth(other_browser).login(citizen)
    page = other_browser.get(f"/drafts/{open_draft.slug}/poll").get_data(as_text=True)
    again = answer(other_browser, open_draft, {f"q{colours.id}": option_id(colours, "Xanh")}, stale=True)

    assert "Tài khoản của bạn đã trả lời khảo sát này" in page and 'id="poll-questions"' not in page
    assert again.status_code == 409
    assert "Tài khoản của bạn đã trả lời khảo sát này" in again.get_data(as_text=True)
    assert db.session.scalars(select(PollResponse)).one().user_id == citizen.id


def test_the_database_keeps_one_answer_per_user(db, open_draft, citizen):
    from consult.extensions import db as _db
    from consult.polls.answering import AlreadyAnswered, SentAnswers, store_answers

    (question,) = make_poll(open_draft, {"text": "Có hay không?", "kind": "single", "options": ["Có", "Không"]})
    sent = SentAnswers(chosen={question.id: [question.options[0].id]})
    store_answers(open_draft, sent, citizen, "h")
    _db.session.commit()
    with pytest.raises(AlreadyAnswered):
        store_answers(open_draft, sent, citizen, "h")  # as two requests at once would: the constraint decides
    _db.session.rollback()
    assert len(db.session.scalars(select(PollResponse)).all()) == 1


def test_an_anonymous_visitor_answers_once_by_session_and_by_address(app, db, open_draft, poll):
    colours, _uses = poll
    data = {f"q{colours.id}": option_id(colours, "Đỏ")}
    visitor = anonymous(app)
    assert answer(visitor, open_draft, data).status_code == 302
    same_browser = answer(visitor, open_draft, data, stale=True)
    cookies_cleared = anonymous(app)  # same address, no session mark
    cleared_page = cookies_cleared.get(f"/drafts/{open_draft.slug}/poll").get_data(as_text=True)
    refused = answer(cookies_cleared, open_draft, data, stale=True)
    elsewhere = anonymous(app)
    elsewhere.environ_base["REMOTE_ADDR"] = "10.1.2.3"
    stored = db.session.scalars(select(PollResponse.voter_hash)).all()

    assert same_browser.status_code == 409
    assert "Khảo sát này đã được trả lời từ trình duyệt hoặc kết nối mạng này trong hôm nay" in refused.get_data(
        as_text=True
    )
    assert "đã được trả lời từ trình duyệt hoặc kết nối mạng này trong hôm nay" in cleared_page
    assert "hãy đăng nhập để trả lời" in cleared_page
    assert answer(elsewhere, open_draft, data).status_code == 302
    assert len(stored) == 1
    assert stored[0] != hash_value("127.0.0.1", "client")  # salted with the draft and the day, never the address


def test_a_closed_window_refuses_answers_clearly_and_shows_results(app, db, agency, open_draft):
    closed = factories.make_draft(
        agency, opens_at=utcnow() - timedelta(days=40), closes_at=utcnow() - timedelta(days=2)
    )
    upcoming = factories.make_draft(
        agency, opens_at=utcnow() + timedelta(days=2), closes_at=utcnow() + timedelta(days=40)
    )
    (question,) = make_poll(closed, {"text": "Có hay không?", "kind": "single", "options": ["Có", "Không"]})
    make_poll(upcoming, {"text": "Có hay không?", "kind": "single", "options": ["Có", "Không"]})
    visitor = anonymous(app)
    page = visitor.get(f"/drafts/{closed.slug}/poll").get_data(as_text=True)
    refused = answer(visitor, closed, {f"q{question.id}": question.options[0].id}, stale=True)
    soon = visitor.get(f"/drafts/{upcoming.slug}/poll").get_data(as_text=True)

    assert "khảo sát không nhận thêm câu trả lời" in page and "Kết quả" in page and 'id="poll-questions"' not in page
    assert refused.status_code == 403
    assert "Khảo sát không mở: câu trả lời của bạn chưa được gửi." in refused.get_data(as_text=True)
    assert "Khảo sát mở cùng đợt lấy ý kiến vào ngày" in soon and "Kết quả" not in soon
    assert db.session.scalars(select(PollResponse)).all() == []


def test_a_draft_without_poll_or_unpublished_has_no_poll_page(app, db, agency, open_draft):
    unpublished = factories.make_draft(agency, status=DraftStatus.DRAFT)
    make_poll(unpublished)
    assert anonymous(app).get(f"/drafts/{open_draft.slug}/poll").status_code == 404
    assert anonymous(app).get(f"/drafts/{unpublished.slug}/poll").status_code == 404


def test_the_honeypot_and_the_time_trap_of_the_opinion_form_guard_the_poll(app, db, open_draft, poll):
    colours, _uses = poll
    data = {f"q{colours.id}": option_id(colours, "Đỏ")}
    bot = answer(anonymous(app), open_draft, {**data, "trang_ca_nhan": "http://spam.example"})
    app.config["FEEDBACK_MIN_FILL_SECONDS"] = 60
    hasty = answer(anonymous(app), open_draft, data)

    assert bot.status_code == 422
    assert "Vui lòng để trống ô ẩn cuối cùng rồi gửi lại." in bot.get_data(as_text=True)
    assert hasty.status_code == 422
    assert "quá nhanh" in hasty.get_data(as_text=True)
    assert "checked" in hasty.get_data(as_text=True)  # the ticks are kept
    assert db.session.scalars(select(PollResponse)).all() == []


def test_a_blocked_submitters_answer_is_held_out_of_the_results(app, db, open_draft, poll, moderator):
    colours, _uses = poll
    db.session.add(
        SubmitterBlock(
            kind=BlockKind.IP_HASH,
            value="ip",
            match_key=f"ip:{hash_value('127.0.0.1', 'client')}",
            reason="Gửi hàng loạt",
            created_by_id=moderator.id,
        )
    )
    db.session.commit()
    sent = answer(anonymous(app), open_draft, {f"q{colours.id}": option_id(colours, "Đỏ")})
    results = poll_results(open_draft.id)

    assert sent.status_code == 302  # not told
    assert db.session.scalars(select(PollResponse.held)).one() is True
    assert (results.responses, results.held, results.questions[0].options[0].count) == (0, 1, 0)


@pytest.mark.parametrize("app_config", [{"FEEDBACK_RATE_LIMIT_CLIENT": "2 per minute", "RATELIMIT_ENABLED": True}])
def test_the_opinion_forms_rate_limit_per_client_holds_the_poll(app, db, open_draft, poll, app_config):
    colours, _uses = poll
    app.config["POLL_ANSWERS_PER_ADDRESS"] = 10
    statuses = [answer(anonymous(app), open_draft, {f"q{colours.id}": option_id(colours, "Đỏ")}) for _ in range(3)]
    body = statuses[-1].get_data(as_text=True)

    assert [response.status_code for response in statuses] == [302, 302, 429]
    assert "Có quá nhiều câu trả lời được gửi từ đây" in body
    assert "checked" in body
    assert statuses[-1].headers.get("Retry-After")


def test_the_draft_page_links_to_the_poll_and_stays_cacheable(app, db, open_draft, poll):
    page = anonymous(app).get(f"/drafts/{open_draft.slug}")
    body = page.get_data(as_text=True)

    assert f'href="/drafts/{open_draft.slug}/poll"' in body
    assert 'id="poll-questions"' not in body and "Set-Cookie" not in page.headers
    assert page.headers["Cache-Control"].startswith("public")
    assert hidden_fields(body).get("form_token") is None


def test_the_receipt_offers_the_poll_after_an_opinion_and_answering_stays_optional(app, db, open_draft):
    from tests.feedback.test_guards import open_form
    from tests.feedback.test_views import valid_form

    visitor = anonymous(app)
    without_poll = visitor.post(
        f"/drafts/{open_draft.slug}/feedback", data={**open_form(visitor, open_draft), **valid_form()}
    )
    plain_receipt = visitor.get(without_poll.headers["Location"]).get_data(as_text=True)
    make_poll(open_draft)
    sent = visitor.post(
        f"/drafts/{open_draft.slug}/feedback",
        data={**open_form(visitor, open_draft), **valid_form(content="Ý kiến thứ hai về vỉa hè.")},
    )
    receipt = visitor.get(sent.headers["Location"]).get_data(as_text=True)

    assert without_poll.status_code == sent.status_code == 302  # an opinion needs no poll answer
    assert "khảo sát" not in plain_receipt
    assert "Cơ quan soạn thảo có thêm vài câu hỏi ngắn (không bắt buộc):" in receipt
    assert f'href="/drafts/{open_draft.slug}/poll"' in receipt


def test_the_kept_counts_equal_a_count_of_the_answers(app, db, open_draft, poll, moderator):
    colours, uses = poll
    picks = [
        {f"q{colours.id}": option_id(colours, "Đỏ"), f"q{uses.id}": [option_id(uses, "Đi bộ"), "other"],
         f"q{uses.id}-other": "Chạy bộ"},
        {f"q{uses.id}": [option_id(uses, "Đi bộ"), option_id(uses, "Bán hàng")]},
        {f"q{colours.id}": option_id(colours, "Vàng")},
    ]  # fmt: skip
    for index, data in enumerate(picks):
        client = anonymous(app)
        client.environ_base["REMOTE_ADDR"] = f"10.0.1.{index + 1}"
        assert answer(client, open_draft, data).status_code == 302
    db.session.add(
        SubmitterBlock(kind=BlockKind.IP_HASH, value="ip", match_key=f"ip:{hash_value('10.0.1.9', 'client')}",
                       reason="Gửi hàng loạt", created_by_id=moderator.id)
    )  # fmt: skip
    db.session.commit()
    blocked = anonymous(app)
    blocked.environ_base["REMOTE_ADDR"] = "10.0.1.9"
    assert answer(blocked, open_draft, {f"q{colours.id}": option_id(colours, "Đỏ")}).status_code == 302
    db.session.expire_all()
    kept = {
        question.id: (
            question.respondents,
            question.other_count,
            {o.id: o.chosen for o in question.options if o.chosen},
        )
        for question in poll
    }

    assert kept == count_poll(open_draft.id)
    assert kept[colours.id] == (2, 0, {option_id(colours, "Đỏ"): 1, option_id(colours, "Vàng"): 1})
    assert kept[uses.id][:2] == (2, 1)
