"""The read-only JSON API (/api/v1): public drafts, their text, approved opinions and published answers, for anyone
to reuse, described by an OpenAPI 3.1 document (/api/v1/openapi.json) and a reference page (/api/v1/).

Every JSON answer to a GET carries an ETag (304 Not Modified when the client holds it) and may be kept a minute by
any cache; no answer reads or sets a cookie, so none depends on who asks (consult.api.http). Errors anywhere under
/api/ are problem documents (consult.errors.render_problem). Each client (its hashed address) has API_RATE_LIMIT
for the whole API; the lists marked `@public_page` (agencies, a draft's opinions and answers), once kept by the page
cache, are sent by its front without being counted, as public pages are (a stored answer costs less than the count).
"""

from flask import Blueprint, current_app

from consult.extensions import limiter

bp = Blueprint("api", __name__, url_prefix="/api/v1")

limiter.shared_limit(lambda: current_app.config["API_RATE_LIMIT"], scope="api")(bp)
