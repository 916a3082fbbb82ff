"""What the feeds tell: the public drafts most recently changed, and the events of one draft."""

from dataclasses import dataclass
from datetime import datetime

from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from consult.agency.models import Agency
from consult.audit import AuditLog
from consult.database import utcnow
from consult.drafts.models import Draft, DraftStatus
from consult.extensions import db
from consult.i18n import format_date
from consult.public.services import draft_by_slug

ENTRIES = 50  # a feed reader keeps what it has seen: the latest changes are enough


def recent_drafts(agency=None, field=None, locality=None):
    """Return the public drafts (of one agency, in one field, or concerning one province: its agencies' and the
    national bodies'), most recently changed first, at most ENTRIES."""
    query = (
        select(Draft)
        .where(Draft.status != DraftStatus.DRAFT)
        .options(selectinload(Draft.agency))
        .order_by(Draft.updated_at.desc(), Draft.id.desc())
        .limit(ENTRIES)
    )
    if agency is not None:
        query = query.where(Draft.agency_id == agency.id)
    if field is not None:
        query = query.where(Draft.field == field)
    if locality is not None:
        query = query.join(Agency, Agency.id == Draft.agency_id).where(Agency.concerns(locality))
    return db.session.scalars(query).all()


def public_agency(slug):
    """Return the agency with this slug, or None."""
    return db.session.scalar(select(Agency).where(Agency.slug == slug))


def public_draft(slug):
    """Return the public draft with this slug (its agency, window extensions and current version loaded), or None."""
    draft = draft_by_slug(slug, text=False)
    return draft if draft is not None and draft.is_public else None


def window_sentence(draft):
    """Say when a draft takes opinions, in the language in force."""
    return _(
        "Opinions are taken from %(start)s to %(end)s.",
        start=format_date(draft.opens_at),
        end=format_date(draft.last_day_at),
    )


@dataclass
class Event:
    """One thing that happened to a draft, as a feed entry: `key` makes its id, `at` is when."""

    key: str
    at: datetime
    title: str
    text: str


def draft_events(draft, now=None):
    """Return the events of a draft that have happened by `now`, newest first: opened for comments, each new
    version, each extension of the window, the window's end, the answers published."""
    now = now or utcnow()
    events = [
        Event(
            "published",
            draft.opens_at if draft.opens_at <= now else draft.updated_at,  # announced before it opens
            _("Put to public consultation: %(title)s", title=draft.title),
            window_sentence(draft),
        )
    ]
    events += [
        Event(
            f"version-{version.number}",
            version.created_at,
            _("Version %(number)d of the draft published", number=version.number),
            version.note or _("The text of the draft was changed."),
        )
        for version in draft.versions
        if version.number > 1
    ]
    events += [
        Event(
            f"extension-{extension.id}",
            extension.created_at,
            _("Consultation extended to %(date)s", date=format_date(extension.new_last_day_at)),
            extension.reason,
        )
        for extension in draft.extensions
    ]
    if draft.status in (DraftStatus.CLOSED, DraftStatus.ANSWERED) or draft.closes_at <= now:
        ended = draft.closes_at if draft.closes_at <= now else _closed_early_at(draft)
        events.append(Event("closed", ended, _("Consultation closed"), _("Opinions are no longer taken.")))
    if draft.answers_published_at is not None:
        events.append(
            Event(
                "answers",
                draft.answers_published_at,
                _("The drafting agency's answers were published"),
                _("Each published opinion now shows the agency's answer (accepted or explained)."),
            )
        )
    return sorted((event for event in events if event.at <= now), key=lambda event: event.at, reverse=True)


def _closed_early_at(draft):
    """When the agency closed the draft before its window's end: its audited closing, else its last change."""
    closed = db.session.scalar(
        select(func.max(AuditLog.created_at)).where(
            AuditLog.object_type == "draft", AuditLog.object_id == draft.id, AuditLog.action == "draft.close"
        )
    )
    return closed or draft.updated_at
