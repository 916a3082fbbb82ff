"""An over-long opinion: refused with a short page in the user's language, never echoed back whole."""

from tests.conftest import csrf_token
from tests.feedback.test_views import valid_form


def test_a_megabytes_long_opinion_is_refused_without_being_echoed(client, db, open_draft):
    url = f"/drafts/{open_draft.slug}/feedback"
    form = dict(valid_form(), content="Ý kiến rất dài. " * 200_000, csrf_token=csrf_token(client, url))  # ~3 MB

    response = client.post(url, data=form)

    assert response.status_code == 413
    assert "Dữ liệu gửi lên quá lớn." in response.get_data(as_text=True)
    assert len(response.get_data()) < 20_000  # a page, not the text sent


def test_an_opinion_over_the_length_limit_is_kept_with_a_message(client, db, open_draft, app):
    url = f"/drafts/{open_draft.slug}/feedback"
    limit = app.config["FEEDBACK_MAX_LENGTH"]
    text = "Đề nghị bổ sung quy định. " * (limit // 20)
    form = dict(valid_form(), content=text, csrf_token=csrf_token(client, url))

    response = client.post(url, data=form)
    html = response.get_data(as_text=True)

    assert response.status_code in (200, 422)
    assert f"{limit:,}".replace(",", ".") in html or str(limit) in html  # the message names the limit
    assert text.strip()[:200] in html  # what was typed is given back to be shortened
