"""Opinions gathered offline (meetings, letters, hotline, mass organisations): typed in by staff one by one, or
imported from a filled-in template (XLSX or CSV), and stored like online opinions (consult.feedback.store)."""

from flask import Blueprint

bp = Blueprint("offline", __name__)  # staff pages in the agency workspace (consult.offline.views)
