"""When the database cannot be reached, a sent opinion comes back whole, with a way to send it again."""

import html

from consult import create_app
from tests.conftest import CSRF_RE, _testing_config
from tests.feedback.test_views import valid_form


def test_an_opinion_sent_while_the_database_is_down_is_given_back(tmp_path):
    # A database file in a folder that does not exist: every query fails as with a server that is down.
    app = create_app(_testing_config(f"sqlite:///{tmp_path}/missing/consult.sqlite3"))
    client = app.test_client()
    token = CSRF_RE.search(client.get("/auth/login").get_data(as_text=True))
    data = valid_form(
        content="Đề nghị giữ lại tối thiểu 2 m vỉa hè cho người đi bộ & xe lăn.",
        csrf_token=token.group(1) or token.group(2),
        form_token="signed-token-from-the-form",
    )

    response = client.post("/drafts/du-thao-via-he/feedback", data=data)

    assert response.status_code == 503
    assert response.headers["Retry-After"] == "120"
    page = html.unescape(response.get_data(as_text=True))
    assert "chưa được lưu" in page
    for name in ("content", "proposed_wording", "author_name", "contact", "locality_detail", "form_token"):
        assert data[name] in page, name
    assert 'action="/drafts/du-thao-via-he/feedback"' in page
