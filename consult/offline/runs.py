"""Checking and saving a file of offline opinions in the background, with progress on a page.

A file of 100,000 rows takes from seconds to minutes to check and to save: longer than a web request may last
(gunicorn's worker timeout, a proxy's, a person's patience). The upload is kept on the server (consult.offline.
uploads) and an OfflineImport run records it; a background job (consult.jobs, consult.runs) checks every row and
keeps the mistakes or a preview, and, once staff confirm, another job checks the file again (the draft or the
clock may have moved) and saves it whole or not at all. The run's page follows the job and reloads itself, with
no JavaScript needed.
"""

import hashlib

from consult.auth.models import User
from consult.database import allows_concurrent_writers, utcnow
from consult.extensions import db
from consult.jobs import enqueue
from consult.offline.models import ImportStep, OfflineImport, RunStatus
from consult.offline.services import check_file, import_offline, preview
from consult.offline.uploads import discard_upload, keep_upload, load_upload
from consult.runs import execute_run, progress_writer

MISTAKES_KEPT = 500  # the mistakes shown (all are counted)


def request_check(draft, staff, data, file_name):
    """Keep an uploaded file and record a run that checks it in the background; return the run."""
    run = OfflineImport(
        draft_id=draft.id,
        step=ImportStep.CHECK,
        file_name=(file_name or "")[:255],
        upload=keep_upload(data),
        sha256=hashlib.sha256(data).hexdigest(),
        requested_by_id=getattr(staff, "id", None),
        status=RunStatus.QUEUED,
    )
    db.session.add(run)
    db.session.flush()
    enqueue(check_job, run.id)
    return run


def request_save(run):
    """Queue the saving of a file whose check found every row right."""
    run.step, run.status, run.done, run.total, run.error = ImportStep.SAVE, RunStatus.QUEUED, 0, 0, ""
    run.started_at = run.finished_at = None
    run.updated_at = utcnow()
    db.session.flush()
    enqueue(save_job, run.id)


def check_job(run_id):
    """Job: check every row of the run's file."""
    execute_run(OfflineImport, run_id, _check)


def save_job(run_id):
    """Job: check the run's file again and save it."""
    execute_run(OfflineImport, run_id, _save)


def _outcome(run, data, progress=None):
    """Check the run's file; return (clean rows, the run's values describing the check)."""
    if data is None:
        return [], {"file_message": "", "mistakes": [], "mistake_count": 0, "summary": None, "upload": ""}
    clean, mistakes, message = check_file(run.draft, data, progress)
    values = {
        "file_message": (message or "")[:1000],
        "mistakes": [list(item) for item in mistakes[:MISTAKES_KEPT]],
        "mistake_count": len(mistakes),
        "summary": None,
    }
    if not mistakes and not message:
        values["summary"] = preview(run.draft, clean)
    return clean, values


def _check(run):
    """Check the file; keep its mistakes, or what saving it would do."""
    data = load_upload(run.upload)
    if data is None:
        raise RuntimeError("the uploaded file is no longer on the server")
    _clean, values = _outcome(run, data, progress_writer(OfflineImport, run.id))
    return values


def _save(run):
    """Check the file again and save every row of it, or keep the mistakes found this time."""
    data = load_upload(run.upload)
    if data is None:
        raise RuntimeError("the uploaded file is no longer on the server")
    clean, values = _outcome(run, data)
    if values["summary"] is None:
        return values
    # Progress is written on a connection of its own, which SQLite would keep waiting behind this job's write.
    progress = progress_writer(OfflineImport, run.id) if allows_concurrent_writers() else None
    staff = db.session.get(User, run.requested_by_id) if run.requested_by_id else None
    saved, skipped = import_offline(
        staff, run.draft, clean, progress=progress, source={"file": run.file_name, "sha256": run.sha256}
    )
    discard_upload(run.upload)
    return dict(values, saved=saved, skipped=skipped, upload="")
