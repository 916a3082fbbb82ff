"""Atom feeds (RFC 4287) of the public drafts and of one draft's events, for feed readers and other sites."""

from datetime import UTC

from feedgen.feed import FeedGenerator
from flask import abort, current_app
from flask_babel import get_locale
from flask_babel import gettext as _

from consult.database import utcnow
from consult.drafts.models import DOC_TYPES
from consult.feeds import bp
from consult.feeds.services import draft_events, public_agency, public_draft, recent_drafts, window_sentence
from consult.i18n import label
from consult.localities import PROVINCES
from consult.mail import public_url
from consult.pagecache import expire_page_at, public_page

ATOM = "application/atom+xml; charset=utf-8"


@bp.route("/feeds/drafts.atom")
@public_page
def drafts():
    """Every public draft, the most recently changed first."""
    return _drafts_feed(_("Drafts put to public consultation"), "feeds.drafts", {}, recent_drafts())


@bp.route("/feeds/agencies/<slug>.atom")
@public_page
def agency(slug):
    """The public drafts of one agency."""
    found = public_agency(slug) or abort(404)
    title = _("Drafts of %(agency)s", agency=found.name)
    return _drafts_feed(title, "feeds.agency", {"slug": slug}, recent_drafts(agency=found))


@bp.route("/feeds/fields/<field>.atom")
@public_page
def field(field):
    """The public drafts in one field (as the agency wrote it, e.g. "Giao thông")."""
    title = _("Drafts in the field %(field)s", field=field)
    return _drafts_feed(title, "feeds.field", {"field": field}, recent_drafts(field=field))


@bp.route("/feeds/localities/<code>.atom")
@public_page
def locality(code):
    """The public drafts that concern one province or city: its agencies' and the national bodies'."""
    name = PROVINCES.get(code) or abort(404)
    title = _("Drafts concerning %(place)s", place=name)
    return _drafts_feed(title, "feeds.locality", {"code": code}, recent_drafts(locality=code))


@bp.route("/drafts/<slug>/feed.atom")
@public_page
def draft(slug):
    """What happened to one draft: opened, new versions, extensions, closed, answers published."""
    found = public_draft(slug) or abort(404)
    expire_page_at(found.next_change())  # the window's end is an event the clock alone brings
    page = public_url("public.draft", slug=slug)
    feed = _feed(_("Consultation on %(title)s", title=found.title), public_url("feeds.draft", slug=slug), page)
    events = draft_events(found)
    for event in reversed(events):
        entry = feed.add_entry()
        entry.id(f"{page}#{event.key}")
        entry.title(event.title)
        entry.updated(_utc(event.at))
        entry.link(href=page, rel="alternate", type="text/html")
        entry.summary(event.text)
    feed.updated(_utc(events[0].at) if events else _utc(found.updated_at))
    return _response(feed)


def _drafts_feed(title, endpoint, values, drafts_):
    """A feed with one entry per draft, updated when the draft last changed."""
    feed = _feed(title, public_url(endpoint, **values), public_url("public.home"))
    for found in reversed(drafts_):
        page = public_url("public.draft", slug=found.slug)
        entry = feed.add_entry()
        entry.id(page)
        entry.title(found.title)
        entry.updated(_utc(found.updated_at))
        entry.published(_utc(found.opens_at))
        entry.link(href=page, rel="alternate", type="text/html")
        entry.author(name=found.agency.name)
        if found.field:
            entry.category(term=found.field)
        parts = (label(DOC_TYPES, found.doc_type), window_sentence(found), found.summary)
        entry.summary(" · ".join(part for part in parts if part))
    feed.updated(_utc(drafts_[0].updated_at) if drafts_ else _utc(utcnow()))
    return _response(feed)


def _feed(title, self_url, page_url):
    """An empty feed with its id (its own address), title, links and the site as author."""
    feed = FeedGenerator()
    feed.id(self_url)
    feed.title(title)
    feed.link(href=self_url, rel="self", type="application/atom+xml")
    feed.link(href=page_url, rel="alternate", type="text/html")
    feed.author(name=_("Consult"))
    feed.generator("Consult")
    feed.language(str(get_locale()))
    return feed


def _response(feed):
    return current_app.response_class(feed.atom_str(pretty=True), content_type=ATOM)


def _utc(moment):
    """A stored (naive UTC) moment as an aware one, as Atom wants."""
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
