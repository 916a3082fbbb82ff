"""Fragments of public pages (and of the JSON API's answers) made once per app (so per process) and kept under a
key naming all they show: a draft's text, its header, a page of its opinions, the site's header and footer.

A key is built by the caller from what the fragment shows, read from the database at each request (a published
version's id, the columns of the draft's rows, the state of the approved opinions, the language, ...): a changed
input is a new key, so nothing has to be told of changes, and a stale entry is never read again (it is dropped
once FRAGMENTS_KEPT newer ones of its kind came after it). This is not the page cache (consult.pagecache): it works
with that cache off, for signed-in visitors too, and saves rendering, not the request.
"""

import functools
import threading

from flask import current_app, render_template, request
from flask_babel import get_locale
from flask_login import current_user
from markupsafe import Markup
from sqlalchemy import inspect

FRAGMENTS_KEPT = 256  # per app and kind, the oldest dropped first: a draft's text or a page of opinions is 5-50 KB
_lock = threading.Lock()


def kept_fragment(kind, key, render):
    """Return the fragment of `kind` under `key`, made by `render()` the first time; with `key` None (what it shows
    cannot be named, e.g. a draft still edited in place), render it every time. Each kind has its own store, so
    fragments of one (the site's header of every address a crawler visits) never push out those of another."""
    if key is None:
        return render()
    stores = current_app.extensions.setdefault("consult_fragments", {})
    fragments = stores.get(kind)
    if fragments is None:
        fragments = stores.setdefault(kind, {})
    fragment = fragments.get(key)
    if fragment is None:
        fragment = render()
        with _lock:
            fragments[key] = fragment
            while len(fragments) > FRAGMENTS_KEPT:
                del fragments[next(iter(fragments))]
    return fragment


def row_state(*objects):
    """The values of every column of these ORM objects, as a part of a key: any change to a row is a new key."""
    return tuple(tuple(getattr(obj, name) for name in _column_names(type(obj))) for obj in objects)


@functools.cache
def _column_names(model):
    return tuple(attribute.key for attribute in inspect(model).column_attrs)


def site_header(search=True):
    """Return the HTML of the site's header (_site_header.html), the site search box in it unless `search` is false.

    For a visitor not signed in it shows only the language and the page's address (in the language switch's link),
    so it is kept under those; a signed-in person's (their name, a sign-out token) is rendered every time. With
    site_footer this buys issue 15's "uncached demo draft page >= 10% of a bare Flask hello": the two were about
    0.5 ms of every page (docs/benchmarks.md, 07/12/2026)."""
    key = None
    if not current_user.is_authenticated:
        key = (search, request.full_path, request.script_root, str(get_locale()))
    return kept_fragment("site-header", key, lambda: Markup(render_template("_site_header.html", search=search)))


def site_footer():
    """Return the HTML of the site's footer (_site_footer.html), kept per language."""
    key = (request.script_root, str(get_locale()))
    return kept_fragment("site-footer", key, lambda: Markup(render_template("_site_footer.html")))
