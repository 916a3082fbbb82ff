"""What sending the opinion form needs to know of a draft, read cheaply on the busiest endpoint.

A national consultation sends hundreds of opinions a second to one draft. Checking a sent form needs only the
draft's id, status, window and current version, so each worker keeps that snapshot for a few seconds
(FEEDBACK_DRAFT_CACHE_SECONDS) instead of loading the draft with the ORM on every POST. The window itself is
still decided by the clock on every request; only a change made by the agency (closing early, a new version)
reaches other workers up to that many seconds late. Pages that show the draft load it in full as before.
"""

import threading
import time
from dataclasses import dataclass
from datetime import datetime

from flask import current_app
from sqlalchemy import select

from consult.drafts.models import Draft, DraftStatus, DraftVersion, Phase, window_phase
from consult.extensions import db


@dataclass(frozen=True)
class FormDraft:
    """A read-only snapshot of the draft an opinion is sent to."""

    id: int
    slug: str
    agency_id: int
    status: str
    opens_at: datetime
    closes_at: datetime
    current_version_id: int | None
    version_created_at: datetime | None
    participation: str

    def phase(self, now=None):
        """Return the Phase at `now`, by the same rule as Draft.phase."""
        return window_phase(self.status, self.opens_at, self.closes_at, now)

    def accepts_feedback(self, now=None):
        """Return whether citizens may comment at `now`."""
        return self.phase(now) == Phase.OPEN

    @property
    def is_public(self):
        """Unpublished drafts are seen only by their agency."""
        return self.status != DraftStatus.DRAFT


_lock = threading.Lock()


def form_draft(slug):
    """Return the FormDraft for this slug (from the worker's cache when fresh enough), or None."""
    ttl = current_app.config["FEEDBACK_DRAFT_CACHE_SECONDS"]
    cache = current_app.extensions.setdefault("consult_form_drafts", {})
    now = time.monotonic()
    cached = cache.get(slug)
    if ttl > 0 and cached is not None and cached[0] > now:
        return cached[1]
    row = db.session.execute(
        select(
            Draft.id,
            Draft.slug,
            Draft.agency_id,
            Draft.status,
            Draft.opens_at,
            Draft.closes_at,
            Draft.current_version_id,
            DraftVersion.created_at,
            Draft.participation,
        )
        .outerjoin(DraftVersion, DraftVersion.id == Draft.current_version_id)
        .where(Draft.slug == slug)
    ).one_or_none()
    snapshot = FormDraft(*row) if row is not None else None
    if ttl > 0 and snapshot is not None:
        with _lock:
            if len(cache) > 10_000:  # many drafts must not grow the cache without end
                cache.clear()
            cache[slug] = (now + ttl, snapshot)
    return snapshot
