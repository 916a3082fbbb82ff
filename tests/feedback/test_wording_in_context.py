"""The form in context: the text an opinion is about above the form, a proposed wording that starts from it, and
the change shown as added and removed words on the receipt and to the agency."""

import re

from consult.feedback.forms import wording_digest
from consult.feedback.models import Feedback
from tests.conftest import post_form
from tests.feedback.test_views import valid_form

CLAUSE = "Tổ chức, cá nhân có liên quan."


def textarea(html, name):
    return re.search(rf'<textarea[^>]*name="{name}"[^>]*>(.*?)</textarea>', html, re.S).group(1).strip()


def test_the_clause_is_shown_above_the_form_and_the_wording_starts_from_it(client, open_draft):
    html = client.get(f"/drafts/{open_draft.slug}/feedback?article=2&clause=2").get_data(as_text=True)

    shown = html.split('class="target-text"')[1].split("</section>")[0]
    assert "Khoản 2 Điều 2" in shown and CLAUSE in shown
    assert textarea(html, "proposed_wording") == CLAUSE
    assert f'value="{wording_digest(CLAUSE)}"' in html


def test_a_whole_draft_opinion_starts_with_an_empty_wording(client, open_draft):
    html = client.get(f"/drafts/{open_draft.slug}/feedback").get_data(as_text=True)

    assert 'class="target-text"' not in html and textarea(html, "proposed_wording") == ""


def test_a_wording_sent_back_untouched_is_no_proposal(client, db, open_draft):
    url = f"/drafts/{open_draft.slug}/feedback?article=2&clause=2"
    form = valid_form(target="2.2", proposed_wording=CLAUSE.replace("\n", "\r\n") + " ")

    assert post_form(client, url, form).status_code == 302  # the page's hidden digest goes with it

    assert db.session.query(Feedback).one().proposed_wording == ""


def test_a_changed_wording_is_kept_and_shown_as_changes(client, db, open_draft):
    url = f"/drafts/{open_draft.slug}/feedback?article=2&clause=2"
    wording = "Tổ chức, cá nhân kinh doanh có liên quan."

    response = post_form(client, url, valid_form(target="2.2", proposed_wording=wording))
    receipt = client.get(response.headers["Location"]).get_data(as_text=True)

    assert db.session.query(Feedback).one().proposed_wording == wording
    assert "<dt>Quan điểm</dt><dd>Không tán thành</dd>" in receipt  # the stance sent
    diff = receipt.split('class="text text--diff"')[1].split("</blockquote>")[0]
    assert re.search(r"<ins>.*kinh doanh.*</ins>", diff) and "<del>" not in diff
