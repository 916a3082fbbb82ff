"""Summary runs: the snapshot agrees with the live numbers, progress reaches the row, the page follows the run
(none, queued, running, done, failed, stale), one run at a time, only the draft's agency, and on RQ with Redis."""

import os
from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from flask_babel import ngettext
from sqlalchemy import select, text
from sqlalchemy.exc import IntegrityError

from consult.agency import summary_runs
from consult.agency.models import SummaryRun, SummaryStep
from consult.agency.summary import build_summary, present_summary
from consult.agency.summary_runs import request_summary_run, run_summary
from consult.audit import AuditLog
from consult.database import utcnow
from consult.feedback.models import FeedbackStatus
from consult.runs import RunStatus
from consult.themes.models import Theme, ThemeRun
from tests import factories
from tests.agency.test_summary import cells
from tests.answers import shown
from tests.conftest import post_form
from tests.redis_queues import throwaway_queue
from tests.themes.topics import topic_opinions

LARGE = {"SUMMARY_LIVE_MAX": 5}  # drafts of more than 5 counted opinions read the snapshot
QUEUE_LATER = dict(LARGE, JOBS_BACKEND="after_response")  # the job waits until the response is closed
REDIS_URL = os.environ.get("TEST_SUMMARY_REDIS_URL", "redis://127.0.0.1:6379/5")
RQ = dict(LARGE, JOBS_BACKEND="rq", REDIS_URL=REDIS_URL, JOBS_QUEUE=f"consult-test-summary-{os.getpid()}")
LETTER = "Đề nghị giữ nguyên vỉa hè cho người đi bộ trên các tuyến phố cổ."


@pytest.fixture
def consultation(db, open_draft):
    """A draft with 30 approved opinions on three topics (enough for themes), a form letter with copies in every
    status, opinions pending and rejected, on the whole draft and on articles."""
    first, second, _third = open_draft.articles
    factories.make_approved_opinions(open_draft, [text for _, text in topic_opinions(10)], article=first)
    make = factories.make_feedback
    letter = make(
        open_draft,
        FeedbackStatus.APPROVED,
        article=second,
        content=LETTER,
        stance="oppose",
        channel="letter",
        locality="da-nang",
    )
    for status in (FeedbackStatus.APPROVED, FeedbackStatus.PENDING, FeedbackStatus.REJECTED):
        make(open_draft, status, article=second, content=LETTER, duplicate_group_id=letter.id, similarity=1.0)
    make(
        open_draft,
        FeedbackStatus.PENDING,
        content="Cần thêm chỗ để xe máy.",
        stance="other",
        author_kind="organisation",
    )
    db.session.commit()
    return open_draft


def summary_url(draft):
    return f"/agency/drafts/{draft.id}/summary"


def compute(client, draft):
    return post_form(client, summary_url(draft) + "/compute", page=summary_url(draft))


def runs(db):
    db.session.expire_all()
    return db.session.scalars(select(SummaryRun).order_by(SummaryRun.id)).all()


def figures_at():
    """Return the words before the time in "Figures computed at HH:MM dd/mm/yyyy." ("Số liệu tính lúc")."""
    return shown("Figures computed at %(time)s.", time="").rstrip(".").strip()


def local(moment):
    return moment.astimezone(ZoneInfo("Asia/Ho_Chi_Minh")).strftime("%H:%M %d/%m/%Y")


def test_the_snapshot_holds_the_live_numbers_and_the_themes(db, app, consultation, agency_editor):
    run = request_summary_run(consultation, agency_editor)
    db.session.commit()  # inline backend: the job runs here

    [run] = runs(db)
    assert (run.status, run.step, run.error) == (RunStatus.DONE, "", "")
    assert present_summary(consultation, run.stats) == build_summary(consultation)
    live = build_summary(consultation)
    assert live["total"] == 35 and live["counted"] == 34 and live["grouped_opinions"] == {"groups": 1, "opinions": 3}
    themes = db.session.scalars(select(Theme).where(Theme.run_id == run.theme_run_id)).all()
    assert run.theme_run.opinions == 32 and len(themes) >= 2  # the themes of the approved opinions, stored
    assert run.requested_by_id == agency_editor.id and run.started_at <= run.finished_at


def test_progress_is_written_to_the_row_at_each_step(db, app, consultation, monkeypatch):
    """Seen from another connection, as the page sees it: each step, then the themes' count (PostgreSQL)."""
    seen = []

    def row():
        with db.engine.connect() as connection:
            return tuple(connection.execute(text("SELECT status, step, done, total FROM summary_run")).one())

    def watch(name, function):
        def watched(*args):
            seen.append((name, row()))
            return function(*args)

        monkeypatch.setattr(summary_runs, name, watched)

    real_themes = summary_runs.compute_themes

    def themes(draft, progress):
        seen.append(("compute_themes", row()))

        def spy(done, total):
            progress(done, total)
            seen.append(("progress", row()))

        return real_themes(draft, spy if progress else None)

    watch("count_breakdowns", summary_runs.count_breakdowns)
    watch("count_groups", summary_runs.count_groups)
    monkeypatch.setattr(summary_runs, "compute_themes", themes)
    request_summary_run(consultation, None)
    db.session.commit()

    assert seen[:3] == [
        ("count_breakdowns", ("running", SummaryStep.COUNTING, 0, 0)),
        ("count_groups", ("running", SummaryStep.GROUPING, 0, 0)),
        ("compute_themes", ("running", SummaryStep.THEMES, 0, 0)),
    ]
    if db.engine.dialect.name == "postgresql":
        assert seen[-1] == ("progress", ("running", SummaryStep.THEMES, 32, 32))
    else:  # SQLite: one writer at a time, and compute_themes is writing
        assert len(seen) == 3
    assert row() == (("done", "", 32, 32) if db.engine.dialect.name == "postgresql" else ("done", "", 0, 0))


def test_a_small_draft_is_counted_live_and_asks_for_no_run(client, auth, db, agency_editor, consultation):
    auth.login(agency_editor)
    factories.make_feedback(consultation, FeedbackStatus.APPROVED, channel="hotline")
    db.session.commit()

    page = client.get(summary_url(consultation))

    html = page.get_data(as_text=True)
    assert page.status_code == 200 and "Refresh" not in page.headers
    assert cells(html, "table-channels")["Đường dây nóng"] == ["1"]  # counted at this visit
    assert figures_at() not in html and runs(db) == []
    assert f'action="/agency/drafts/{consultation.id}/summary/compute"' in html


@pytest.mark.parametrize("app_config", [QUEUE_LATER])
def test_first_visit_to_a_large_draft_asks_for_a_run_and_shows_its_progress(
    client, auth, db, agency_editor, consultation
):
    auth.login(agency_editor)

    first = client.get(summary_url(consultation))

    assert first.status_code == 302 and first.headers["Location"] == summary_url(consultation)
    [run] = runs(db)
    assert run.status == RunStatus.QUEUED and run.requested_by_id == agency_editor.id
    audit = db.session.scalar(select(AuditLog).where(AuditLog.action == "summary.requested"))
    assert audit.actor_id == agency_editor.id and audit.object_id == run.id
    page = client.get(summary_url(consultation))
    html = page.get_data(as_text=True)
    assert page.headers["Refresh"] == "3"
    assert '<progress id="summary-progress"></progress>' in html and shown("Waiting to start").lower() in html
    assert 'id="table-articles"' not in html and "/summary/compute" not in html  # no numbers yet, no second run
    assert len(runs(db)) == 1  # a reload asks for nothing more

    first.close()  # the server closes the first response: the job runs after it
    db.session.expire_all()  # requests share the test's session here: forget the run as it was
    page = client.get(summary_url(consultation))
    html = page.get_data(as_text=True)
    [run] = runs(db)
    assert run.status == RunStatus.DONE and "Refresh" not in page.headers
    assert shown("Figures computed at %(time)s.", time=local(run.started_at)) in html
    assert cells(html, "table-articles")["Điều 2. Đối tượng áp dụng"][-1] == "3"  # the letter, two counted copies
    assert shown("No opinion has arrived since.") in html


@pytest.mark.parametrize("app_config", [LARGE])
def test_a_snapshot_says_how_many_opinions_arrived_since(client, auth, db, agency_editor, consultation):
    auth.login(agency_editor)
    client.get(summary_url(consultation))  # the first run (inline)
    for _ in range(2):
        factories.make_feedback(consultation, FeedbackStatus.PENDING, channel="hotline")
    db.session.commit()

    html = client.get(summary_url(consultation)).get_data(as_text=True)

    assert ngettext("%(num)s opinion has arrived since.", "%(num)s opinions have arrived since.", 2) in html
    assert cells(html, "table-channels")["Đường dây nóng"] == ["0"]  # the snapshot's numbers, until computed again
    response = compute(client, consultation)
    assert response.status_code == 302
    html = client.get(summary_url(consultation)).get_data(as_text=True)
    assert cells(html, "table-channels")["Đường dây nóng"] == ["2"]
    assert [run.status for run in runs(db)] == [RunStatus.DONE, RunStatus.DONE]


@pytest.mark.parametrize("app_config", [LARGE])
def test_a_running_run_shows_its_step_and_count_over_the_last_snapshot(client, auth, db, agency_editor, consultation):
    auth.login(agency_editor)
    client.get(summary_url(consultation))
    db.session.add(
        SummaryRun(
            draft_id=consultation.id,
            status=RunStatus.RUNNING,
            step=SummaryStep.THEMES,
            done=12000,
            total=80000,
            started_at=utcnow(),
        )
    )
    db.session.commit()

    page = client.get(summary_url(consultation))

    html = page.get_data(as_text=True)
    assert page.headers["Refresh"] == "3"
    step = shown("finding themes: %(done)s of %(total)s opinions", done="12.000", total="80.000")
    assert step in html
    assert '<progress id="summary-progress" max="80000" value="12000">15%</progress>' in html
    assert 'id="table-articles"' in html and figures_at() in html  # the previous snapshot, meanwhile
    assert "/summary/compute" not in html
    themes = client.get(f"/agency/drafts/{consultation.id}/themes")
    assert themes.headers["Refresh"] == "3" and step in themes.get_data(as_text=True)


@pytest.mark.parametrize("app_config", [LARGE])
def test_a_failed_run_is_shown_and_may_be_asked_for_again(client, auth, db, agency_editor, consultation, monkeypatch):
    def broken(draft, progress):
        raise MemoryError("out of memory in k-means")

    monkeypatch.setattr(summary_runs, "compute_themes", broken)
    auth.login(agency_editor)
    client.get(summary_url(consultation))

    page = client.get(summary_url(consultation))

    [run] = runs(db)
    assert run.status == RunStatus.FAILED and "k-means" in run.error and run.stats is None
    assert db.session.scalar(select(ThemeRun)) is None  # rolled back with the run's work
    html = page.get_data(as_text=True)
    assert "Refresh" not in page.headers and 'class="error"' in html and "k-means" not in html
    assert 'id="table-articles"' not in html and "/summary/compute" in html
    monkeypatch.undo()
    compute(client, consultation)
    assert [run.status for run in runs(db)] == [RunStatus.FAILED, RunStatus.DONE]


@pytest.mark.parametrize("app_config", [LARGE])
def test_a_run_whose_worker_died_shows_a_failure_and_is_replaced(client, auth, db, agency_editor, consultation):
    old = utcnow() - timedelta(hours=2)
    db.session.add(
        SummaryRun(
            draft_id=consultation.id,
            status=RunStatus.RUNNING,
            step=SummaryStep.GROUPING,
            created_at=old,
            started_at=old,
            updated_at=old,
        )
    )
    db.session.commit()
    auth.login(agency_editor)

    page = client.get(summary_url(consultation))

    html = page.get_data(as_text=True)
    assert "Refresh" not in page.headers and 'class="error"' in html and "/summary/compute" in html
    assert len(runs(db)) == 1  # a dead run is not a first visit
    compute(client, consultation)
    dead, new = runs(db)
    assert dead.status == RunStatus.FAILED and "No progress" in dead.error
    assert new.status == RunStatus.DONE


@pytest.mark.parametrize("app_config", [QUEUE_LATER])
def test_one_run_at_a_time_per_draft(client, auth, db, agency_editor, consultation, open_draft):
    auth.login(agency_editor)
    compute(client, consultation)
    compute(client, consultation)

    [run] = runs(db)
    assert run.status == RunStatus.QUEUED
    assert request_summary_run(consultation, agency_editor) is run
    with pytest.raises(IntegrityError):  # even two requests at the same instant: the database refuses
        db.session.add(SummaryRun(draft_id=consultation.id, status=RunStatus.RUNNING))
        db.session.flush()
    db.session.rollback()
    run_summary(run.id)
    run_summary(run.id)  # a second delivery of the job (RQ retry, two workers) leaves the finished run alone
    [run] = runs(db)
    assert run.status == RunStatus.DONE and db.session.scalar(select(ThemeRun.id)) == run.theme_run_id


@pytest.mark.parametrize("app_config", [LARGE])
def test_only_the_drafts_agency_sees_or_computes_its_summary(client, auth, db, other_editor, citizen, consultation):
    auth.login(other_editor)
    assert client.get(summary_url(consultation)).status_code == 403
    response = post_form(client, summary_url(consultation) + "/compute", page="/agency/")
    assert response.status_code == 403
    auth.logout()
    auth.login(citizen)
    assert client.get(summary_url(consultation)).status_code == 403
    assert runs(db) == []


def test_computing_needs_the_csrf_token(client, auth, agency_editor, consultation, db):
    auth.login(agency_editor)
    assert client.post(summary_url(consultation) + "/compute").status_code == 400
    assert runs(db) == []


@pytest.mark.parametrize("app_config", [RQ])
def test_on_rq_a_worker_computes_the_run(client, auth, db, agency_editor, consultation):
    """With JOBS_BACKEND=rq the run waits in Redis (database 5) until a worker computes it."""
    from rq import SimpleWorker

    with throwaway_queue(client.application) as (queue, _job_ids):
        auth.login(agency_editor)
        assert client.get(summary_url(consultation)).status_code == 302
        [run] = runs(db)
        assert run.status == RunStatus.QUEUED and len(queue) == 1
        assert client.get(summary_url(consultation)).headers["Refresh"] == "3"

        SimpleWorker([queue], connection=queue.connection).work(burst=True)

        [run] = runs(db)
        assert run.status == RunStatus.DONE
        assert present_summary(consultation, run.stats) == build_summary(consultation)
        assert figures_at() in client.get(summary_url(consultation)).get_data(as_text=True)


@pytest.mark.parametrize("app_config", [LARGE])
def test_the_snapshot_page_query_count_does_not_grow_with_opinions(
    client, auth, db, agency_editor, consultation, count_queries
):
    auth.login(agency_editor)

    def page_queries():
        compute(client, consultation)
        db.session.expire_all()
        with count_queries() as statements:
            assert client.get(summary_url(consultation)).status_code == 200
        return len(statements)

    few = page_queries()
    for article in consultation.articles:
        letter = factories.make_feedback(consultation, FeedbackStatus.APPROVED, article=article, channel="email")
        for _ in range(3):
            factories.make_feedback(consultation, FeedbackStatus.PENDING, article=article, duplicate_group_id=letter.id)
    db.session.commit()

    assert page_queries() == few <= 8
