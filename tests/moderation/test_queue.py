"""The moderation queue at volume: filters, keyset pages, flag rows kept by the database, a flat query count."""

from datetime import UTC, date, datetime, timedelta

from sqlalchemy import select

from consult.database import utcnow
from consult.feedback.models import FeedbackFlag, FeedbackStatus
from consult.moderation.queue import ANY_FLAG, NO_FLAG, QueueFilter, local_day_start, pending_queue
from tests import factories

PROFANITY = [{"code": "profanity", "detail": "đm"}]
LINKS = [{"code": "links", "detail": "https://www.vaytien.vn/a, t.me/abc"}]


def contents(items):
    return [item.content for item in items]


def test_flag_rows_follow_the_flags_whoever_writes_them(db, open_draft):
    feedback = factories.make_feedback(open_draft, flags=PROFANITY + LINKS)
    assert set(db.session.scalars(select(FeedbackFlag.code).where(FeedbackFlag.feedback_id == feedback.id))) == {
        "profanity",
        "links",
    }

    feedback.flags = [{"code": "all_caps", "detail": "90%"}]
    db.session.flush()
    rows = db.session.scalars(select(FeedbackFlag).where(FeedbackFlag.feedback_id == feedback.id)).all()
    assert [(row.code, row.draft_id, row.created_at) for row in rows] == [
        ("all_caps", open_draft.id, feedback.created_at)
    ]

    feedback.flags = []
    db.session.flush()
    assert db.session.scalar(select(FeedbackFlag).where(FeedbackFlag.feedback_id == feedback.id)) is None


def test_flag_filters(db, open_draft):
    now = utcnow()
    factories.make_feedback(open_draft, content="bad", flags=PROFANITY, created_at=now - timedelta(hours=3))
    factories.make_feedback(open_draft, content="link", flags=LINKS, created_at=now - timedelta(hours=2))
    factories.make_feedback(open_draft, content="clean", created_at=now - timedelta(hours=1))
    factories.make_feedback(open_draft, FeedbackStatus.APPROVED, content="decided", flags=PROFANITY)

    assert contents(pending_queue(filters=QueueFilter(flag="profanity"))) == ["bad"]
    assert contents(pending_queue(filters=QueueFilter(flag="links", draft_id=open_draft.id))) == ["link"]
    assert contents(pending_queue(filters=QueueFilter(flag=ANY_FLAG))) == ["bad", "link"]
    assert contents(pending_queue(filters=QueueFilter(flag=NO_FLAG))) == ["clean"]
    assert pending_queue(draft_ids=[], filters=QueueFilter(flag="profanity")) == []


def test_draft_article_channel_and_age_filters(db, agency):
    first, second = factories.make_draft(agency), factories.make_draft(agency)
    now = utcnow()
    factories.make_feedback(first, content="old letter", channel="letter", created_at=now - timedelta(days=8))
    factories.make_feedback(first, content="article 2", article=first.articles[1], created_at=now - timedelta(days=2))
    factories.make_feedback(second, content="other draft", created_at=now - timedelta(hours=1))

    assert contents(pending_queue(filters=QueueFilter(draft_id=first.id))) == ["old letter", "article 2"]
    assert contents(pending_queue(filters=QueueFilter(draft_id=first.id, article_id=first.articles[1].id))) == [
        "article 2"
    ]
    assert contents(pending_queue(filters=QueueFilter(channel="letter"))) == ["old letter"]
    assert contents(pending_queue(filters=QueueFilter(older_than_days=1), now=now)) == ["old letter", "article 2"]
    assert contents(pending_queue(filters=QueueFilter(older_than_days=7), now=now)) == ["old letter"]
    assert contents(pending_queue(draft_ids=[second.id])) == ["other draft"]


def test_received_dates_are_days_in_vietnam(db, open_draft):
    # 23:30 UTC on 1 March is 06:30 on 2 March in Hà Nội.
    factories.make_feedback(open_draft, content="second of march", created_at=datetime(2026, 3, 1, 23, 30, tzinfo=UTC))
    factories.make_feedback(open_draft, content="first of march", created_at=datetime(2026, 3, 1, 16, 30, tzinfo=UTC))

    assert local_day_start(date(2026, 3, 2)) == datetime(2026, 3, 1, 17, 0, tzinfo=UTC)
    assert contents(pending_queue(filters=QueueFilter(received_from=date(2026, 3, 2)))) == ["second of march"]
    assert contents(pending_queue(filters=QueueFilter(received_to=date(2026, 3, 1)))) == ["first of march"]


def test_group_filter_shows_the_representative_and_pending_members_in_order(db, open_draft):
    now = utcnow()
    representative = factories.make_feedback(open_draft, content="rep", created_at=now - timedelta(hours=5))
    for number in range(4):
        factories.make_feedback(
            open_draft,
            content=f"copy {number}",
            duplicate_group_id=representative.id,
            created_at=now - timedelta(hours=4 - number),
        )
    factories.make_feedback(
        open_draft, FeedbackStatus.REJECTED, content="decided copy", duplicate_group_id=representative.id
    )
    factories.make_feedback(open_draft, content="unrelated")

    group = QueueFilter(group_id=representative.id)
    first_page = pending_queue(filters=group, limit=3)
    assert contents(first_page) == ["rep", "copy 0", "copy 1"]
    last = first_page[-1]
    assert contents(pending_queue(filters=group, after=(last.created_at, last.id), limit=3)) == ["copy 2", "copy 3"]


def test_keyset_pages_under_a_flag_filter_cover_every_opinion_once(db, open_draft):
    same_time = utcnow() - timedelta(hours=1)
    for number in range(7):
        factories.make_feedback(open_draft, content=f"bad {number}", flags=PROFANITY, created_at=same_time)
    seen, after = [], None
    while True:
        page = pending_queue(filters=QueueFilter(flag="profanity"), after=after, limit=3)
        if not page:
            break
        seen += contents(page)
        after = (page[-1].created_at, page[-1].id)
    assert seen == [f"bad {number}" for number in range(7)]


def test_filtered_queue_pages_keep_the_filters(client, db, auth, moderator, open_draft, app):
    size = app.config["QUEUE_PAGE_SIZE"]
    now = utcnow()
    for number in range(size + 1):
        factories.make_feedback(
            open_draft,
            content=f"Ý kiến L{number:03d}",
            channel="letter",
            created_at=now - timedelta(minutes=500 - number),
        )
    factories.make_feedback(open_draft, content="Ý kiến trực tuyến")
    db.session.commit()
    auth.login(moderator)

    html = client.get(f"/moderation/?draft={open_draft.id}&channel=letter").get_data(as_text=True)
    assert "Ý kiến trực tuyến" not in html
    next_link = html.split('href="/moderation/?')[-1].split('"')[0].replace("&amp;", "&")
    assert "channel=letter" in next_link and f"draft={open_draft.id}" in next_link and "after=" in next_link
    page_two = client.get(f"/moderation/?{next_link}").get_data(as_text=True)
    assert f"Ý kiến L{size:03d}" in page_two and "Ý kiến trực tuyến" not in page_two


def test_a_bad_date_is_explained_and_kept(client, db, auth, moderator, open_draft):
    factories.make_feedback(open_draft, content="Ý kiến chờ duyệt")
    db.session.commit()
    auth.login(moderator)

    response = client.get("/moderation/?received_from=31/02/2026")

    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert 'value="31/02/2026"' in html and 'aria-invalid="true"' in html
    assert "Ý kiến chờ duyệt" in html  # the unreadable filter is not applied


def test_flags_show_what_triggered_them(client, db, auth, moderator, open_draft):
    factories.make_feedback(open_draft, flags=PROFANITY + LINKS)
    db.session.commit()
    auth.login(moderator)

    html = client.get("/moderation/").get_data(as_text=True)

    assert ": đm" in html
    assert ": vaytien.vn, t.me" in html  # the domains, not the whole addresses


def test_first_page_query_count_is_flat_for_every_filter(client, db, auth, moderator, agency, count_queries):
    draft = factories.make_draft(agency)
    factories.make_feedback(
        draft, article=draft.articles[0], flags=PROFANITY, channel="letter", created_at=utcnow() - timedelta(days=6)
    )
    factories.make_feedback(draft, article=draft.articles[0], channel="letter", created_at=utcnow() - timedelta(days=6))
    db.session.commit()
    auth.login(moderator)
    urls = [
        "/moderation/",
        f"/moderation/?draft={draft.id}",
        "/moderation/?flag=profanity",
        "/moderation/?flag=any",
        "/moderation/?flag=none",
        "/moderation/?channel=letter",
        "/moderation/?age=3",
        f"/moderation/?draft={draft.id}&article={draft.articles[0].id}&received_from=01/01/2026",
    ]

    def queries():
        counts = {}
        for url in urls:
            db.session.expire_all()
            with count_queries() as statements:
                assert client.get(url).status_code == 200
            counts[url] = len(statements)
        return counts

    few = queries()
    representative = factories.make_feedback(
        draft, article=draft.articles[0], flags=PROFANITY, channel="letter", created_at=utcnow() - timedelta(days=5)
    )
    for number in range(30):
        factories.make_feedback(
            draft,
            article=draft.articles[number % 3],
            flags=PROFANITY if number % 2 else [],
            channel="letter",
            duplicate_group_id=representative.id,
            created_at=utcnow() - timedelta(days=4),
        )
    db.session.commit()
    many = queries()
    group_url = f"/moderation/?group={representative.id}"
    urls.append(group_url)
    with_group = queries()

    assert many == few
    assert max(many.values()) <= 10 and with_group[group_url] <= 10


def test_each_opinion_links_to_its_redaction_page_and_the_queue_to_blocks(client, db, auth, moderator, open_draft):
    feedback = factories.make_feedback(open_draft, content="Số điện thoại của ông A là 0912345678.")
    db.session.commit()
    auth.login(moderator)

    html = client.get("/moderation/").get_data(as_text=True)

    assert f'href="/moderation/{feedback.id}/redact"' in html
    assert client.get(f"/moderation/{feedback.id}/redact").status_code == 200
    assert 'href="/moderation/blocks"' in html


def test_group_sizes_count_pending_members_up_to_the_cap(db, open_draft, monkeypatch):
    from consult.moderation import queue

    representative = factories.make_feedback(open_draft)
    for _ in range(5):
        factories.make_feedback(open_draft, duplicate_group_id=representative.id)
    factories.make_feedback(open_draft, status=FeedbackStatus.APPROVED, duplicate_group_id=representative.id)
    decided = factories.make_feedback(open_draft, status=FeedbackStatus.APPROVED)
    copy_of_decided = factories.make_feedback(open_draft, duplicate_group_id=decided.id)
    alone = factories.make_feedback(open_draft)

    assert queue.pending_group_sizes([representative, copy_of_decided, alone]) == {
        representative.id: 6,
        decided.id: 1,
        alone.id: 1,
    }
    monkeypatch.setattr(queue, "GROUP_COUNT_CAP", 3)
    assert queue.pending_group_sizes([representative])[representative.id] == 4  # the cap, and the representative
