"""Keeping a checked file on the server between its preview and its confirmation, so nothing has to be sent twice.

Files live under OFFLINE_UPLOAD_DIR (instance/offline-uploads by default; a shared folder when several app servers
run) under a random name, are deleted once imported, and any left behind are swept after a day.
"""

import re
import secrets
import time
from pathlib import Path

from flask import current_app

KEEP_SECONDS = 24 * 3600
_TOKEN = re.compile(r"^[A-Za-z0-9_-]{32}$")


def _folder():
    return Path(current_app.config["OFFLINE_UPLOAD_DIR"])


def keep_upload(data, now=None):
    """Store the bytes of a checked file and return the random token naming it; sweep files older than a day."""
    folder = _folder()
    folder.mkdir(parents=True, exist_ok=True)
    now = now or time.time()
    for old in folder.glob("*.upload"):
        if now - old.stat().st_mtime > KEEP_SECONDS:
            old.unlink(missing_ok=True)
    token = secrets.token_urlsafe(24)
    path = folder / f"{token}.upload"
    path.write_bytes(data)
    path.chmod(0o600)
    return token


def load_upload(token):
    """Return the bytes kept under `token`, or None if the token is malformed or the file is gone."""
    if not _TOKEN.match(token or ""):
        return None
    path = _folder() / f"{token}.upload"
    return path.read_bytes() if path.is_file() else None


def discard_upload(token):
    """Delete the file kept under `token` (once imported)."""
    if _TOKEN.match(token or ""):
        (_folder() / f"{token}.upload").unlink(missing_ok=True)
