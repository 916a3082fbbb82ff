"""Opinions and answers through the API: approved opinions only, never a contact, a name only with consent, answers
only once published; pages that follow each other without gap or repeat."""

import json
from datetime import UTC, datetime, timedelta

from consult.answers.services import answer_feedbacks, publish_answers
from consult.feedback.models import FeedbackStatus
from tests import factories
from tests.api.conftest import CONTACT, PENDING_TEXT, REJECTED_TEXT, problem

EXPLANATION = "Ban soạn thảo tiếp thu, bổ sung khoản 3 Điều 2."


def all_pages(client, url):
    """Follow `next` from `url` to the last page; return every item and the number of pages."""
    items, pages = [], 0
    while url:
        response = client.get(url)
        assert response.status_code == 200, response.get_data(as_text=True)
        body = response.get_json()
        items += body["items"]
        pages += 1
        url = body["next"]
    return items, pages


def every_answer(client, draft):
    """Return the text of every API answer about a draft and its opinions."""
    base = f"/api/v1/drafts/{draft.slug}"
    urls = ["/api/v1/drafts", "/api/v1/agencies", base, f"{base}/articles", f"{base}/opinions", f"{base}/answers"]
    return [client.get(url).get_data(as_text=True) for url in urls]


def test_approved_opinions_as_the_public_sees_them(client, open_draft, opinions):
    body = client.get(f"/api/v1/drafts/{open_draft.slug}/opinions").get_json()

    approved, anonymous = opinions["approved"], opinions["anonymous"]
    assert [item["id"] for item in body["items"]] == [approved.id, anonymous.id]
    first = body["items"][0]
    assert first == {
        "id": approved.id,
        "text": "Đề nghị làm rõ đối tượng áp dụng.",
        "stance": "support",
        "proposed_wording": "1. Cơ quan nhà nước ở trung ương và địa phương.",
        "author_kind": "individual",
        "author_name": "Trần Thị Bình",
        "locality": "da-nang",
        "article": 2,
        "clause": 1,
        "version": 1,
        "created_at": first["created_at"],
        "published_at": first["published_at"],
        "answer": None,
    }
    assert first["created_at"].endswith("Z")
    assert body["items"][1]["author_name"] is None  # no consent: the name stays with the agency
    assert body["items"][1]["article"] is None  # on the whole draft


def test_no_contact_receipt_pending_or_rejected_opinion_ever_leaves(client, open_draft, opinions):
    texts = [json.dumps(json.loads(text), ensure_ascii=False) for text in every_answer(client, open_draft)]

    for text in texts:
        for secret in (CONTACT, PENDING_TEXT, REJECTED_TEXT, "Người Giấu Tên"):
            assert secret not in text, secret
        for opinion in opinions.values():
            assert opinion.receipt_code not in text
    for text in texts[4:]:  # opinions and answers (a draft's "contact" is the agency's office)
        for field in ("contact", "client_hash", "receipt_code", "flags", "user_id", "consent_text", "status"):
            assert f'"{field}"' not in text
    ids = {item["id"] for item in json.loads(texts[4])["items"]}
    assert opinions["pending"].id not in ids and opinions["rejected"].id not in ids


def test_an_organisation_is_named_even_without_consent(client, db, open_draft):
    factories.make_feedback(
        open_draft,
        status=FeedbackStatus.APPROVED,
        author_kind="organisation",
        author_name="Hội Luật gia",
        consent_name=False,
    )
    db.session.commit()

    item = client.get(f"/api/v1/drafts/{open_draft.slug}/opinions").get_json()["items"][0]

    assert item["author_name"] == "Hội Luật gia"


def test_opinion_pages_follow_each_other_even_when_times_are_equal(client, db, open_draft):
    same = datetime(2026, 12, 1, 3, 0, tzinfo=UTC)
    made = [
        factories.make_feedback(open_draft, status=FeedbackStatus.APPROVED, created_at=same + timedelta(seconds=n // 4))
        for n in range(11)
    ]
    factories.make_feedback(open_draft, created_at=same)  # pending, in the middle of them
    db.session.commit()

    items, pages = all_pages(client, f"/api/v1/drafts/{open_draft.slug}/opinions?limit=3")

    assert [item["id"] for item in items] == [opinion.id for opinion in made]
    assert pages == 4


def test_the_same_parameters_asked_again_load_the_same_page(client, db, open_draft, opinions):
    # Loaded parameters are kept per query string (consult.api.views.parameters); a view takes from them.
    url = f"/api/v1/drafts/{open_draft.slug}/opinions?limit=1&locality=da-nang"

    answers = [client.get(url).get_json() for _ in range(3)]
    refused = [client.get(f"/api/v1/drafts/{open_draft.slug}/opinions?limit=0") for _ in range(2)]

    assert [len(answer["items"]) for answer in answers] == [1, 1, 1]
    assert all(answer == answers[0] for answer in answers)
    assert [response.status_code for response in refused] == [400, 400]


def test_opinions_are_filtered_by_article_locality_and_time(client, db, open_draft, opinions):
    old = factories.make_feedback(
        open_draft,
        status=FeedbackStatus.APPROVED,
        article=open_draft.articles[0],
        locality="hue",
        created_at=datetime(2026, 1, 1, tzinfo=UTC),
        decided_at=datetime(2026, 1, 2, tzinfo=UTC),
    )
    db.session.commit()
    base = f"/api/v1/drafts/{open_draft.slug}/opinions"

    def ids(query):
        response = client.get(f"{base}?{query}")
        assert response.status_code == 200, response.get_data(as_text=True)
        return [item["id"] for item in response.get_json()["items"]]

    assert ids("article=2") == [opinions["approved"].id]
    assert ids("article=1") == [old.id]
    assert ids("article=9") == []
    assert ids("locality=hue") == [old.id]
    assert ids("updated_since=2026-01-02T00:00:00Z") == [old.id, opinions["approved"].id, opinions["anonymous"].id]
    assert old.id not in ids("updated_since=2026-01-02T00:00:01Z")
    problem(client.get(f"{base}?locality=atlantis"), 400)
    problem(client.get(f"{base}?article=hai"), 400)


def test_answers_appear_only_once_published(client, db, agency_editor, open_draft, opinions):
    approved = opinions["approved"]
    answer_feedbacks(agency_editor, open_draft, [approved], "accepted", EXPLANATION)
    db.session.commit()
    base = f"/api/v1/drafts/{open_draft.slug}"

    before = [client.get(url).get_data(as_text=True) for url in (f"{base}/opinions", f"{base}/answers")]
    publish_answers(agency_editor, open_draft)
    db.session.commit()
    opinion = client.get(f"{base}/opinions").get_json()["items"][0]
    answers = client.get(f"{base}/answers").get_json()

    assert all(EXPLANATION not in text for text in before)
    assert json.loads(before[1])["items"] == []
    assert opinion["answer"]["kind"] == "accepted" and opinion["answer"]["explanation"] == EXPLANATION
    assert answers["items"] == [
        {
            "opinion_id": approved.id,
            "article": 2,
            "kind": "accepted",
            "explanation": EXPLANATION,
            "published_at": opinion["answer"]["published_at"],
            "updated_at": opinion["answer"]["updated_at"],
            "text_id": opinion["answer"]["text_id"],
        }
    ]


def test_an_opinion_sent_back_to_moderation_takes_its_answer_with_it(client, db, agency_editor, open_draft, opinions):
    answer_feedbacks(agency_editor, open_draft, [opinions["approved"]], "accepted", EXPLANATION)
    publish_answers(agency_editor, open_draft)
    opinions["approved"].status = FeedbackStatus.PENDING  # as readers' reports do (consult.moderation.citizen_flags)
    db.session.commit()

    texts = [
        client.get(f"/api/v1/drafts/{open_draft.slug}/{part}").get_data(as_text=True)
        for part in ("opinions", "answers")
    ]

    assert all(EXPLANATION not in json.loads(text).__repr__() for text in texts)
    assert json.loads(texts[1])["items"] == []


def test_answer_pages_follow_each_other(client, db, agency_editor, open_draft):
    made = factories.make_approved_opinions(open_draft, [f"Ý kiến số {n}" for n in range(5)])
    for opinion in made:
        answer_feedbacks(agency_editor, open_draft, [opinion], "explained", f"Giải trình cho {opinion.content}")
    publish_answers(agency_editor, open_draft)
    db.session.commit()

    items, pages = all_pages(client, f"/api/v1/drafts/{open_draft.slug}/answers?limit=2")

    assert [item["opinion_id"] for item in items] == [opinion.id for opinion in made]
    assert pages == 3


def test_a_page_of_opinions_takes_the_same_statements_whatever_its_length(
    client, db, agency_editor, open_draft, count_queries
):
    url = f"/api/v1/drafts/{open_draft.slug}/opinions"
    first = factories.make_approved_opinions(open_draft, ["Một", "Hai"], article=open_draft.articles[0])
    answer_feedbacks(agency_editor, open_draft, first[:1], "accepted", EXPLANATION)
    publish_answers(agency_editor, open_draft)
    db.session.commit()
    with count_queries() as few:
        client.get(url)
    made = factories.make_approved_opinions(
        open_draft, [f"Ý kiến {n}" for n in range(30)], article=open_draft.articles[1]
    )
    answer_feedbacks(agency_editor, open_draft, made, "accepted", EXPLANATION)
    publish_answers(agency_editor, open_draft)
    db.session.commit()
    with count_queries() as many:
        client.get(url)

    assert len(many) == len(few) <= 4
