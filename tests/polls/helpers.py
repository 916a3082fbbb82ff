"""Building polls for tests through the agency's own service, and answering them through the public page."""

from consult.extensions import db
from consult.polls.services import add_question
from tests.conftest import post_form

COLOURS = {"text": "Bạn thích vỉa hè màu gì?", "kind": "single", "options": ["Đỏ", "Xanh", "Vàng"]}
USES = {
    "text": "Bạn dùng vỉa hè để làm gì?",
    "kind": "multiple",
    "options": ["Đi bộ", "Đỗ xe máy", "Bán hàng"],
    "allow_other": True,
}


def make_poll(draft, *questions, actor=None):
    """Add the questions (COLOURS and USES by default) to the draft's poll and commit; return them."""
    made = [add_question(actor, draft, values) for values in (questions or (COLOURS, USES))]
    db.session.commit()
    return made


def option_id(question, text):
    """Return the id of the question's option with this text."""
    return next(option.id for option in question.options if option.text == text)


def answer(client, draft, data, stale=False):
    """Send the poll form of `draft` as a browser does (its hidden fields: CSRF, form token, honeypot); `stale`: a
    form kept open from before (the page shows none now), its CSRF token taken from another page."""
    return post_form(client, f"/drafts/{draft.slug}/poll", data, page="/auth/login" if stale else None)
