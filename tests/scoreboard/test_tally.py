"""Stored counts of drafts whose window has ended: the triggers mark them stale at every change that counts, the
scoreboard recounts what is stale, and its figures always equal a fresh count."""

from datetime import timedelta

from sqlalchemy import select, update

from consult.answers.models import Answer, AnswerText
from consult.database import utcnow
from consult.drafts.models import Draft, DraftStatus
from consult.feedback.models import Feedback, FeedbackStatus
from consult.scoreboard import tally
from consult.scoreboard.models import DraftTally
from consult.scoreboard.services import Period, build_scoreboard, opinion_counts
from tests import factories


def figures(agency_slug, year=2025):
    row = next(row for row in build_scoreboard(Period(year)).rows if row.slug == agency_slug)
    return row.online, row.offline, row.published_opinions, row.answered, row.answers_published


def stored(db, draft):
    db.session.expire_all()
    return db.session.get(DraftTally, draft.id)


def a1_of(db):
    return db.session.scalar(select(Draft).where(Draft.title == "A1"))


def test_ended_drafts_are_stored_open_ones_are_not(app, db, year_2025):
    build_scoreboard(Period(2025))
    rows = {row.draft_id: row for row in db.session.scalars(select(DraftTally))}
    titles = set(db.session.scalars(select(Draft.title).where(Draft.id.in_(rows))))

    assert titles == {"A1", "A2", "B1", "D1"}  # D1 is "open" but its window ended in January 2025
    assert not any(row.stale for row in rows.values())
    a1 = rows[a1_of(db).id]
    assert (a1.online, a1.offline, a1.published, a1.answered, a1.answers_published) == (4, 2, 4, 2, 1)


def test_every_change_that_counts_marks_the_draft_stale_and_shows(app, db, year_2025):
    a1 = a1_of(db)
    before = figures("a-so-xay-dung")
    assert not stored(db, a1).stale

    opinion = factories.make_feedback(a1, status=FeedbackStatus.APPROVED, channel="letter")  # added (offline)
    db.session.commit()
    assert stored(db, a1).stale
    assert figures("a-so-xay-dung") == (before[0], before[1] + 1, before[2] + 1, before[3], before[4])
    assert not stored(db, a1).stale

    db.session.execute(update(Feedback).where(Feedback.id == opinion.id).values(status=FeedbackStatus.REJECTED))
    db.session.commit()
    assert stored(db, a1).stale
    assert figures("a-so-xay-dung") == before

    answer = factories.make_answer(db.session.get(Feedback, opinion.id), published=False)  # answer added
    db.session.commit()
    assert stored(db, a1).stale
    figures("a-so-xay-dung")
    db.session.execute(update(Answer).where(Answer.id == answer.id).values(published_at=utcnow()))  # published
    db.session.commit()
    assert stored(db, a1).stale
    assert figures("a-so-xay-dung")[4] == before[4] + 1

    db.session.delete(db.session.get(AnswerText, answer.text_id))  # its text removed: the answer goes with it
    db.session.commit()
    assert stored(db, a1).stale
    assert figures("a-so-xay-dung") == before


def test_changes_that_do_not_count_leave_the_row_alone(app, db, year_2025):
    a1 = a1_of(db)
    build_scoreboard(Period(2025))
    opinion = db.session.scalar(select(Feedback).where(Feedback.draft_id == a1.id).limit(1))

    db.session.execute(update(Feedback).where(Feedback.id == opinion.id).values(content="Một nội dung khác"))
    db.session.commit()

    assert not stored(db, a1).stale


def test_an_opinion_moved_to_another_draft_marks_both(app, db, year_2025):
    a1 = a1_of(db)
    a2 = db.session.scalar(select(Draft).where(Draft.title == "A2"))
    build_scoreboard(Period(2025))
    opinion = db.session.scalar(
        select(Feedback).where(Feedback.draft_id == a1.id, Feedback.status == FeedbackStatus.PENDING).limit(1)
    )

    db.session.execute(update(Feedback).where(Feedback.id == opinion.id).values(draft_id=a2.id))
    db.session.commit()

    assert stored(db, a1).stale and stored(db, a2).stale


def test_a_slower_recount_never_overwrites_a_newer_one(app, db, year_2025):
    a1 = a1_of(db)
    build_scoreboard(Period(2025))
    fresh = opinion_counts([a1.id])[a1.id]

    def slow_count(ids):
        """Count, then let a writer add an opinion and another recount store before this one stores."""
        counted = opinion_counts(ids)
        factories.make_feedback(a1, status=FeedbackStatus.APPROVED, channel="web")
        db.session.commit()
        tally.recount([a1.id], opinion_counts)
        return counted

    db.session.execute(update(DraftTally).where(DraftTally.draft_id == a1.id).values(stale=True))
    db.session.commit()
    old = tally.recount([a1.id], slow_count)[a1.id]

    assert tuple(old) == tuple(fresh)  # what this recount saw
    row = stored(db, a1)
    assert (row.online, row.published) == (fresh[0] + 1, fresh[2] + 1)  # the newer recount's figures were kept


def test_a_reopened_window_drops_the_stored_row(app, db, year_2025):
    a1 = a1_of(db)
    build_scoreboard(Period(2025))
    assert stored(db, a1) is not None

    a1.status, a1.closes_at = DraftStatus.OPEN, utcnow() + timedelta(days=10)
    db.session.commit()
    figures("a-so-xay-dung")

    assert stored(db, a1) is None  # its writers no longer wait on the row


def test_stored_figures_equal_a_fresh_count_after_a_bulk_change(app, db, year_2025):
    build_scoreboard(Period(2025))
    db.session.execute(update(Feedback).values(status=FeedbackStatus.APPROVED))  # one statement, every opinion
    db.session.commit()

    build_scoreboard(Period(2025))

    kept = list(db.session.scalars(select(DraftTally)))
    live = opinion_counts([row.draft_id for row in kept])
    assert len(kept) == 4 and not any(row.stale for row in kept)
    for row in kept:
        assert (row.online, row.offline, row.published, row.answered, row.answers_published) == tuple(
            live.get(row.draft_id, tally.ZERO)
        )
