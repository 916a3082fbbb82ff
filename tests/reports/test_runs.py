"""Report runs: asked for on the agency page, built by the job, followed with a progress bar, downloaded."""

import os
from datetime import timedelta

import pytest
from docx import Document
from sqlalchemy import select

from consult.audit import AuditLog
from consult.database import utcnow
from consult.feedback.models import Feedback
from consult.reports.models import ReportRun, RunStatus
from consult.reports.runs import request_run, run_report
from tests.conftest import post_form
from tests.redis_queues import throwaway_queue

REDIS_URL = os.environ.get("TEST_REPORTS_REDIS_URL", "redis://127.0.0.1:6379/6")
QUEUE = f"consult-test-reports-{os.getpid()}"


def reports_url(draft):
    return f"/agency/drafts/{draft.id}/reports"


def test_agency_editor_builds_and_downloads_the_internal_xlsx(client, auth, db, agency_editor, dataset, report_dir):
    """Asking for a file runs the job (inline in tests); the page then offers it; the request is audited."""
    auth.login(agency_editor)
    response = post_form(
        client, reports_url(dataset.draft), {"fmt": "xlsx", "audience": "agency", "include_contact": "y"}
    )
    assert response.status_code == 302
    run = db.session.scalar(select(ReportRun))
    db.session.refresh(run)
    assert (run.status, run.include_contact, run.done, run.total) == (RunStatus.DONE, True, 8, 8)
    page = client.get(reports_url(dataset.draft))
    html = page.get_data(as_text=True)
    assert "Refresh" not in page.headers
    download = f"/agency/drafts/{dataset.draft.id}/reports/{run.id}/download"
    assert download in html
    file = client.get(download)
    assert file.status_code == 200 and file.data[:2] == b"PK"
    assert file.headers["Cache-Control"] == "private, no-store"
    assert "spreadsheetml" in file.headers["Content-Type"]
    file.close()
    audit = db.session.scalar(select(AuditLog).where(AuditLog.action == "report.requested"))
    assert audit.actor_id == agency_editor.id and audit.after == {"fmt": "xlsx", "include_contact": True}


def test_a_run_in_progress_shows_a_bar_and_reloads_itself(client, auth, db, agency_editor, open_draft, report_dir):
    """No JavaScript: a <progress> element and a Refresh header while the build runs."""
    run = ReportRun(
        draft_id=open_draft.id,
        fmt="docx",
        audience="agency",
        status=RunStatus.RUNNING,
        done=250,
        total=1000,
        file_name="x.docx",
    )
    db.session.add(run)
    db.session.commit()
    auth.login(agency_editor)
    page = client.get(reports_url(open_draft))
    assert page.headers["Refresh"] == "3"
    html = page.get_data(as_text=True)
    assert f'<progress id="progress-{run.id}" max="100" value="25">' in html
    assert "250" in html and "1000" in html


def test_a_run_whose_worker_died_shows_a_failure_and_stops_reloading(client, auth, db, agency_editor, open_draft):
    """A run with no progress for REPORT_STALE_SECONDS is reported as failed."""
    old = utcnow() - timedelta(hours=2)
    db.session.add(
        ReportRun(
            draft_id=open_draft.id,
            fmt="pdf",
            audience="agency",
            status=RunStatus.RUNNING,
            created_at=old,
            updated_at=old,
            file_name="x.pdf",
        )
    )
    db.session.commit()
    auth.login(agency_editor)
    page = client.get(reports_url(open_draft))
    assert "Refresh" not in page.headers
    assert 'class="error"' in page.get_data(as_text=True)


def test_a_failing_build_is_recorded_and_shown(client, auth, db, agency_editor, dataset, report_dir, monkeypatch):
    """The error is kept on the run for staff, the page shows a plain message, and no file is left."""

    def broken(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr("consult.reports.docx_export.write_docx", broken)
    auth.login(agency_editor)
    post_form(client, reports_url(dataset.draft), {"fmt": "docx", "audience": "agency"})
    run = db.session.scalar(select(ReportRun))
    db.session.refresh(run)
    assert run.status == RunStatus.FAILED and "disk full" in run.error
    html = client.get(reports_url(dataset.draft)).get_data(as_text=True)
    assert 'class="error"' in html and "disk full" not in html
    assert client.get(f"/agency/drafts/{dataset.draft.id}/reports/{run.id}/download").status_code == 404
    assert not any(report_dir.iterdir())


def test_a_run_is_built_once(db, app, dataset, report_dir):
    """A second delivery of the job (RQ retry, two workers) leaves a started or finished run alone."""
    run = request_run(dataset.draft, "csv", "agency", False, None)
    db.session.commit()  # inline backend: built here
    db.session.refresh(run)
    finished = run.finished_at
    run_report(run.id)
    db.session.refresh(run)
    assert run.status == RunStatus.DONE and run.finished_at == finished


def test_another_agency_is_refused(client, auth, db, other_editor, agency_editor, dataset, report_dir):
    """Editors of another agency cannot list, ask for or download this draft's files."""
    run = request_run(dataset.draft, "csv", "agency", True, agency_editor)
    db.session.commit()
    auth.login(other_editor)
    assert client.get(reports_url(dataset.draft)).status_code == 403
    assert client.get(f"/agency/drafts/{dataset.draft.id}/reports/{run.id}/download").status_code == 403
    response = post_form(client, reports_url(dataset.draft), {"fmt": "csv", "audience": "agency"}, page="/auth/login")
    assert response.status_code == 403
    assert db.session.scalar(select(ReportRun.id).where(ReportRun.id != run.id)) is None


def test_citizens_and_visitors_are_refused(client, auth, citizen, open_draft):
    """Visitors are sent to sign in; citizens are refused."""
    assert client.get(reports_url(open_draft)).status_code == 302
    auth.login(citizen)
    assert client.get(reports_url(open_draft)).status_code == 403


def test_bad_format_keeps_the_choices_and_says_why(client, auth, db, agency_editor, open_draft):
    """An unknown format is refused with a message; nothing is queued."""
    auth.login(agency_editor)
    response = post_form(client, reports_url(open_draft), {"fmt": "odt", "audience": "public"})
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "error-summary" in html and "fmt-error" in html and 'checked id="audience-1"' in html
    assert db.session.scalar(select(ReportRun)) is None


def test_the_agency_page_links_to_the_reports(client, auth, agency_editor, open_draft):
    """One link from the draft's agency page."""
    auth.login(agency_editor)
    assert reports_url(open_draft) in client.get(f"/agency/drafts/{open_draft.id}").get_data(as_text=True)


RQ = {"JOBS_BACKEND": "rq", "REDIS_URL": REDIS_URL, "JOBS_QUEUE": QUEUE}


@pytest.fixture
def report_queue(app):
    """The RQ queue on Redis database 6; every key the test made is removed."""
    with throwaway_queue(app) as (queue, _job_ids):
        yield queue


@pytest.mark.parametrize("app_config", [RQ])
def test_on_rq_a_worker_builds_the_file(client, auth, db, agency_editor, dataset, report_dir, report_queue):
    """With JOBS_BACKEND=rq the run waits in Redis until a worker builds it."""
    from rq import SimpleWorker

    auth.login(agency_editor)
    post_form(client, reports_url(dataset.draft), {"fmt": "docx", "audience": "public"})
    run = db.session.scalar(select(ReportRun))
    assert run.status == RunStatus.QUEUED and len(report_queue) == 1
    assert client.get(reports_url(dataset.draft)).headers["Refresh"] == "3"
    SimpleWorker([report_queue], connection=report_queue.connection).work(burst=True)
    db.session.refresh(run)
    assert run.status == RunStatus.DONE
    text = "\n".join(p.text for p in Document(str(report_dir / run.file_name)).paragraphs)
    assert "Bản công khai" in text


def test_a_file_holding_an_erased_contact_is_withdrawn(client, db, app, agency_editor, auth, dataset, report_dir):
    """Erasing one's contact removes the internal files that copied it; files without contacts stay."""
    with_contacts = request_run(dataset.draft, "csv", "agency", True, agency_editor)
    without = request_run(dataset.draft, "csv", "agency", False, agency_editor)
    db.session.commit()  # inline backend: both built here
    opinion = db.session.scalar(
        select(Feedback).where(Feedback.draft_id == dataset.draft.id, Feedback.contact == "lead@example.vn")
    )
    assert "lead@example.vn" in (report_dir / with_contacts.file_name).read_text(encoding="utf-8-sig")

    answer = post_form(
        app.test_client(), "/privacy/erase", {"code": opinion.receipt_code, "contact": "lead@example.vn"}
    )

    assert answer.status_code == 200
    db.session.refresh(with_contacts)
    db.session.refresh(without)
    assert not (report_dir / with_contacts.file_name).exists() and with_contacts.status == RunStatus.FAILED
    assert (report_dir / without.file_name).exists() and without.status == RunStatus.DONE
    auth.login(agency_editor)
    assert client.get(f"/agency/drafts/{dataset.draft.id}/reports/{with_contacts.id}/download").status_code == 404
    assert db.session.scalar(select(AuditLog).where(AuditLog.action == "report.withdrawn")) is not None


def test_the_page_says_how_long_a_file_takes_by_the_drafts_size(client, auth, agency_editor, open_draft, monkeypatch):
    from consult.reports import views

    auth.login(agency_editor)

    small = client.get(reports_url(open_draft)).get_data(as_text=True)
    monkeypatch.setattr(views, "LARGE_REPORT", 0)
    large = client.get(reports_url(open_draft)).get_data(as_text=True)

    assert "Tệp được tạo trong vài giây" in small and "vài phút" not in small
    assert "mất vài phút" in large
