"""Search of public drafts, articles and approved opinions; diacritics optional ("quy hoach dat" finds "quy hoạch đất")."""

from flask import Blueprint

bp = Blueprint("search", __name__)
