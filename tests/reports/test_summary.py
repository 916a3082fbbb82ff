"""The numbers of a draft, shared by the agency's pages and the reports: they agree with the database, per audience,
local day, channel, locality and version of the text."""

from collections import Counter
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import select

from consult.drafts.services import update_draft
from consult.feedback.models import Feedback, FeedbackStatus
from consult.localities import locality_name
from consult.reports.models import Audience
from consult.reports.summary import COUNTED, count_opinions, count_summary, largest_first
from tests import factories

UTC = UTC


def utc(*parts):
    return datetime(*parts, tzinfo=UTC)


@pytest.fixture
def known_set(db, open_draft):
    """A known set of opinions: statuses, stances, kinds, localities, channels, times around Vietnam's midnight,
    an offline opinion given days before it was typed in, and opinions on an article of an earlier version."""
    first, second, third = open_draft.articles
    make = factories.make_feedback
    # 16:59 UTC is 23:59 in Hà Nội (01/03); 17:00 UTC is already 00:00 on 02/03.
    make(open_draft, FeedbackStatus.APPROVED, article=first, stance="support", created_at=utc(2026, 3, 1, 16, 59))
    make(
        open_draft,
        FeedbackStatus.APPROVED,
        article=first,
        stance="oppose",
        created_at=utc(2026, 3, 1, 17, 0),
        locality="da-nang",
        author_kind="organisation",
    )
    make(
        open_draft,
        FeedbackStatus.PENDING,
        article=second,
        stance="other",
        created_at=utc(2026, 3, 1, 0, 30),
        locality="da-nang",
        channel="letter",
    )
    make(
        open_draft,
        FeedbackStatus.APPROVED,
        article=None,
        stance="oppose",
        created_at=utc(2026, 3, 2, 16, 30),
        channel="meeting",
        received_on=date(2026, 2, 27),
        locality="ho-chi-minh",
    )
    make(
        open_draft,
        FeedbackStatus.REJECTED,
        article=second,
        stance="support",
        created_at=utc(2026, 3, 1, 10, 0),
        channel="hotline",
    )  # rejected: in by_status only
    make(open_draft, FeedbackStatus.UNVERIFIED, article=second, stance="support", created_at=utc(2026, 3, 1, 10, 0))
    make(open_draft, FeedbackStatus.APPROVED, article=third, stance="support", created_at=utc(2026, 3, 2, 3, 0))
    db.session.commit()
    update_draft(None, open_draft, {}, "Điều 1. Phạm vi\nMới.\nĐiều 2. Đối tượng\nMới.")  # article 3 is now "earlier"
    make(
        open_draft,
        FeedbackStatus.APPROVED,
        article=open_draft.articles[0],
        stance="other",
        created_at=utc(2026, 3, 2, 17, 30),
        channel="email",
    )  # 00:30 on 03/03
    db.session.commit()
    return open_draft


def test_the_agency_counts_agree_with_a_count_of_the_rows(db, known_set):
    summary = count_summary(known_set)

    rows = db.session.scalars(select(Feedback).where(Feedback.draft_id == known_set.id)).all()
    counted = [row for row in rows if row.status in COUNTED]
    assert summary["total"] == len([row for row in rows if row.status in FeedbackStatus.ALL]) == 7
    assert summary["counted"] == len(counted) == 6
    assert summary["by_status"] == {"pending": 1, "approved": 5, "rejected": 1}
    assert dict(summary["by_kind"]) == dict(Counter(row.author_kind for row in counted))
    assert dict(summary["by_locality"]) == {
        locality_name(code): count for code, count in Counter(row.locality for row in counted).items()
    }
    assert dict(summary["by_channel"]) == {
        "web": 3,
        "meeting": 1,
        "letter": 1,
        "hotline": 0,
        "mass_organisation": 0,
        "email": 1,
        "other": 0,
    }
    assert [code for code, _count in summary["by_channel"]][:2] == ["web", "meeting"]  # CHANNELS order
    assert count_opinions(known_set, FeedbackStatus.ALL) == 7


def test_days_are_local_days_and_offline_opinions_count_on_the_day_given(db, known_set):
    by_day = count_summary(known_set)["by_day"]

    assert by_day == [
        (date(2026, 2, 27), 1),  # the meeting's opinion, typed in on 02/03
        (date(2026, 2, 28), 0),
        (date(2026, 3, 1), 2),  # 00:30 UTC (07:30) and 16:59 UTC (23:59)
        (date(2026, 3, 2), 2),  # 17:00 UTC on 01/03 (00:00) and 03:00 UTC
        (date(2026, 3, 3), 1),  # 17:30 UTC on 02/03 (00:30)
    ]
    assert sum(count for _day, count in by_day) == count_summary(known_set)["counted"]


def test_article_rows_put_earlier_versions_together(db, known_set):
    summary = count_summary(known_set)

    whole, first, second, earlier = summary["articles"]
    assert whole["article"] is None and whole["counts"] == {"oppose": 1}
    assert first["article"].number == 1 and first["counts"] == {"other": 1}
    assert second["counts"] == {}
    # Articles 1 and 2 of the first version, and its article 3, are now all earlier versions.
    assert earlier["earlier"] and earlier["counts"] == {"support": 2, "oppose": 1, "other": 1}
    assert summary["stance_totals"] == {"support": 2, "oppose": 2, "other": 2}


def test_the_public_counts_approved_opinions_only(db, known_set):
    summary = count_summary(known_set, Audience.PUBLIC)

    assert summary["by_status"] == {"approved": 5} and summary["total"] == summary["counted"] == 5
    assert dict(summary["by_channel"]) == {
        "web": 3,
        "meeting": 1,
        "letter": 0,
        "hotline": 0,
        "mass_organisation": 0,
        "email": 1,
        "other": 0,
    }
    assert summary["by_kind"] == [("individual", 4), ("organisation", 1)]
    assert summary["by_locality"] == [("Hà Nội", 3), ("Thành phố Hồ Chí Minh", 1), ("Đà Nẵng", 1)]
    assert summary["by_day"] == [
        (date(2026, 2, 27), 1),
        (date(2026, 2, 28), 0),
        (date(2026, 3, 1), 1),
        (date(2026, 3, 2), 2),
        (date(2026, 3, 3), 1),
    ]
    whole, _first, _second, earlier = summary["articles"]
    assert whole["counts"] == {"oppose": 1} and earlier["counts"] == {"support": 2, "oppose": 1}
    assert summary["stance_totals"] == {"support": 2, "oppose": 2, "other": 1}


def test_largest_first_drops_zeros_and_keeps_one_order_for_equal_counts():
    assert largest_first([("web", 1), ("letter", 0), ("meeting", 3), ("email", 1)]) == [
        ("meeting", 3),
        ("email", 1),
        ("web", 1),
    ]
