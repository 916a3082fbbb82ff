"""Opinions gathered offline (meetings, letters, hotline, mass organisations): typed in by staff one by one, or
imported from a filled-in template (XLSX or CSV), and stored like online opinions (consult.feedback.store)."""

from flask import Blueprint

from consult.agency.access import require_agency_editor

bp = Blueprint("offline", __name__)
bp.before_request(require_agency_editor)
