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
    assert db.session.scalar(
        select(func.count()).select_from(Feedback).where(Feedback.status == FeedbackStatus.PENDING)
    ) == 0
