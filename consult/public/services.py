"""Queries behind the public pages."""

import functools
from dataclasses import dataclass

from flask import g, url_for
from sqlalchemy import bindparam, select
from sqlalchemy.orm import joinedload, selectinload

from consult.database import utcnow
from consult.drafts.models import Article, Draft, DraftStatus, DraftVersion, Phase
from consult.drafts.structure import part_numbers, text_parts
from consult.extensions import db
from consult.permissions import can_view_draft


@dataclass(frozen=True)
class HomeFilter:
    """What a visitor narrowed the home page's list to; every field optional."""

    agency: str = ""  # an agency's slug
    field: str = ""  # a draft's field, as the agency typed it
    locality: str = ""  # the drafting agency's province (consult.localities code)
    phase: str = ""  # Phase.OPEN, UPCOMING, CLOSED or ANSWERED

    NAMES = ("agency", "field", "locality", "phase")  # the query string's names

    @property
    def active(self):
        """Return whether any filter is set."""
        return any((self.agency, self.field, self.locality, self.phase))


PUBLIC_PHASES = (Phase.OPEN, Phase.UPCOMING, Phase.CLOSED, Phase.ANSWERED)


@dataclass(frozen=True)
class HomeChoices:
    """What the home page's filters offer: the values public drafts have."""

    agencies: tuple  # (slug, name), by name
    fields: tuple
    localities: tuple  # consult.localities codes


def home_listing(filters=HomeFilter(), now=None):
    """Return (open or upcoming drafts, closed or answered drafts, HomeChoices): the drafts narrowed by `filters`,
    by closing date (the closed ones latest first); the choices from every public draft. One statement."""
    now = now or utcnow()
    drafts = db.session.scalars(
        select(Draft)
        .where(Draft.status != DraftStatus.DRAFT)
        .options(selectinload(Draft.agency), selectinload(Draft.extensions))
        .order_by(Draft.closes_at)
    ).all()
    choices = HomeChoices(
        agencies=tuple(sorted({(d.agency.slug, d.agency.name) for d in drafts}, key=lambda pair: pair[1].casefold())),
        fields=tuple(sorted({d.field for d in drafts if d.field}, key=str.casefold)),
        localities=tuple(sorted({d.agency.locality for d in drafts if d.agency.locality})),
    )
    wanted = [draft for draft in drafts if _matches(draft, filters, now)]
    current = [draft for draft in wanted if draft.phase(now) in (Phase.OPEN, Phase.UPCOMING)]
    past = [draft for draft in wanted if draft.phase(now) in (Phase.CLOSED, Phase.ANSWERED)]
    past.reverse()
    return current, past, choices


def _matches(draft, filters, now):
    """Return whether a draft passes every filter that is set."""
    return (
        (not filters.agency or draft.agency.slug == filters.agency)
        and (not filters.field or draft.field == filters.field)
        and (not filters.locality or draft.agency.locality == filters.locality)
        and (not filters.phase or draft.phase(now) == filters.phase)
    )


def draft_by_slug(slug, text=True):
    """Return the draft with this slug, with its agency, window extensions, files and current version, and unless
    `text` is false that version's divisions, articles and clauses; or None."""
    return db.session.execute(_draft_statement(text), {"slug": slug}).unique().scalar_one_or_none()


@functools.cache
def _draft_statement(text):
    """The statement of draft_by_slug, built once per `text` (building it took a third of the demo draft's header
    query; with the statement of approved_counts built once too, 0.35 ms of the page's ~5 ms in process,
    docs/benchmarks.md 07/12/2026)."""
    # The window's extensions and the draft's files are few: joined in the same statement, not asked for in others.
    options = [
        joinedload(Draft.current_version),
        joinedload(Draft.agency),
        joinedload(Draft.extensions),
        joinedload(Draft.attachments),
    ]
    if text:
        options += [
            joinedload(Draft.current_version).selectinload(DraftVersion.sections),
            joinedload(Draft.current_version).selectinload(DraftVersion.articles).selectinload(Article.clauses),
        ]
    return select(Draft).where(Draft.slug == bindparam("slug")).options(*options)


def draft_header(slug):
    """Return the draft with this slug without its text (draft_by_slug(slug, text=False)), or None."""
    return draft_by_slug(slug, text=False)


def load_text(version):
    """Load a version's divisions, articles and clauses (three statements, not one per article)."""
    db.session.scalars(
        select(DraftVersion)
        .where(DraftVersion.id == version.id)
        .options(selectinload(DraftVersion.sections), selectinload(DraftVersion.articles).selectinload(Article.clauses))
    ).all()


def viewable_draft(user, slug, loader=None):
    """Return the draft with this slug if `user` may see it (loaded by `loader`, the full page by default), else
    None."""
    draft = (loader or draft_by_slug)(slug)
    return draft if draft is not None and can_view_draft(user, draft) else None


def draft_for_form(slug):
    """Return the draft with its current version (the form loads articles only to be shown), or None."""
    return db.session.scalar(select(Draft).where(Draft.slug == slug).options(joinedload(Draft.current_version)))


@dataclass
class TextPages:
    """Where a version's text is read: one page (`whole_url`), or, for a long draft, part by part."""

    version: object
    whole_url: str  # the draft page (current version) or the version's page: the whole text, or its contents
    parts: list  # TextPart, [] when the whole text is on one page
    urls: dict  # part number -> address of the part's page
    numbers: dict  # (kind, node id) -> part number

    def href(self, node, kind="article"):
        """Return the address of an article (or a division) in the text."""
        if not self.parts:
            return f"{self.whole_url}#{node.anchor}"
        return f"{self.urls[self.numbers[kind, node.id]]}#{node.anchor}"

    def part(self, number):
        """Return part `number`, or None."""
        return self.parts[number - 1] if 0 < number <= len(self.parts) else None


def text_pages(draft, version):
    """Return how `version` of `draft` is read (TextPages), worked out once per request and version."""
    known = g.setdefault("text_pages", {})
    if version.id not in known:
        parts = text_parts(version)
        if version.id == draft.current_version_id:
            whole_url = url_for("public.draft", slug=draft.slug)
            urls = {part.number: url_for("public.draft_part", slug=draft.slug, part=part.number) for part in parts}
        else:
            whole_url = url_for("public.version", slug=draft.slug, number=version.number)
            urls = {
                part.number: url_for("public.version_part", slug=draft.slug, number=version.number, part=part.number)
                for part in parts
            }
        known[version.id] = TextPages(version, whole_url, parts, urls, part_numbers(parts))
    return known[version.id]
