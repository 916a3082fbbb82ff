"""Bulk open data at /open-data: a ZIP of CSV and JSON Lines files with a Frictionless `datapackage.json`, for the
whole site and for each published draft, built in the background after public content changes (consult.opendata
.builds) and sent from disk. Mounted by consult.opendata.views.register_open_data."""

from flask import Blueprint

bp = Blueprint("opendata", __name__)
