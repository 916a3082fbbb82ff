"""Static files: URLs that carry their content's hash (cached for a year), a favicon, robots.txt, compression."""

import hashlib
import os

from flask import current_app, request, send_from_directory

from consult.extensions import compress

# Pages of staff and of one person (a receipt, a verification) are no business of a search engine.
ROBOTS = """User-agent: *
Disallow: /agency/
Disallow: /moderation/
Disallow: /admin/
Disallow: /auth/
Disallow: /lang/
Disallow: /receipts
Disallow: /privacy/
Disallow: /opinions/
Disallow: /drafts/*/feedback
"""


def init_static_files(app):
    """Hash static URLs, serve /favicon.ico and /robots.txt, compress text responses the cache did not."""
    app.config.setdefault("COMPRESS_ALGORITHM", ["br", "gzip"])
    # A compressed stream would no longer close what it streams (a file): streams go as they are. Static files,
    # all small, are read whole first (cache_hashed_static), then compressed like any page.
    app.config.setdefault("COMPRESS_STREAMS", False)
    compress.init_app(app)
    hashes = {}

    @app.url_defaults
    def add_content_hash(endpoint, values):
        if endpoint == "static" and "filename" in values and "v" not in values:
            digest = _content_hash(app, hashes, values["filename"])
            if digest:
                values["v"] = digest

    @app.after_request  # registered after Flask-Compress's, so it runs before it
    def cache_hashed_static(response):
        if request.endpoint not in ("static", "favicon"):
            return response
        if request.args.get("v") and response.status_code in (200, 304):
            response.headers["Cache-Control"] = f"public, max-age={app.config['STATIC_MAX_AGE']}, immutable"
        if response.status_code == 200 and response.mimetype in compress.compress_mimetypes_set:
            response.direct_passthrough = False
            response.make_sequence()  # closes the file when the response is closed
        return response

    app.add_url_rule("/favicon.ico", "favicon", favicon)
    app.add_url_rule("/robots.txt", "robots", robots)


def _content_hash(app, hashes, filename):
    """A short hash of the file's content, read again when the file changes (checked by its mtime)."""
    path = os.path.join(app.static_folder, filename)
    try:
        stamp = os.stat(path).st_mtime_ns
    except OSError:
        return None
    known = hashes.get(filename)
    if known is None or known[0] != stamp:
        with open(path, "rb") as file:
            known = hashes[filename] = (stamp, hashlib.blake2b(file.read(), digest_size=6).hexdigest())
    return known[1]


def favicon():
    """The site's icon, where browsers look for it when a page names none."""
    return send_from_directory(current_app.static_folder, "favicon.ico", max_age=86400)  # public, a day


def robots():
    """Let search engines read public pages, not staff ones."""
    response = current_app.response_class(ROBOTS, mimetype="text/plain")
    response.headers["Cache-Control"] = "public, max-age=86400"
    return response
