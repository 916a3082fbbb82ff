"""Many moderators deciding the same opinions at once: exactly one decision per opinion wins."""

import threading

from sqlalchemy import func, select

from consult.extensions import db as _db
from consult.feedback.models import Feedback, FeedbackStatus
from consult.moderation.models import ModerationDecision
from consult.moderation.services import AlreadyDecided, approve_feedback, reject_feedback
from tests import factories

THREADS = 8
OPINIONS = 5


def test_concurrent_decisions_leave_exactly_one_per_opinion(app, db, open_draft):
    moderators = [factories.make_user(role="moderator") for _ in range(THREADS)]
    ids = [factories.make_feedback(open_draft).id for _ in range(OPINIONS)]
    moderator_ids = [moderator.id for moderator in moderators]
    db.session.commit()
    barrier = threading.Barrier(THREADS)
    wins, losses, errors = [], [], []

    def work(index):
        with app.app_context():
            moderator = _db.session.get(type(moderators[0]), moderator_ids[index])
            barrier.wait()
            for feedback_id in ids:
                feedback = _db.session.get(Feedback, feedback_id)
                try:
                    if index % 2:
                        approve_feedback(moderator, feedback)
                    else:
                        reject_feedback(moderator, feedback, "spam")
                    _db.session.commit()
                    wins.append(feedback_id)
                except AlreadyDecided:
                    _db.session.rollback()
                    losses.append(feedback_id)
                except Exception as error:  # noqa: BLE001 - reported below
                    _db.session.rollback()
                    errors.append(repr(error))
            _db.session.remove()

    threads = [threading.Thread(target=work, args=(index,)) for index in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert sorted(wins) == sorted(ids)
    assert len(losses) == OPINIONS * (THREADS - 1)
    db.session.expire_all()
    decisions = db.session.execute(
        select(ModerationDecision.feedback_id, func.count()).group_by(ModerationDecision.feedback_id)
    ).all()
    assert sorted(decisions) == sorted((feedback_id, 1) for feedback_id in ids)
    assert (
        db.session.scalar(select(func.count()).select_from(Feedback).where(Feedback.status == FeedbackStatus.PENDING))
        == 0
    )


# --- On PostgreSQL: many moderators at once, and redactions racing decisions ------------------------------------

import pytest  # noqa: E402

from consult.auth.models import User  # noqa: E402
from consult.moderation.citizen_flags import report_feedback  # noqa: E402
from consult.moderation.models import FeedbackRedaction  # noqa: E402
from consult.moderation.redaction import REDACTION_MARKER, TextChanged, redact_feedback  # noqa: E402
from tests.conftest import TEST_DATABASE_URL  # noqa: E402

needs_postgres = pytest.mark.skipif(
    not TEST_DATABASE_URL, reason="SQLite takes one writer at a time: decisions never truly overlap (run on PostgreSQL)"
)
MANY_THREADS = 16
MANY_OPINIONS = 50
# One connection per thread, and the test's own: more than the default pool of 5 + 10.
with_big_pool = pytest.mark.parametrize("app_config", [{"SQLALCHEMY_ENGINE_OPTIONS": {"pool_size": MANY_THREADS + 2}}])


def _run(app, count, work):
    """Run work(index) in `count` threads, each with its own app context and session; return the errors."""
    errors = []

    def runner(index):
        with app.app_context():
            try:
                work(index)
            except Exception as error:  # noqa: BLE001 - reported by the caller's assertion
                errors.append(repr(error))
            finally:
                _db.session.remove()

    threads = [threading.Thread(target=runner, args=(index,)) for index in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return errors


@needs_postgres
@with_big_pool
def test_sixteen_moderators_on_fifty_opinions_make_no_double_decision(app, db, open_draft):
    moderator_ids = [factories.make_user(role="moderator").id for _ in range(MANY_THREADS)]
    ids = [factories.make_feedback(open_draft).id for _ in range(MANY_OPINIONS)]
    db.session.commit()
    barrier = threading.Barrier(MANY_THREADS, timeout=60)
    wins, losses = [], []

    def work(index):
        moderator = _db.session.get(User, moderator_ids[index])
        order = ids if index % 2 else list(reversed(ids))  # half the threads meet the others head-on
        barrier.wait()
        for feedback_id in order:
            feedback = _db.session.get(Feedback, feedback_id)
            try:
                if index % 3:
                    approve_feedback(moderator, feedback)
                else:
                    reject_feedback(moderator, feedback, "spam")
                _db.session.commit()
                wins.append((feedback_id, moderator.id))
            except AlreadyDecided:
                _db.session.rollback()
                losses.append(feedback_id)

    errors = _run(app, MANY_THREADS, work)

    assert errors == []
    assert sorted(feedback_id for feedback_id, _ in wins) == sorted(ids)
    assert len(losses) == MANY_OPINIONS * (MANY_THREADS - 1)
    db.session.expire_all()
    decisions = db.session.execute(
        select(ModerationDecision.feedback_id, ModerationDecision.moderator_id, ModerationDecision.decision)
    ).all()
    assert sorted((feedback_id, moderator_id) for feedback_id, moderator_id, _ in decisions) == sorted(wins)
    statuses = dict(db.session.execute(select(Feedback.id, Feedback.status)).all())
    assert all(statuses[feedback_id] == decision for feedback_id, _, decision in decisions)  # status = the winner's


@needs_postgres
@with_big_pool
def test_redactions_racing_each_other_and_decisions_stay_consistent(app, db, open_draft):
    moderator_ids = [factories.make_user(role="moderator").id for _ in range(MANY_THREADS)]
    text = "Tôi là Trần Văn Bình, số 0912345678, ý kiến về Điều 3."
    ids = [factories.make_feedback(open_draft, content=text).id for _ in range(MANY_OPINIONS)]
    db.session.commit()
    barrier = threading.Barrier(MANY_THREADS, timeout=60)
    redacted, stale, decided = [], [], []

    def work(index):
        moderator = _db.session.get(User, moderator_ids[index])
        barrier.wait()
        for feedback_id in ids:
            feedback = _db.session.get(Feedback, feedback_id)
            try:
                if index % 4 == 0:
                    approve_feedback(moderator, feedback)
                    decided.append(feedback_id)
                else:  # each redacting thread hides one part of the text it read, at the revision it read
                    part = "Trần Văn Bình" if index % 2 else "0912345678"
                    if part not in feedback.content:
                        continue  # hidden already by a thread that got there first
                    hidden = feedback.content.replace(part, REDACTION_MARKER)
                    redact_feedback(moderator, feedback, hidden, "", feedback.revision, "personal_data")
                    redacted.append(feedback_id)
                _db.session.commit()
            except (AlreadyDecided, TextChanged):
                _db.session.rollback()
                stale.append(feedback_id)
            except Exception:
                _db.session.rollback()
                raise

    errors = _run(app, MANY_THREADS, work)

    assert errors == []
    db.session.expire_all()
    for feedback_id in ids:
        feedback = db.session.get(Feedback, feedback_id)
        kept = db.session.scalars(
            select(FeedbackRedaction).where(FeedbackRedaction.feedback_id == feedback_id).order_by(FeedbackRedaction.id)
        ).all()
        # Every redaction that won was made on the text it read: exactly one per revision, and none lost.
        assert [redaction.revision for redaction in kept] == list(range(1, feedback.revision + 1))
        assert kept[0].original_content == text
        name, phone = (text.replace(part, REDACTION_MARKER) for part in ("Trần Văn Bình", "0912345678"))
        both = name.replace("0912345678", REDACTION_MARKER)
        assert (feedback.content, feedback.revision) in {(name, 1), (phone, 1), (both, 2)}
        assert feedback.status == FeedbackStatus.APPROVED
    assert sorted(decided) == sorted(ids)  # one approval per opinion, whatever the redactions did
    decisions = db.session.execute(
        select(ModerationDecision.feedback_id, func.count()).group_by(ModerationDecision.feedback_id)
    ).all()
    assert sorted(decisions) == sorted((feedback_id, 1) for feedback_id in ids)


@needs_postgres
@with_big_pool
def test_simultaneous_reports_cross_the_threshold_once(app, db, open_draft):
    ids = [factories.make_feedback(open_draft, FeedbackStatus.APPROVED).id for _ in range(10)]
    for feedback_id in ids:
        db.session.get(Feedback, feedback_id).decided_at = None
    db.session.commit()
    barrier = threading.Barrier(MANY_THREADS, timeout=60)
    sent_back = []

    def work(index):
        barrier.wait()
        for feedback_id in ids:
            if report_feedback(_db.session.get(Feedback, feedback_id), f"ip:{index}", "spam"):
                sent_back.append(feedback_id)
            _db.session.commit()

    errors = _run(app, MANY_THREADS, work)

    assert errors == []
    assert sorted(sent_back) == sorted(ids)  # each opinion went back to review exactly once
    db.session.expire_all()
    assert {db.session.get(Feedback, feedback_id).status for feedback_id in ids} == {FeedbackStatus.PENDING}
