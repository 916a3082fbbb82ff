"""Search of public drafts, articles and approved opinions; diacritics optional ("quy hoach dat" finds
"quy hoạch đất")."""

from flask import Blueprint

from consult.search import indexing  # noqa: F401  (follows drafts' changes: consult.drafts.signals)

bp = Blueprint("search", __name__)
