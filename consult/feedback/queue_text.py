"""Keeping the queue's text index (QueueText) to the pending opinions: one row each, with their folded words.

Every change that makes an opinion pending, changes a pending opinion's text or decides it calls one of these in
its own transaction: store_opinions (a new opinion), the email confirmation, a second look, readers' reports
(consult.moderation), a redaction and every decision (through consult.search.indexing.index_feedback or the bulk
path). `flask --app consult search reindex` rebuilds it.
"""

from sqlalchemy import delete, insert, select

from consult.extensions import db
from consult.feedback.models import Feedback, FeedbackStatus, QueueText
from consult.text.words import folded_words

CHUNK = 500  # ids per statement (bounded parameter lists)


def queue_words(content, proposed_wording=""):
    """Return the folded words the queue's search matches for an opinion: its text and proposed wording."""
    return folded_words(content, proposed_wording)


def add_pending(entries, connection=None, new=False):
    """Write {feedback id: folded words} for opinions that are pending now, replacing what an id had (`new`:
    opinions just inserted, which have nothing to replace)."""
    if not entries:
        return
    execute = (connection or db.session).execute
    if not new:
        drop_pending(entries, connection)
    execute(insert(QueueText), [{"feedback_id": key, "folded": folded} for key, folded in entries.items()])


def drop_pending(feedback_ids, connection=None):
    """Remove opinions that are no longer pending (decided) from the index."""
    execute = (connection or db.session).execute
    feedback_ids = list(feedback_ids)
    for start in range(0, len(feedback_ids), CHUNK):
        execute(
            delete(QueueText)
            .where(QueueText.feedback_id.in_(feedback_ids[start : start + CHUNK]))
            .execution_options(synchronize_session=False)
        )


def follow_status(feedback):
    """Index an opinion if it is pending, or make sure it is not, after a change of its status or text."""
    if feedback.status == FeedbackStatus.PENDING:
        add_pending({feedback.id: queue_words(feedback.content, feedback.proposed_wording)})
    else:
        drop_pending([feedback.id])


def rebuild(batch_size=500):
    """Index every pending opinion and drop every other row, in batches read by keyset; yield the count after each
    batch so the caller may commit."""
    db.session.execute(
        delete(QueueText).where(
            ~QueueText.feedback_id.in_(select(Feedback.id).where(Feedback.status == FeedbackStatus.PENDING))
        )
    )
    statement = select(Feedback.id, Feedback.content, Feedback.proposed_wording).where(
        Feedback.status == FeedbackStatus.PENDING
    )
    last, done = 0, 0
    while True:
        rows = db.session.execute(statement.where(Feedback.id > last).order_by(Feedback.id).limit(batch_size)).all()
        if not rows:
            return
        add_pending({row.id: queue_words(row.content, row.proposed_wording) for row in rows})
        done += len(rows)
        last = rows[-1].id
        yield done
