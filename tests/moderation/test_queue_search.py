"""The queue's text search: pending opinions found by their folded words, on SQLite and PostgreSQL, and the index
behind it kept to exactly the pending opinions by every path that changes one."""

import pytest
from sqlalchemy import select

from consult.feedback.models import FeedbackStatus, QueueText
from consult.feedback.queue_text import rebuild
from consult.feedback.verification import confirm, start_verification
from consult.moderation import queue as queue_module
from consult.moderation.citizen_flags import report_feedback
from consult.moderation.queue import QueueFilter, count_matching, pending_queue
from consult.moderation.redaction import REDACTION_MARKER, redact_feedback
from consult.moderation.second_look import ask_second_look
from consult.moderation.services import approve_feedback, decide_many, reject_feedback
from consult.search import queue as search_queue
from tests import factories

OPINION = {"stance": "support", "author_name": "Lê Thị Hoà", "author_kind": "individual", "locality": "ha-noi"}


def store(draft, content, channel="web", **row):
    """Store a pending opinion the way every opinion arrives (consult.feedback.store); return its id."""
    return factories.store_opinion(draft, dict(OPINION, content=content, channel=channel), **row).id


def found(text, **filters):
    return [item.id for item in pending_queue(filters=QueueFilter(text=text, **filters))]


def indexed(db):
    return set(db.session.scalars(select(QueueText.feedback_id)))


def test_words_are_folded_as_the_site_search_folds_them(db, open_draft):
    hoa = store(open_draft, "Đề nghị quy định rõ thủ tục hoà giải tranh chấp đất đai.")
    other = store(open_draft, "Cần thêm bãi đỗ xe cho khu dân cư.")
    db.session.commit()

    for typed in ("hoà giải", "hòa giải", "HOA GIAI", "hoa", "đất", "dat", "Đất đai"):
        assert found(typed) == [hoa], typed
    assert found("tranh ch") == [hoa]  # the last word is the start of one
    assert found("bãi đỗ xe") == [other]
    assert found("hoà xe") == []  # every word must be there
    assert found("Lê Thị") == []  # the text, not the author's name
    assert count_matching(None, QueueFilter(text="hoa giai")).value == 1


def test_the_search_goes_with_the_other_filters_and_keeps_queue_order(db, agency, open_draft):
    second = factories.make_draft(agency)
    first = store(open_draft, "Phí trông giữ xe quá cao.")
    letter = store(open_draft, "Phí trông giữ xe nên giảm một nửa.", channel="letter")
    elsewhere = store(second, "Phí trông giữ xe ở dự thảo khác.")
    db.session.commit()

    assert found("phí xe") == [first, letter, elsewhere]
    assert found("phí xe", channel="letter") == [letter]
    assert found("phí xe", draft_id=second.id) == [elsewhere]


def test_frequent_words_walk_the_queue_and_give_the_same_answer(db, open_draft, monkeypatch):
    ids = [store(open_draft, f"Thủ tục số {number} cần rút gọn.") for number in range(6)]
    rare = store(open_draft, "Thủ tục hoà giải ở cơ sở.")
    db.session.commit()
    expected = {"thu tuc": ids + [rare], "thu tuc hoa": [rare], "rut gon": ids, "so 3": [ids[3]]}
    few = {typed: found(typed) for typed in expected}
    monkeypatch.setattr(search_queue, "MATCH_CAP", 2)  # now every word above is "frequent" for its index
    monkeypatch.setattr(search_queue, "FREQUENT_IN_SAMPLE", 1)

    assert few == expected
    for typed, wanted in expected.items():
        match = QueueFilter(text=typed).text_match
        assert found(typed) == wanted, typed
        if len(wanted) > 2:
            assert match.frequent and count_matching(None, QueueFilter(text=typed)) is None, typed


def test_the_index_holds_exactly_the_pending_opinions_whatever_changes_them(db, agency, open_draft, moderator):
    kept = store(open_draft, "Ý kiến còn chờ duyệt về vỉa hè.")
    approved = store(open_draft, "Ý kiến sẽ được duyệt về vỉa hè.")
    rejected = store(open_draft, "Ý kiến sẽ bị từ chối về vỉa hè.")
    bulk = [store(open_draft, f"Ý kiến hàng loạt {n} về vỉa hè.") for n in range(3)]
    staff = store(open_draft, "Ý kiến nhập sẵn đã duyệt.", status=FeedbackStatus.APPROVED)
    db.session.commit()
    assert indexed(db) == {kept, approved, rejected, *bulk} and staff not in indexed(db)

    approve_feedback(moderator, db.session.get(queue_module.Feedback, approved))
    reject_feedback(moderator, db.session.get(queue_module.Feedback, rejected), "spam")
    decide_many(moderator, bulk, FeedbackStatus.REJECTED, "spam")
    db.session.commit()
    assert indexed(db) == {kept}
    assert found("vỉa hè") == [kept]

    # Back to the queue: an author's second look, readers' reports
    assert ask_second_look(db.session.get(queue_module.Feedback, rejected), "Xin xem lại ý kiến của tôi.")
    public = db.session.get(queue_module.Feedback, approved)
    for reporter in ("ip:a", "ip:b", "ip:c"):
        report_feedback(public, reporter, "spam")
    db.session.commit()
    assert indexed(db) == {kept, approved, rejected}
    assert found("được duyệt") == [approved]

    # A redaction: found by its new words only
    feedback = db.session.get(queue_module.Feedback, kept)
    redact_feedback(
        moderator, feedback, f"Ý kiến còn chờ duyệt về {REDACTION_MARKER}.", "", feedback.revision, "personal_data"
    )
    db.session.commit()
    assert kept not in found("vỉa hè") and found("chờ duyệt") == [kept]


def test_an_opinion_enters_the_index_when_its_email_is_confirmed(db, app, open_draft):
    open_draft.participation = "verified_email"
    unverified = store(open_draft, "Ý kiến chờ xác nhận email.", status=FeedbackStatus.UNVERIFIED)
    feedback = db.session.get(queue_module.Feedback, unverified)
    email_code = start_verification(feedback, None)
    db.session.commit()
    assert unverified not in indexed(db) and found("xac nhan") == []

    confirm(feedback, email_code)
    db.session.commit()
    assert found("xac nhan") == [unverified]


def test_reindex_rebuilds_it(db, runner, open_draft):
    pending = store(open_draft, "Ý kiến cần tìm lại được.")
    decided = factories.make_feedback(open_draft, FeedbackStatus.APPROVED, content="Ý kiến đã duyệt.")
    db.session.execute(QueueText.__table__.delete())
    db.session.add(QueueText(feedback_id=decided.id, folded="y kien da duyet"))  # an entry left behind
    db.session.commit()
    assert found("tim lai") == []

    result = runner.invoke(args=["search", "reindex"])
    assert result.exit_code == 0, result.output
    assert "pending=1" in result.output
    db.session.expire_all()
    assert indexed(db) == {pending} and found("tim lai") == [pending]
    assert list(rebuild()) == [1]


@pytest.mark.parametrize("typed", ["", "   ", "!!!"])
def test_no_word_no_text_filter(db, open_draft, typed):
    store(open_draft, "Ý kiến bất kỳ.")
    db.session.commit()
    assert QueueFilter(text=typed or None).text_match is None
    assert len(pending_queue(filters=QueueFilter(text=typed or None))) == 1
