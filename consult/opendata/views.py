"""The open data page and its downloads: files built beforehand (consult.opendata.builds), sent from disk."""

import os

from flask import abort, current_app, render_template, request, send_file
from sqlalchemy import select

from consult.drafts.models import Draft, DraftStatus
from consult.extensions import db
from consult.opendata import bp
from consult.opendata.builds import (
    SITE_FILE,
    ask_for_rebuild,
    draft_path,
    listing,
    rebuild_after_public_change,
    site_path,
)
from consult.opendata.package import LICENSE
from consult.opendata.schema import TABLES
from consult.pagecache import public_content_changed


def register_open_data(app):
    """Mount /open-data, and rebuild its files after each commit that changes what public pages show."""
    app.register_blueprint(bp)
    public_content_changed.connect(rebuild_after_public_change)


@bp.route("/open-data")
def index():
    """List the files, what they hold and their licence. Not kept in the page cache: a rebuild changes the sizes
    and times it shows without a commit that would draw a new generation; it costs one query and a stat a file."""
    files = listing()
    if files.site is None:
        ask_for_rebuild()  # a new site, or a lost folder: built in the background, never in this request
    return render_template("opendata/index.html", files=files, tables=TABLES, license=LICENSE)


@bp.route(f"/open-data/{SITE_FILE}")
def site_file():
    """Send the whole site's file."""
    return _send(site_path(), SITE_FILE)


@bp.route("/open-data/drafts/<slug>.zip")
def draft_file(slug):
    """Send one published draft's file; a draft not published has none (404), whatever the folder holds."""
    draft_id = db.session.scalar(select(Draft.id).where(Draft.slug == slug, Draft.status != DraftStatus.DRAFT))
    if draft_id is None:
        abort(404)
    return _send(draft_path(draft_id), f"consult-open-data-{slug[:80]}.zip")


def _send(path, download_name):
    """Send a built file, or 404 while it is not built. Opened first and described from that open file: a rebuild
    that renames a new file over it meanwhile does not mix the old file's length with the new one's bytes."""
    try:
        handle = open(path, "rb")  # noqa: SIM115 - the response closes it once sent
    except FileNotFoundError:
        abort(404)
    stat = os.fstat(handle.fileno())
    response = send_file(
        handle,
        mimetype="application/zip",
        as_attachment=True,
        download_name=download_name,
        etag=f"{stat.st_ino:x}-{stat.st_mtime_ns:x}-{stat.st_size:x}",  # each build is a new file (a new inode)
        last_modified=stat.st_mtime,
        max_age=current_app.config["PAGE_MAX_AGE"],
        conditional=False,
    )
    response.content_length = stat.st_size
    return response.make_conditional(request, accept_ranges=True, complete_length=stat.st_size)
