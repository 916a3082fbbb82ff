"""Groups of copies and near copies (form letters), made as opinions are stored, one or a batch at a time, and
recomputed by regroup."""

import itertools
import threading

import pytest
from sqlalchemy import func, select

from consult.drafts.models import Draft
from consult.extensions import db
from consult.feedback.models import Feedback
from consult.feedback.store import opinion_row, store_opinions
from consult.grouping.index import index_bands
from consult.grouping.models import FeedbackLshBand
from consult.grouping.rules import Opinion, group_rows, opinion_text, text_digest
from consult.text.fingerprint import band_hashes
from consult.text.flags import duplicate_key
from consult.text.normalize import fold
from tests import factories
from tests.conftest import TEST_DATABASE_URL, post_form
from tests.feedback.opinion_set import FORM_LETTERS, distinct_opinions, labelled_set, quoting_opinions
from tests.feedback.test_views import valid_form

LETTER = FORM_LETTERS[0]


VALUES = {
    "stance": "other",
    "author_name": "Nguyễn Văn An",
    "author_kind": "individual",
    "locality": "ha-noi",
    "contact": "an@example.vn",
}


def row(draft, content, proposed_wording=""):
    """Return the row of an opinion as the form would send it."""
    return opinion_row(draft, dict(VALUES, content=content, proposed_wording=proposed_wording))


def send(draft, content, proposed_wording=""):
    """Store one opinion by the one function every way in uses; return it as stored."""
    receipt = store_opinions([row(draft, content, proposed_wording)])[0]
    return db.session.get(Feedback, receipt.id)


def send_in_batches(draft, texts, batch_size):
    """Store opinions `batch_size` at a time (as the form's writer or an import does); return them as stored."""
    receipts = []
    for start in range(0, len(texts), batch_size):
        receipts += store_opinions([row(draft, text) for text in texts[start : start + batch_size]])
    return [db.session.get(Feedback, receipt.id) for receipt in receipts]


def group_of(feedback):
    """Return the id of the opinion's group: its representative's id."""
    return feedback.duplicate_group_id or feedback.id


def codes(feedback):
    return {flag["code"]: flag["detail"] for flag in feedback.flags}


@pytest.mark.parametrize("batch_size", [1, 7, 500], ids=["one-at-a-time", "batches-of-7", "one-batch"])
def test_form_letter_copies_group_together_and_distinct_opinions_stay_apart(db, open_draft, batch_size):
    """20 form letters with 10 edited copies each, among 210 distinct opinions on the same draft, stored one at a
    time or a batch at a time (the batch's own first copies and new groups are found too)."""
    data = labelled_set(copies_per_letter=10)
    stored = send_in_batches(open_draft, [text for text, _label in data], batch_size)
    sent = list(zip(stored, [label for _text, label in data]))

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
    assert (
        db.session.scalar(
            select(func.count(Feedback.id)).where(
                Feedback.draft_id == open_draft.id, Feedback.duplicate_group_id.is_not(None)
            )
        )
        == 0
    )
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


def test_group_rows_reads_only_and_groups_opinions_not_stored_yet(db, open_draft):
    """The rules decide before anything is written: the store inserts the rows and their bands afterwards."""
    letter = send(open_draft, LETTER)
    bands_before = db.session.scalar(select(func.count()).select_from(FeedbackLshBand))
    new = [
        Opinion(10**12 + number, f"NEW{number}", text, "", [], text_digest(opinion_text(text)))
        for number, text in enumerate(
            [LETTER + " Trân trọng.", fold(LETTER), FORM_LETTERS[1], FORM_LETTERS[1] + " Xin cảm ơn."]
        )
    ]

    near, exact, other, other_near = group_rows(db.session.connection(), open_draft.id, new)

    assert (near.duplicate_group_id, near.bands) == (letter.id, [])
    assert near.flags == [
        {"code": "near_duplicate", "detail": f"{letter.receipt_code} ({round(near.similarity * 100)}%)"}
    ]
    assert exact == (letter.id, 1.0, [{"code": "duplicate", "detail": letter.receipt_code}], [])
    assert other.duplicate_group_id is None and len(other.bands) == 32  # starts a group: its bands to index
    assert other_near.duplicate_group_id == new[2].id  # a new group of the same batch, by its provisional id
    assert db.session.scalar(select(func.count()).select_from(FeedbackLshBand)) == bands_before
    assert db.session.scalar(select(func.count(Feedback.id))) == 1


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


def test_storing_costs_the_same_few_statements_for_any_batch_or_draft(db, open_draft, count_queries):
    """A batch of opinions is stored with a fixed number of statements, whatever its size or the draft's: the
    resent-forms look-up, the block check, three grouping look-ups, the INSERTs (on PostgreSQL, after drawing their
    ids) and the band rows."""

    def statements(texts):
        rows = [row(open_draft, text) for text in texts]
        with count_queries() as storing:
            store_opinions(rows)
        return len(storing)

    alone = statements([LETTER])
    batch = statements([LETTER.replace("quá cao", "rất cao"), fold(LETTER)] + distinct_opinions(30))
    send_in_batches(open_draft, distinct_opinions(150), 50)
    later = statements([FORM_LETTERS[1], FORM_LETTERS[1].replace("2 mét", "3 mét"), FORM_LETTERS[3]])

    assert max(alone, batch, later) <= 10


def test_the_queue_shows_near_copies_with_a_link_to_the_representative(client, db, auth, moderator, open_draft):
    for number, content in enumerate((LETTER, LETTER.replace("quá cao", "rất cao") + " Xin cảm ơn.", LETTER)):
        post_form(
            client,
            f"/drafts/{open_draft.slug}/feedback",
            valid_form(content=content, proposed_wording="", contact=f"nguoi{number}@example.vn"),
        )
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


def test_regroup_merges_groups_split_by_simultaneous_sends(db, runner, open_draft):
    letter = send(open_draft, LETTER)
    # Two workers taking near copies at the same moment do not see each other: both start a group.
    twin = factories.make_feedback(open_draft, content=LETTER.replace("quá cao", "rất cao"))
    index_bands(
        db.session.connection(),
        open_draft.id,
        [(twin.id, band_hashes(duplicate_key(opinion_text(twin.content, twin.proposed_wording))))],
    )
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

    threads = [
        threading.Thread(target=worker, args=("a", LETTER)),
        threading.Thread(target=worker, args=("b", LETTER.replace("quá cao", "rất cao"))),
    ]
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
    older = [
        factories.make_feedback(open_draft, content=text)
        for text in (LETTER, fold(LETTER), LETTER + " Trân trọng.", FORM_LETTERS[1], "Đồng ý.", "Đồng ý.")
    ]
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
