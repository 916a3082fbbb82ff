"""Groups of copies and near copies (form letters), kept on submit, listed for the summary, recomputed by regroup."""

import hashlib
import itertools
import threading

import pytest
from sqlalchemy import func, select

from consult.drafts.models import Draft
from consult.extensions import db
from consult.feedback.duplicates import duplicate_groups, find_group, index_bands, opinion_text
from consult.feedback.grouping import group_pending
from consult.feedback.models import Feedback, FeedbackLshBand
from consult.feedback.services import submit_feedback
from consult.text.fingerprint import band_hashes
from consult.text.flags import duplicate_key
from consult.text.normalize import fold
from tests import factories
from tests.conftest import TEST_DATABASE_URL, post_form
from tests.feedback.test_views import valid_form
from tests.feedback.opinion_set import FORM_LETTERS, distinct_opinions, labelled_set, quoting_opinions

LETTER = FORM_LETTERS[0]


def store(draft, content, proposed_wording=""):
    """Submit an opinion through the service the form uses; return its Receipt."""
    return submit_feedback(draft, {
        "stance": "other", "content": content, "proposed_wording": proposed_wording, "author_name": "Nguyễn Văn An",
        "author_kind": "individual", "locality": "ha-noi", "contact": "an@example.vn",
    })


def send(draft, content, proposed_wording="", grouped=True):
    """Submit an opinion through the service the form uses, then run its grouping (as the job does after the
    request) unless not `grouped`; return it as stored."""
    receipt = store(draft, content, proposed_wording)
    if grouped:
        group_pending(draft.id)
    return db.session.get(Feedback, receipt.id)


def group_all(draft, batch_size):
    """Group every pending opinion of a draft, `batch_size` at a time, as the job does; reload the opinions."""
    while group_pending(draft.id, batch_size):
        pass
    db.session.expire_all()


def group_of(feedback):
    """Return the id of the opinion's group: its representative's id."""
    return feedback.duplicate_group_id or feedback.id


def codes(feedback):
    return {flag["code"]: flag["detail"] for flag in feedback.flags}


@pytest.mark.parametrize("batch_size", [None, 7, 500], ids=["one-at-a-time", "batches-of-7", "one-batch"])
def test_form_letter_copies_group_together_and_distinct_opinions_stay_apart(db, open_draft, batch_size):
    """20 form letters with 10 edited copies each, among 210 distinct opinions on the same draft, grouped as each
    arrives or a batch of pending ones at a time (the batch's own first copies and new groups are found too)."""
    data = labelled_set(copies_per_letter=10)
    sent = [(send(open_draft, text, grouped=batch_size is None), label) for text, label in data]
    if batch_size:
        group_all(open_draft, batch_size)

    pairs = list(itertools.combinations(sent, 2))
    predicted = {(a.id, b.id) for (a, _), (b, _) in pairs if group_of(a) == group_of(b)}
    actual = {(a.id, b.id) for (a, label_a), (b, label_b) in pairs if label_a == label_b}
    assert len(actual) == 20 * 55
    assert predicted - actual == set()  # precision 1.0: no distinct opinion or other letter joins a group
    assert len(predicted & actual) / len(actual) >= 0.95  # recall
    groups = {group_of(feedback) for feedback, label in sent if label.startswith("letter")}
    assert 20 <= len(groups) <= 24


def test_each_kind_of_edit_joins_the_letter(db, open_draft):
    letter = send(open_draft, LETTER)
    edited = [
        LETTER.replace("quá cao", "qúa cao").replace("chuẩn bị", "chuẩn bi").replace("thu nhập", "thu nhaap"),
        fold(LETTER).replace("dien tich", "dien tick"),  # typed without Vietnamese input, and a slip
        LETTER.replace("Đề nghị", "Chúng tôi thật sự rất mong và đề nghị").replace(" và miễn phí", ", miễn phí"),
        LETTER.replace("Kính gửi Sở Xây dựng. ", "") + "\nTrân trọng cảm ơn. Trần Thị Lan, phường Thanh Xuân Bắc.",
    ]
    copies = [send(open_draft, text) for text in edited]
    exact = [send(open_draft, text) for text in (fold(LETTER), LETTER.upper(), LETTER.replace(". ", "; "))]

    assert letter.duplicate_group_id is None and letter.similarity is None
    for copy in copies:
        assert copy.duplicate_group_id == letter.id
        assert codes(copy) == {"near_duplicate": f"{letter.receipt_code} ({round(copy.similarity * 100)}%)"}
        assert 0.8 <= copy.similarity < 1
    for copy in exact:
        assert copy.duplicate_group_id == letter.id and copy.similarity == 1.0
        assert codes(copy)["duplicate"] == letter.receipt_code and "near_duplicate" not in codes(copy)


def test_old_and_new_tone_placement_are_exact_copies(db, open_draft):
    text = "Đề nghị Ủy ban nhân dân phường hòa giải và thỏa thuận với các hộ kinh doanh trước khi xóa bỏ điểm bán."
    first = send(open_draft, text)
    old_style = text.replace("Ủy", "Uỷ").replace("hòa", "hoà").replace("thỏa", "thoả").replace("xóa", "xoá")
    copy = send(open_draft, old_style)

    assert copy.duplicate_group_id == first.id and codes(copy) == {"duplicate": first.receipt_code}


def test_opinions_sharing_the_drafts_vocabulary_stay_apart(db, open_draft):
    send(open_draft, LETTER)
    others = [send(open_draft, text) for text in distinct_opinions(40) + quoting_opinions()]

    assert all(feedback.duplicate_group_id is None for feedback in others)
    assert not any("near_duplicate" in codes(feedback) for feedback in others)
    representatives = db.session.scalar(select(func.count(func.distinct(FeedbackLshBand.representative_id))))
    assert representatives == 1 + len(others)


def test_groups_are_per_draft(db, agency, open_draft):
    other_draft = factories.make_draft(agency)
    here = send(open_draft, LETTER)
    there = send(other_draft, LETTER)
    copy_there = send(other_draft, LETTER.replace("quá cao", "rất cao"))

    assert there.duplicate_group_id is None and "duplicate" not in codes(there)
    assert copy_there.duplicate_group_id == there.id
    assert [(feedback.id, size) for feedback, size in duplicate_groups(open_draft)] == []
    assert here.duplicate_group_id is None


def test_short_texts_group_only_as_exact_copies(db, open_draft):
    agree = send(open_draft, "Tôi đồng ý với dự thảo.")
    disagree = send(open_draft, "Tôi không đồng ý với dự thảo.")
    again = send(open_draft, "toi dong y voi du thao")

    assert band_hashes(duplicate_key("Tôi không đồng ý với dự thảo.")) == []
    assert disagree.duplicate_group_id is None and "near_duplicate" not in codes(disagree)
    assert again.duplicate_group_id == agree.id and codes(again) == {"duplicate": agree.receipt_code}
    assert db.session.scalar(select(func.count()).select_from(FeedbackLshBand)) == 0


def test_an_exact_copy_of_a_member_joins_the_representatives_group(db, open_draft):
    letter = send(open_draft, LETTER)
    member = send(open_draft, LETTER.replace("quá cao", "rất cao"))
    copy = send(open_draft, member.content)

    assert copy.duplicate_group_id == letter.id and copy.similarity == member.similarity
    assert codes(copy) == {"duplicate": member.receipt_code, "near_duplicate": codes(member)["near_duplicate"]}


def test_find_group_serves_a_submit_that_writes_its_row_itself(db, open_draft):
    """find_group reads only: a caller inserting the row with Core indexes it afterwards with index_bands."""
    first = find_group(open_draft.id, opinion_text(LETTER), flags=[])
    assert first.duplicate_group_id is None and first.flags == [] and len(first.bands) == 32
    letter = factories.make_feedback(open_draft, content=LETTER)
    letter.duplicate_key = hashlib.sha1(duplicate_key(opinion_text(LETTER)).encode("utf-8")).hexdigest()
    db.session.flush()
    index_bands(open_draft.id, [(letter.id, first.bands)])

    near = find_group(open_draft.id, opinion_text(LETTER + " Trân trọng."), flags=[])
    flagged = [{"code": "duplicate", "detail": letter.receipt_code}]  # as feedback_flags finds the first copy
    exact = find_group(open_draft.id, opinion_text(fold(LETTER)), flags=flagged)
    unflagged_copy = find_group(open_draft.id, opinion_text(fold(LETTER)), flags=[], before_id=letter.id + 1)

    assert (near.duplicate_group_id, near.bands) == (letter.id, [])
    percent = round(near.similarity * 100)
    assert near.flags == [{"code": "near_duplicate", "detail": f"{letter.receipt_code} ({percent}%)"}]
    assert exact == (letter.id, 1.0, [], [])  # the caller's flags already say it
    assert unflagged_copy == (letter.id, 1.0, flagged, [])  # a stored opinion (regroup) is always looked up


def test_only_representatives_are_indexed(db, open_draft):
    letter = send(open_draft, LETTER)
    for index in range(3):
        send(open_draft, LETTER.replace("quá cao", f"cao gấp {index + 2} lần"))

    indexed = db.session.scalars(select(FeedbackLshBand.representative_id).distinct()).all()
    assert indexed == [letter.id]
    assert db.session.scalar(select(func.count()).select_from(FeedbackLshBand)) == 32


def test_an_opinion_never_joins_a_member_of_another_group(db, open_draft):
    """Band rows left by a group merged into another (regroup, while opinions keep arriving) are not followed."""
    older = send(open_draft, FORM_LETTERS[4])
    merged = send(open_draft, LETTER)
    merged.duplicate_group_id = older.id  # as regroup leaves it until the batch's band rows are deleted
    db.session.flush()

    copy = send(open_draft, LETTER + " Trân trọng.")

    assert copy.duplicate_group_id is None and "near_duplicate" not in codes(copy)


def test_submit_runs_one_insert_and_grouping_costs_the_same_for_any_batch_or_draft(db, open_draft, count_queries):
    """The request stores an opinion with the block check and one INSERT; the job groups a batch of pending
    opinions with at most six statements, whatever the size of the batch or of the draft."""
    def queries_to_group(texts):
        open_draft.accepts_feedback()  # loaded before counting
        with count_queries() as sending:
            for text in texts:
                store(open_draft, text)
        assert len(sending) == 2 * len(texts)  # the active-block look-up and the INSERT, nothing else
        with count_queries() as grouping:
            assert group_pending(open_draft.id) == len(texts)
        return len(grouping)

    alone = queries_to_group([LETTER])
    batch = queries_to_group([LETTER.replace("quá cao", "rất cao"), fold(LETTER)] + distinct_opinions(30))
    for text in distinct_opinions(150):
        send(open_draft, text)
    later = queries_to_group([FORM_LETTERS[1], FORM_LETTERS[1].replace("2 mét", "3 mét"), FORM_LETTERS[3]])

    assert max(alone, batch, later) <= 6


def test_the_queue_shows_near_copies_with_a_link_to_the_representative(client, db, auth, moderator, open_draft):
    for number, content in enumerate((LETTER, LETTER.replace("quá cao", "rất cao") + " Xin cảm ơn.", LETTER)):
        post_form(client, f"/drafts/{open_draft.slug}/feedback",
                  valid_form(content=content, proposed_wording="", contact=f"nguoi{number}@example.vn"))
    letter, near, exact = db.session.scalars(select(Feedback).order_by(Feedback.id)).all()
    assert near.duplicate_group_id == letter.id and exact.duplicate_group_id == letter.id

    auth.login(moderator)
    html = client.get("/moderation/").get_data(as_text=True)

    percent = round(near.similarity * 100)
    assert f'<a href="#fb-{letter.id}">{letter.receipt_code} ({percent}%)</a>' in html
    assert f'id="fb-{letter.id}"' in html
    assert f"Trùng nội dung với ý kiến: {letter.receipt_code}" in html  # the exact copy, as before
    assert html.count(f"{letter.receipt_code} (") == 1


def test_a_representative_on_another_page_is_named_without_a_link(client, db, auth, moderator, open_draft):
    letter = send(open_draft, LETTER)
    near = send(open_draft, LETTER + " Trân trọng.")
    letter.status = "approved"  # decided already: no longer in the queue
    db.session.commit()

    auth.login(moderator)
    html = client.get("/moderation/").get_data(as_text=True)

    assert f"{letter.receipt_code} ({round(near.similarity * 100)}%)" in html
    assert f'href="#fb-{letter.id}"' not in html


def test_duplicate_groups_lists_the_largest_first(db, open_draft):
    big = send(open_draft, LETTER)
    for ending in ("Xin cảm ơn.", "Trân trọng.", "Rất mong được xem xét."):
        send(open_draft, f"{LETTER} {ending}")
    small = send(open_draft, FORM_LETTERS[1])
    send(open_draft, FORM_LETTERS[1] + " Xin cảm ơn.")
    send(open_draft, FORM_LETTERS[2])

    assert duplicate_groups(open_draft) == [(big, 4), (small, 2)]
    assert duplicate_groups(open_draft, min_size=3) == [(big, 4)]
    assert duplicate_groups(open_draft, limit=1) == [(big, 4)]


def test_regroup_merges_groups_split_by_simultaneous_sends(db, runner, open_draft):
    letter = send(open_draft, LETTER)
    # Two workers taking near copies at the same moment do not see each other: both start a group.
    twin = factories.make_feedback(open_draft, content=LETTER.replace("quá cao", "rất cao"))
    index_bands(open_draft.id, [(twin.id, band_hashes(duplicate_key(opinion_text(twin.content, twin.proposed_wording))))])
    follower = send(open_draft, twin.content + " Xin cảm ơn.")
    assert follower.duplicate_group_id == twin.id
    db.session.commit()

    result = runner.invoke(args=["feedback", "regroup", "--draft", open_draft.slug])

    assert result.exit_code == 0, result.output
    assert "3 opinion(s)" in result.output and "1 group(s) holding 3 opinion(s)" in result.output
    db.session.expire_all()
    assert (twin.duplicate_group_id, follower.duplicate_group_id) == (letter.id, letter.id)
    assert codes(twin)["near_duplicate"].startswith(f"{letter.receipt_code} (")
    assert codes(follower)["near_duplicate"].startswith(f"{letter.receipt_code} (")
    assert db.session.scalars(select(FeedbackLshBand.representative_id).distinct()).all() == [letter.id]


@pytest.mark.skipif(not TEST_DATABASE_URL, reason="SQLite takes one writer at a time: its submits never overlap")
def test_simultaneous_near_copies_both_start_a_group_without_error(app, db, runner, open_draft):
    draft_id, errors, sent = open_draft.id, [], {}
    both_looked = threading.Barrier(2, timeout=30)

    def worker(name, content):
        with app.app_context():
            try:
                feedback = send(db.session.get(Draft, draft_id), content)
                both_looked.wait()  # neither commits before the other has looked for copies and indexed itself
                db.session.commit()
                sent[name] = feedback.id
            except Exception as error:  # noqa: BLE001 - reported by the assertion below
                errors.append(error)
                both_looked.abort()
            finally:
                db.session.remove()

    threads = [threading.Thread(target=worker, args=("a", LETTER)),
               threading.Thread(target=worker, args=("b", LETTER.replace("quá cao", "rất cao")))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    first, second = (db.session.get(Feedback, sent[name]) for name in "ab")
    assert first.duplicate_group_id is None and second.duplicate_group_id is None  # a split group
    runner.invoke(args=["feedback", "regroup", "--draft", open_draft.slug])
    db.session.expire_all()
    assert {first.duplicate_group_id, second.duplicate_group_id} == {None, min(first.id, second.id)}


def test_regroup_groups_opinions_stored_before_the_feature(db, runner, open_draft):
    older = [factories.make_feedback(open_draft, content=text)
             for text in (LETTER, fold(LETTER), LETTER + " Trân trọng.", FORM_LETTERS[1], "Đồng ý.", "Đồng ý.")]
    db.session.commit()
    assert all(feedback.duplicate_key is None for feedback in older)

    result = runner.invoke(args=["feedback", "regroup", "--draft", str(open_draft.id), "--batch-size", "2"])

    assert result.exit_code == 0, result.output
    db.session.expire_all()
    letter, folded, signed, other, agree, agree_again = older
    assert (folded.duplicate_group_id, signed.duplicate_group_id) == (letter.id, letter.id)
    assert codes(folded) == {"duplicate": letter.receipt_code}
    assert other.duplicate_group_id is None and agree_again.duplicate_group_id == agree.id
    again = runner.invoke(args=["feedback", "regroup", "--draft", open_draft.slug])
    assert "2 group(s) holding 5 opinion(s) (before: 2 group(s), 5 opinion(s))" in again.output


def test_regroup_refuses_an_unknown_draft(runner, db):
    result = runner.invoke(args=["feedback", "regroup", "--draft", "khong-co"])
    assert result.exit_code != 0 and "No draft" in result.output


def test_a_draft_with_groups_can_be_deleted(db, open_draft):
    send(open_draft, LETTER)
    send(open_draft, fold(LETTER))
    send(open_draft, LETTER + " Trân trọng.")
    db.session.commit()

    db.session.delete(open_draft)
    db.session.commit()

    assert db.session.scalar(select(func.count(Feedback.id))) == 0
    assert db.session.scalar(select(func.count()).select_from(FeedbackLshBand)) == 0
