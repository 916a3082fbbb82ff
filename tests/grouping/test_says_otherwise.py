"""Alike texts that say different things stay apart: a replaced word, a negation, a number, another article."""

import pytest

from consult.feedback.models import Feedback
from consult.feedback.store import opinion_row, store_opinions
from consult.grouping.distinct import says_otherwise
from consult.grouping.regroup import regroup_draft
from consult.text.fingerprint import similarity
from consult.text.flags import duplicate_key
from tests.feedback.opinion_set import FORM_LETTERS, SAYS_OTHERWISE_PAIRS
from tests.grouping.test_rules import VALUES, group_of, send


def keys(text_a, text_b):
    return duplicate_key(text_a), duplicate_key(text_b)


@pytest.mark.parametrize(("text_a", "text_b"), SAYS_OTHERWISE_PAIRS, ids=range(len(SAYS_OTHERWISE_PAIRS)))
def test_short_opinions_alike_in_letters_but_not_in_meaning_stay_apart(db, open_draft, text_a, text_b):
    assert similarity(*keys(text_a, text_b)) >= 0.8  # what used to put them in one group

    first, second = send(open_draft, text_a), send(open_draft, text_b)

    assert group_of(first) != group_of(second)


@pytest.mark.parametrize(
    ("text_a", "text_b"),
    [
        ("Đề nghị giữ nguyên khoản 2 Điều 5 của dự thảo.", "De nghi giu nguyen khoan 2 dieu 5 cua du thao"),
        ("Đề nghị giữ nguyên khoản 2 Điều 5 của dự thảo.", "Đề nghị giữ nguyênn khoản 2 Điều 5 của dự thảo ạ."),
        (
            "Tôi không đồng ý với quy định thu phí sử dụng vỉa hè.",
            "Tôi khôgn đồng ý với quy định thu phí sử dụng vỉa hè",
        ),
        ("Đề nghị quy định lối đi bộ rộng tối thiểu 2 m.", "Đề nghị quy định lối đi bộ rộng tối thiểu"),
    ],
    ids=["no-diacritics", "typo-and-particle", "mistyped-negation", "number-left-out"],
)
def test_a_copy_with_slips_of_the_finger_is_still_a_copy(db, open_draft, text_a, text_b):
    assert not says_otherwise(*keys(text_a, text_b))

    first, second = send(open_draft, text_a), send(open_draft, text_b)

    assert group_of(first) == group_of(second)


def test_a_long_letter_signed_with_another_name_and_place_is_still_a_copy():
    letter = FORM_LETTERS[0]
    signed = f"Kính gửi Ban soạn thảo, {letter}\nNgười góp ý: Trần Thị Lan, tổ 12 phường Thanh Xuân Bắc."

    assert not says_otherwise(*keys(letter, signed))
    assert says_otherwise(*keys(letter, letter.replace("không", "", 1))) == ("không" in letter)


def test_the_same_words_on_two_articles_are_two_opinions_and_regrouping_keeps_them_apart(db, open_draft):
    text = "Đề nghị bỏ quy định này vì không phù hợp với thực tế của các hộ kinh doanh."
    first, second = open_draft.articles[0], open_draft.articles[1]
    receipts = store_opinions(
        [
            opinion_row(open_draft, dict(VALUES, content=text), article_id=first.id),
            opinion_row(open_draft, dict(VALUES, content=text), article_id=second.id),
            opinion_row(open_draft, dict(VALUES, content=text + " "), article_id=first.id),
            opinion_row(open_draft, dict(VALUES, content=text.replace("thực", "thự")), article_id=second.id),
        ]
    )
    db.session.commit()

    def groups():
        return [group_of(db.session.get(Feedback, receipt.id)) for receipt in receipts]

    on_first, on_second, copy_on_first, near_on_second = groups()
    assert on_first != on_second
    assert copy_on_first == on_first and near_on_second == on_second
    for _done in regroup_draft(open_draft.id):
        db.session.commit()
    db.session.expire_all()
    assert groups() == [on_first, on_second, on_first, on_second]
