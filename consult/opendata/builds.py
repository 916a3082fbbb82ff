"""Building the open data files into OPEN_DATA_DIR, and bringing them up to date after public content changes.

Files: `consult-open-data.zip` (every published draft) and `draft-<id>.zip` (one each). Each ZIP's comment holds
the signature of the data it was built from (the draft's public details, and the count, ids, revisions and latest
decision of its approved opinions and published answers): a pass reads every published draft's signature in a
few GROUP BYs and rebuilds only the files whose signature changed, then deletes the files of drafts no longer
published. The file's modification time is the moment its data was read.

When: consult.pagecache sends `public_content_changed` after each commit that changed what public pages show (an
opinion approved, rejected or redacted, answers published, a draft changed); `request_rebuild` then asks for one
pass as a background job (consult.jobs: RQ when REDIS_URL is set, in-process otherwise; never in the request).
Debounced by two marker files in the folder, which every app server and worker shares: `.rebuild-wanted` says
something changed, `.rebuild-pending` that a job is queued or running. A change always touches the first; only a
change that creates the second queues a job. The job deletes `.rebuild-wanted` before each pass and passes again
while it reappears, then deletes `.rebuild-pending`: a burst of approvals queues one job, and a change made during
a pass is in the next. A `.rebuild-pending` left by a job that died is taken over after REPORT_STALE_SECONDS.
"""

import contextlib
import hashlib
import json
import logging
import os
import re
import time
import zipfile
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from flask import current_app, has_app_context
from flask_babel import gettext as _
from sqlalchemy import select

from consult.agency.models import Agency
from consult.database import utcnow
from consult.drafts.models import Draft
from consult.extensions import db
from consult.jobs import dispatch, job_path
from consult.mail import public_url
from consult.opendata.package import LICENSE, PackageWriter, remove_leftovers
from consult.opendata.poll_rows import closed_draft_ids, poll_result_rows, poll_states
from consult.opendata.rows import (
    PUBLIC_DRAFT,
    answer_rows,
    article_rows,
    count_rows,
    draft_rows,
    opinion_rows,
    stamp,
)
from consult.opendata.schema import ANSWERS, ARTICLES, COUNTS, DRAFTS, OPINIONS, POLL_RESULTS

log = logging.getLogger(__name__)

FORMAT = "consult-open-data/1"  # changed with the files' layout: every file is then rebuilt
SITE_FILE = "consult-open-data.zip"
DRAFT_FILE = re.compile(r"draft-(\d+)\.zip")
WANTED, PENDING = ".rebuild-wanted", ".rebuild-pending"


def open_data_dir():
    """Return OPEN_DATA_DIR, created if missing."""
    path = Path(current_app.config["OPEN_DATA_DIR"])
    path.mkdir(parents=True, exist_ok=True)
    return path


def site_path():
    """Return the path of the whole site's file."""
    return Path(current_app.config["OPEN_DATA_DIR"]) / SITE_FILE


def draft_path(draft_id):
    """Return the path of one draft's file."""
    return Path(current_app.config["OPEN_DATA_DIR"]) / f"draft-{draft_id}.zip"


@dataclass
class BuiltFile:
    """A file as the open data page shows it."""

    path: Path
    size: int
    built_at: datetime


def built_file(path):
    """Return the BuiltFile at `path`, or None while it is not built."""
    try:
        stat = path.stat()
    except FileNotFoundError:
        return None
    return BuiltFile(path, stat.st_size, datetime.fromtimestamp(stat.st_mtime, UTC))


def _signature(*parts):
    """Return a short hash of JSON-able parts, the layout's version and the site's address (in every link)."""
    parts = [FORMAT, current_app.config["PUBLIC_BASE_URL"], *parts]
    return hashlib.sha256(json.dumps(parts, default=str).encode()).hexdigest()[:32]


def draft_signature(draft):
    """Return the signature of what one draft's file holds."""
    return _signature(draft.details, draft.approved_state, draft.answers_state, draft.poll_state)


def site_signature(drafts):
    """Return the signature of what the whole site's file holds."""
    return _signature([draft_signature(draft) for draft in drafts.values()])


def _built_signature(path):
    """Return the signature a built file was made from, or None (missing, unreadable)."""
    try:
        with zipfile.ZipFile(path) as built:
            return built.comment.decode("ascii")
    except (OSError, zipfile.BadZipFile, UnicodeDecodeError):
        return None


def build_files(draft_id=None, force=False):
    """Bring the files up to date (every one when `force`; only one draft's when `draft_id` is given); return the
    paths written. One pass, in one snapshot of the database on PostgreSQL."""
    folder = open_data_dir()
    remove_leftovers(folder, time.time() - current_app.config["REPORT_STALE_SECONDS"])
    written = []
    with _snapshot():
        built_at = utcnow().replace(microsecond=0)
        drafts = with_poll_states(draft_rows(draft_id))
        for draft in drafts.values():
            signature = draft_signature(draft)
            if force or _built_signature(draft_path(draft.id)) != signature:
                written.append(_build(draft_path(draft.id), signature, {draft.id: draft}, draft.id, built_at))
                _heartbeat(folder / PENDING)
        if draft_id is None:
            signature = site_signature(drafts)
            if force or _built_signature(site_path()) != signature:
                written.append(_build(site_path(), signature, drafts, None, built_at))
            _remove_unpublished(folder, drafts)
    return written


def build_site_file():
    """Build the whole site's file now, whether its data changed or not; return its path (bench/opendata.py)."""
    open_data_dir()
    with _snapshot():
        drafts = with_poll_states(draft_rows())
        return _build(site_path(), site_signature(drafts), drafts, None, utcnow().replace(microsecond=0))


def with_poll_states(drafts):
    """Note on each DraftRow whether its window has closed (its poll results are public then) and, if so, the
    state of its poll's answers, part of its signature."""
    closed = closed_draft_ids(drafts)
    states = poll_states(sorted(closed))
    for draft in drafts.values():
        draft.poll_closed = draft.id in closed
        draft.poll_state = states.get(draft.id, ()) if draft.poll_closed else ()
    return drafts


@contextlib.contextmanager
def _snapshot():
    """Read in the pass's own transaction unless one is open, ended afterwards; on PostgreSQL in one snapshot
    (REPEATABLE READ, read only), so that a file's tables and its signature agree."""
    if db.session().in_transaction():
        yield
        return
    if db.engine.dialect.name == "postgresql":
        db.session.connection(execution_options={"isolation_level": "REPEATABLE READ", "postgresql_readonly": True})
    try:
        yield
    finally:
        db.session.rollback()


def _build(path, signature, drafts, scope, built_at):
    """Write one file: the drafts in `drafts`, and the rows of `scope` (a draft id, or None for the whole site)."""
    with PackageWriter(path, built_at, signature.encode("ascii")) as writer:
        writer.add(DRAFTS, (draft.row() for draft in drafts.values()))
        writer.add(ARTICLES, article_rows(drafts))
        writer.add(OPINIONS, opinion_rows(scope), sum(draft.approved for draft in drafts.values()))
        writer.add(ANSWERS, answer_rows(scope), sum(draft.answers for draft in drafts.values()))
        writer.add(COUNTS, count_rows(drafts, scope))
        writer.add(POLL_RESULTS, poll_result_rows(drafts, {d.id for d in drafts.values() if d.poll_closed}))
        return writer.finish(_descriptor(drafts, scope, built_at))


def _descriptor(drafts, scope, built_at):
    """Return the Data Package's description of a file (its resources are added as they are written)."""
    if scope is None:
        name, title = "consult-open-data", _("Consult: open data of every published draft")
    else:
        draft = drafts[scope]
        name = "consult-" + re.sub(r"[^a-z0-9._-]+", "-", draft.slug.lower())
        title = _("Consult: open data of the draft “%(title)s”", title=draft.details["title"])
    return {
        "name": name,
        "title": title,
        "description": _(
            "Published drafts, their articles, the published opinions (redacted where needed; no contact details; "
            "a name only with its author's consent), the agency's published answers and counts. Each table is a "
            "CSV file (UTF-8 with a byte order mark; a cell a spreadsheet would run as a formula starts with an "
            "apostrophe) and a JSON Lines file holding the text exactly as stored."
        ),
        "homepage": public_url("opendata.index"),
        "created": stamp(built_at),
        "licenses": [LICENSE],
    }


def _remove_unpublished(folder, drafts):
    """Delete the files of drafts that are no longer published (or no longer exist)."""
    for path in folder.glob("draft-*.zip"):
        match = DRAFT_FILE.fullmatch(path.name)
        if match and int(match.group(1)) not in drafts:
            path.unlink(missing_ok=True)


def request_rebuild():
    """Ask for a pass over the files in the background: one job however many changes come before it starts."""
    folder = open_data_dir()
    _touch(folder / WANTED)
    if _claim(folder / PENDING):
        dispatch([(job_path(rebuild_files), ())])


def rebuild_files():
    """The job: bring the files up to date, passing again while changes came during a pass."""
    folder = open_data_dir()
    wanted, pending = folder / WANTED, folder / PENDING
    while True:
        try:
            while True:
                wanted.unlink(missing_ok=True)
                build_files()
                if not wanted.exists():
                    break
        finally:
            pending.unlink(missing_ok=True)
        # A change between the last check and the unlink found the job still pending and queued none: take it.
        if not (wanted.exists() and _claim(pending)):
            return


def rebuild_after_public_change(_session):
    """After a commit that changed what public pages show (consult.pagecache.public_content_changed), ask for a
    rebuild."""
    if has_app_context():
        ask_for_rebuild()


def ask_for_rebuild():
    """Ask for a rebuild when OPEN_DATA_AUTO_BUILD is on. Never raises: a change is committed already, a page is
    answered whatever happens here, and the files catch up at the next change."""
    if not current_app.config.get("OPEN_DATA_AUTO_BUILD"):
        return
    try:
        request_rebuild()
    except Exception:  # the change is committed, the page answered: the files catch up at the next change
        log.exception("open data: could not ask for a rebuild")


def _touch(path):
    """Create the file, or bring its modification time to now."""
    path.touch()


def _heartbeat(path):
    """Show that the job holding the marker at `path` is alive (a CLI build holds none: nothing to show)."""
    with contextlib.suppress(FileNotFoundError):
        os.utime(path)


def _claim(path):
    """Create the marker at `path` and return True; False when it exists, unless it was left by a job that died
    (untouched for REPORT_STALE_SECONDS), which is taken over."""
    for _attempt in range(2):
        try:
            os.close(os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644))
            return True
        except FileExistsError:
            pass
        try:
            age = time.time() - path.stat().st_mtime
        except FileNotFoundError:
            continue  # removed meanwhile: try to create it again
        if age > current_app.config["REPORT_STALE_SECONDS"]:
            _touch(path)
            return True
        return False
    return False


@dataclass
class Listing:
    """What the open data page shows: the whole site's file, and each published draft with its file."""

    site: BuiltFile | None
    drafts: list  # [(draft row: id, slug, title, agency name), BuiltFile or None]


def listing():
    """Return the Listing: one query, and a stat of each file."""
    rows = db.session.execute(
        select(Draft.id, Draft.slug, Draft.title, Agency.name.label("agency_name"))
        .join(Agency, Agency.id == Draft.agency_id)
        .where(PUBLIC_DRAFT)
        .order_by(Draft.opens_at.desc(), Draft.id.desc())
    ).all()
    return Listing(built_file(site_path()), [(row, built_file(draft_path(row.id))) for row in rows])
