"""`flask --app consult feedback regroup`: every group of a draft worked out again, by the rules that store opinions.

Two writers storing near copies at the same moment may each start a group (neither sees the other's uncommitted
opinion): nothing fails, and regrouping the draft later merges such split groups. A change of the rules
(NEAR_DUPLICATE_THRESHOLD, the fingerprint's parameters) is applied to stored opinions the same way.
"""

from sqlalchemy import bindparam, select, update

from consult.database import lock_for_writing
from consult.extensions import db
from consult.feedback.models import Feedback
from consult.grouping.index import drop_bands, index_bands
from consult.grouping.rules import Opinion, group_rows, opinion_text, text_digest, with_grouping, without_grouping

BATCH_SIZE = 500


def regroup_draft(draft_id, batch_size=BATCH_SIZE):
    """Group a draft's opinions again in id order, a batch at a time; yield how many are done after each batch.

    Each batch is grouped against the groups rebuilt so far, exactly as if its opinions were being stored, so
    representatives that missed each other end up in one group. Memory stays flat (the caller may commit between
    batches); opinions stored meanwhile are taken by the pass when it reaches them.
    """
    last_id, done = 0, 0
    while True:
        connection = db.session.connection()  # the caller may have committed the previous batch
        lock_for_writing(connection)
        # The digest is worked out again too: the folding rules it comes from may have changed since.
        batch = [
            Opinion(
                row.id,
                row.receipt_code,
                row.content,
                row.proposed_wording,
                without_grouping(row.flags),
                text_digest(opinion_text(row.content, row.proposed_wording)),
                article_id=row.article_id,
            )
            for row in connection.execute(_BATCH, {"draft_id": draft_id, "last_id": last_id, "size": batch_size})
        ]
        if not batch:
            return
        # The bands of everything not regrouped yet go (the first time, the whole draft's): opinions stored since the
        # pass began indexed themselves, and are grouped again when the pass reaches them.
        drop_bands(connection, draft_id, last_id)
        groupings = group_rows(connection, draft_id, batch)
        connection.execute(
            _UPDATE,
            [
                {
                    "row_id": row.id,
                    "flags": with_grouping(row.flags, grouping),
                    "digest": row.duplicate_key,
                    "group_id": grouping.duplicate_group_id,
                    "score": grouping.similarity,
                }
                for row, grouping in zip(batch, groupings, strict=True)
            ],
        )
        index_bands(
            connection,
            draft_id,
            [(row.id, grouping.bands) for row, grouping in zip(batch, groupings, strict=True) if grouping.bands],
        )
        last_id, done = batch[-1].id, done + len(batch)
        yield done


_opinion = Feedback.__table__.c
_BATCH = (
    select(
        _opinion.id,
        _opinion.receipt_code,
        _opinion.content,
        _opinion.proposed_wording,
        _opinion.flags,
        _opinion.article_id,
    )
    .where(_opinion.draft_id == bindparam("draft_id"), _opinion.id > bindparam("last_id"))
    .order_by(_opinion.id)
    .limit(bindparam("size"))
)
_UPDATE = (
    update(Feedback.__table__)
    .where(_opinion.id == bindparam("row_id"))
    .values(
        flags=bindparam("flags"),
        duplicate_key=bindparam("digest"),
        duplicate_group_id=bindparam("group_id"),
        similarity=bindparam("score"),
    )
)
