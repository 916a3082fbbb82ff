"""A signed-in citizen's own opinions, and the download of everything the site holds about them."""

import json

from consult.feedback.models import FeedbackStatus
from tests import factories


def test_a_citizen_sees_only_their_own_opinions_and_downloads_them(client, db, auth, citizen, open_draft):
    mine = factories.make_feedback(open_draft, content="Ý kiến của tôi về vỉa hè.", contact="toi@example.vn")
    mine.user_id = citizen.id
    rejected = factories.make_feedback(open_draft, FeedbackStatus.REJECTED, content="Ý kiến thứ hai của tôi.")
    rejected.user_id = citizen.id
    other = factories.make_feedback(open_draft, content="Ý kiến của người khác.", contact="khac@example.vn")
    db.session.commit()
    auth.login(citizen)

    page = client.get("/my/opinions").get_data(as_text=True)
    download = client.get("/my/data.json")

    assert mine.receipt_code in page and rejected.receipt_code in page and other.receipt_code not in page
    assert page.index(rejected.receipt_code) < page.index(mine.receipt_code)  # newest first
    assert 'href="/my/opinions"' in page.split("</header>")[0]  # in the signed-in menu
    assert download.status_code == 200 and "attachment" in download.headers["Content-Disposition"]
    assert "no-store" in download.headers["Cache-Control"]
    data = json.loads(download.get_data(as_text=True))
    assert data["account"]["email"] == citizen.email
    assert {item["receipt_code"] for item in data["opinions"]} == {mine.receipt_code, rejected.receipt_code}
    sent = next(item for item in data["opinions"] if item["receipt_code"] == mine.receipt_code)
    assert (sent["content"], sent["contact"], sent["status"]) == (
        "Ý kiến của tôi về vỉa hè.",
        "toi@example.vn",
        "pending",
    )
    assert "khac@example.vn" not in download.get_data(as_text=True)


def test_someone_not_signed_in_is_asked_to_sign_in(client):
    for url in ("/my/opinions", "/my/data.json"):
        response = client.get(url)
        assert response.status_code == 302 and "/auth/login" in response.headers["Location"]


def test_the_download_reads_the_same_number_of_statements_for_one_opinion_or_many(
    client, db, auth, citizen, open_draft, count_queries
):
    def own(count):
        for index in range(count):
            item = factories.make_feedback(open_draft, FeedbackStatus.REJECTED, content=f"Ý kiến số {index}.")
            item.user_id = citizen.id
        db.session.commit()

    auth.login(citizen)
    own(1)
    with count_queries() as one:
        client.get("/my/data.json")
    own(6)
    with count_queries() as seven:
        assert len(json.loads(client.get("/my/data.json").get_data(as_text=True))["opinions"]) == 7

    assert len(seven) == len(one)  # decisions, drafts, articles, clauses: each loaded once for all
