"""The queue at volume as a moderator reads it: one compact row per opinion whose text and decision open in place or
on the opinion's own page, the filter's count (capped) and each choice's, and a flat number of queries."""

from datetime import timedelta

from consult.database import utcnow
from consult.feedback.models import Feedback, FeedbackStatus
from consult.moderation import queue as queue_module
from consult.moderation.queue import QueueFilter, choice_counts, count_matching
from tests import factories
from tests.conftest import post_form
from tests.feedback.helpers import page_text

LONG = "Dòng đầu của ý kiến về phí vỉa hè.\nĐoạn thứ hai rất dài " + "chi tiết " * 40


def test_a_row_shows_the_first_line_and_opens_the_whole_opinion_in_place(client, db, auth, moderator, open_draft):
    feedback = factories.make_feedback(
        open_draft, content=LONG, article=open_draft.articles[0], flags=[{"code": "links", "detail": "x.vn"}],
        channel="letter", created_at=utcnow() - timedelta(days=3, hours=2),
    )  # fmt: skip
    db.session.commit()
    auth.login(moderator)

    html = page_text(client.get("/moderation/"))
    row = html.split(f'id="fb-{feedback.id}"')[1].split("</article>")[0]
    head, details = row.split("<details", 1)
    assert "Dòng đầu của ý kiến về phí vỉa hè. …" in head and "Đoạn thứ hai" not in head
    assert "Điều 1" in head
    assert "3 ngày" in head
    assert "đường liên kết" in head
    assert f'href="/moderation/opinions/{feedback.id}"' in head
    assert "Đoạn thứ hai rất dài" in details and 'name="approve"' in details and "Văn bản, thư" in details
    assert f"Đọc và quyết định {feedback.receipt_code}" in details


def test_the_opinions_own_page_decides_and_returns_to_the_filtered_queue(client, db, auth, moderator, open_draft):
    feedback = factories.make_feedback(open_draft, content=LONG)
    db.session.commit()
    auth.login(moderator)
    query = f"?draft={open_draft.id}&q=via+he"

    page = client.get(f"/moderation/opinions/{feedback.id}{query}")
    html = page_text(page)
    assert page.status_code == 200 and "Đoạn thứ hai rất dài" in html
    assert f'href="/moderation/?draft={open_draft.id}&q=via+he"' in html  # back, filter kept
    refused = post_form(
        client, f"/moderation/{feedback.id}/decide{query}", {"reject": "1", "view": "opinion"}, page="/moderation/"
    )
    assert refused.status_code == 422 and "Đoạn thứ hai rất dài" in page_text(refused)  # the same page, the error
    assert 'name="view" value="opinion"' in page_text(refused)
    done = post_form(client, f"/moderation/{feedback.id}/decide{query}", {"approve": "1"}, page="/moderation/")
    assert done.headers["Location"] == f"/moderation/?draft={open_draft.id}&q=via+he"
    assert db.session.get(Feedback, feedback.id).status == FeedbackStatus.APPROVED
    assert "không còn chờ duyệt" in page_text(client.get(f"/moderation/opinions/{feedback.id}"))


def test_another_agencys_opinion_page_is_refused(client, db, auth, open_draft, other_agency):
    feedback = factories.make_feedback(open_draft)
    outsider = factories.make_user(role="moderator", agency=other_agency)
    db.session.commit()
    auth.login(outsider)
    assert client.get(f"/moderation/opinions/{feedback.id}").status_code == 403


def test_counts_stop_at_their_cap(db, agency, open_draft, monkeypatch):
    second = factories.make_draft(agency)
    for _ in range(4):
        factories.make_feedback(open_draft, flags=[{"code": "profanity", "detail": "x"}])
    factories.make_feedback(second, channel="letter")
    factories.make_feedback(open_draft, FeedbackStatus.APPROVED)
    db.session.commit()

    assert count_matching(None, QueueFilter()) == queue_module.Count(5)
    assert count_matching(None, QueueFilter(), cap=3) == queue_module.Count(3, more=True)
    assert count_matching(None, QueueFilter(draft_id=second.id)) == queue_module.Count(1)
    counts = choice_counts(None, [open_draft, second], ["web", "letter"], ["profanity", "any", "none"], cap=3)
    assert counts[("draft", open_draft.id)] == queue_module.Count(3, more=True)
    assert counts[("draft", second.id)] == queue_module.Count(1)
    assert counts[("channel", "letter")] == queue_module.Count(1)
    assert counts[("flag", "profanity")] == queue_module.Count(3, more=True)
    assert counts[("flag", "none")] == queue_module.Count(1)
    assert choice_counts([second.id], [second], ["web"], [])[("channel", "web")] == queue_module.Count(0)


def test_the_page_shows_the_counts(client, db, auth, moderator, open_draft, monkeypatch):
    for _ in range(3):
        factories.make_feedback(open_draft, channel="letter")
    db.session.commit()
    monkeypatch.setattr(queue_module, "COUNT_CAP", 2)
    monkeypatch.setattr("consult.moderation.views.COUNT_CAP", 2)
    auth.login(moderator)

    html = page_text(client.get("/moderation/"))
    assert "Hơn 2 ý kiến chờ duyệt khớp bộ lọc." in html
    assert f"{open_draft.title} (3)" in html and "Văn bản, thư (3)" in html
    assert "thu hẹp bộ lọc" in html  # no "every opinion of the filter" past the cap
    html = page_text(client.get(f"/moderation/?draft={open_draft.id}&channel=web"))
    assert "0 ý kiến chờ duyệt khớp bộ lọc." in html


def test_the_queue_costs_the_same_queries_for_5_or_50_opinions(client, db, auth, moderator, open_draft, count_queries):
    auth.login(moderator)

    def queries(total):
        while db.session.query(Feedback).count() < total:
            factories.make_feedback(open_draft, content="Thủ tục " + "dài " * 30)
        db.session.commit()
        with count_queries() as statements:
            assert client.get("/moderation/?q=thu+tuc").status_code == 200
        return len(statements)

    assert queries(5) == queries(50)
