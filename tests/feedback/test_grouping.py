"""Opinions stored without the group commit (drafts asking for a verified email, FEEDBACK_GROUP_COMMIT off) are
grouped with their copies by a job after the request; moderators see which ones are not grouped yet, and bulk
decisions leave those alone. The group commit groups its opinions before writing them (test_group_commit.py)."""

from sqlalchemy import select

from consult.feedback.grouping import group_all_pending
from consult.feedback.models import FLAG_LABELS, Feedback, FeedbackStatus
from consult.feedback.services import submit_feedback
from consult.moderation.services import decide_many
from tests.conftest import post_form
from tests.feedback.opinion_set import FORM_LETTERS
from tests.feedback.test_views import valid_form

LETTER = FORM_LETTERS[0]
NEAR = LETTER.replace("quá cao", "rất cao") + " Xin cảm ơn."


def send_through_the_form(client, draft, contents):
    """Send each text through the opinion form, each with its own contact."""
    for number, content in enumerate(contents):
        response = post_form(client, f"/drafts/{draft.slug}/feedback",
                             valid_form(content=content, proposed_wording="", contact=f"nguoi{number}@example.vn"))
        assert response.status_code == 302


def codes(feedback):
    return [flag["code"] for flag in feedback.flags]


def test_a_copy_sent_is_grouped_once_the_job_ran_and_flagged_in_the_queue(app, client, db, auth, moderator,
                                                                         open_draft):
    app.config.update(JOBS_BACKEND="after_response",  # the test client never closes a response: the job waits
                      FEEDBACK_GROUP_COMMIT=False)
    send_through_the_form(client, open_draft, [LETTER, NEAR, LETTER])
    letter, near, exact = db.session.scalars(select(Feedback).order_by(Feedback.id)).all()
    assert all(codes(feedback) == ["grouping_pending"] and feedback.duplicate_group_id is None
               for feedback in (letter, near, exact))

    auth.login(moderator)
    waiting = client.get("/moderation/").get_data(as_text=True)
    with app.test_request_context():
        pending = str(FLAG_LABELS["grouping_pending"])  # "Chưa đối chiếu với các ý kiến khác" (i18n-submit.json)
    assert waiting.count(f"{pending} <span") == 3  # shown on each, and held from bulk decisions

    with app.app_context():
        group_all_pending(open_draft.id)
    db.session.expire_all()

    assert (letter.duplicate_group_id, near.duplicate_group_id, exact.duplicate_group_id) == (None, letter.id,
                                                                                               letter.id)
    assert codes(letter) == [] and codes(near) == ["near_duplicate"] and codes(exact) == ["duplicate"]
    grouped = client.get("/moderation/").get_data(as_text=True)
    assert f"{pending} <span" not in grouped
    assert f'<a href="#fb-{letter.id}">{letter.receipt_code} ({round(near.similarity * 100)}%)</a>' in grouped
    assert f"Trùng nội dung với ý kiến: {letter.receipt_code}" in grouped


def test_a_job_with_nothing_pending_changes_nothing(app, client, db, open_draft):
    send_through_the_form(client, open_draft, [LETTER, NEAR])  # grouped at commit (JOBS_BACKEND=inline in tests)
    before = [(feedback.duplicate_group_id, feedback.flags) for feedback in db.session.scalars(select(Feedback))]

    with app.app_context():
        group_all_pending(open_draft.id)
    db.session.expire_all()

    assert [(feedback.duplicate_group_id, feedback.flags) for feedback in db.session.scalars(select(Feedback))] == before
    assert before[1][0] is not None


def test_bulk_approval_waits_for_the_grouping(app, client, db, moderator, open_draft):
    app.config.update(JOBS_BACKEND="after_response", FEEDBACK_GROUP_COMMIT=False)
    send_through_the_form(client, open_draft, [LETTER])
    opinion = db.session.scalar(select(Feedback))
    hold = app.config["MODERATION_HOLD_FLAGS"]

    held = decide_many(moderator, [opinion.id], FeedbackStatus.APPROVED, hold_flags=hold)
    assert held.held == [opinion.receipt_code]

    with app.app_context():
        group_all_pending(open_draft.id)
    db.session.expire_all()
    approved = decide_many(moderator, [opinion.id], FeedbackStatus.APPROVED, hold_flags=hold)
    assert approved.held == [] and len(approved.decided) == 1


def test_opinions_stored_outside_a_request_are_grouped_at_commit(app, db, open_draft):
    """A command (demo load) has no response to wait for and may exit at once: its job groups the opinions itself."""
    app.config["JOBS_BACKEND"] = "after_response"
    values = {"stance": "other", "author_name": "Nguyễn Văn An", "author_kind": "individual", "locality": "ha-noi",
              "contact": "an@example.vn"}
    first = submit_feedback(open_draft, dict(values, content=LETTER))
    copy = submit_feedback(open_draft, dict(values, content=NEAR))
    db.session.commit()

    db.session.expire_all()
    letter, near = db.session.get(Feedback, first.id), db.session.get(Feedback, copy.id)
    assert codes(letter) == [] and near.duplicate_group_id == letter.id and codes(near) == ["near_duplicate"]
