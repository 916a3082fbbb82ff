"""Queries behind the public pages."""

from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload

from consult.database import utcnow
from consult.drafts.models import Article, Draft, DraftStatus, DraftVersion, Phase
from consult.extensions import db
from consult.permissions import can_view_draft


def public_drafts(now=None):
    """Return (open or upcoming drafts, closed or answered drafts), by closing date."""
    now = now or utcnow()
    drafts = db.session.scalars(
        select(Draft)
        .where(Draft.status != DraftStatus.DRAFT)
        .options(selectinload(Draft.agency), selectinload(Draft.extensions))
        .order_by(Draft.closes_at)
    ).all()
    current = [draft for draft in drafts if draft.phase(now) in (Phase.OPEN, Phase.UPCOMING)]
    past = [draft for draft in drafts if draft.phase(now) in (Phase.CLOSED, Phase.ANSWERED)]
    past.reverse()
    return current, past


def draft_by_slug(slug):
    """Return the draft with this slug, with its chapters and articles loaded, or None."""
    return db.session.scalar(
        select(Draft)
        .where(Draft.slug == slug)
        .options(
            joinedload(Draft.current_version).selectinload(DraftVersion.sections),
            joinedload(Draft.current_version).selectinload(DraftVersion.articles).selectinload(Article.clauses),
            joinedload(Draft.agency),
            selectinload(Draft.extensions),
        )
    )


def viewable_draft(user, slug, loader=None):
    """Return the draft with this slug if `user` may see it (loaded by `loader`, the full page by default), else
    None."""
    draft = (loader or draft_by_slug)(slug)
    return draft if draft is not None and can_view_draft(user, draft) else None


def draft_for_form(slug):
    """Return the draft with its current version (the form loads articles only to be shown), or None."""
    return db.session.scalar(select(Draft).where(Draft.slug == slug).options(joinedload(Draft.current_version)))
