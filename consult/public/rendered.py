"""Fragments of public pages rendered once per app (so per process) and kept under a key naming all they show.

A key is built by the caller from what the fragment shows, read from the database at each request (a published
version's id, the counts and state of the approved opinions, the language, ...): a changed input is a new key, so
nothing has to be told of changes, and a stale entry is never read again (it is dropped once FRAGMENTS_KEPT newer
ones came after it). This is not the page cache (consult.pagecache): it works with that cache off, for signed-in
visitors too, and saves rendering, not the request.
"""

import threading

from flask import current_app

FRAGMENTS_KEPT = 256  # per app, the oldest dropped first: a draft's text or a page of opinions is 5-50 KB of HTML
_lock = threading.Lock()


def kept_fragment(kind, key, render):
    """Return the fragment of `kind` under `key`, made by `render()` the first time; with `key` None (what it shows
    cannot be named, e.g. a draft still edited in place), render it every time."""
    if key is None:
        return render()
    fragments = current_app.extensions.setdefault("consult_fragments", {})
    html = fragments.get((kind, key))
    if html is None:
        html = render()
        with _lock:
            fragments[(kind, key)] = html
            while len(fragments) > FRAGMENTS_KEPT:
                del fragments[next(iter(fragments))]
    return html
