"""The band hashes of group representatives: how a later near copy finds them."""

from sqlalchemy import delete, insert, select

from consult.feedback.models import Feedback
from consult.grouping.models import FeedbackLshBand

_INSERT = insert(FeedbackLshBand.__table__)


def index_bands(connection, draft_id, representatives):
    """Store the band hashes of opinions that start a group, [(id, bands)], in one statement (executemany)."""
    rows = [
        {"representative_id": representative_id, "band": band, "draft_id": draft_id, "hash": value}
        for representative_id, bands in representatives
        for band, value in enumerate(bands)
    ]
    if rows:
        connection.execute(_INSERT, rows)


def drop_bands(connection, draft_id, after_id=0):
    """Delete the band rows of a draft's representatives whose id is above `after_id`."""
    connection.execute(
        delete(FeedbackLshBand).where(
            FeedbackLshBand.representative_id.in_(
                select(Feedback.id).where(Feedback.draft_id == draft_id, Feedback.id > after_id)
            )
        )
    )
