"""Diacritic-insensitive search of public drafts, articles and approved opinions ('quy hoach dat' finds 'quy hoạch đất')."""

from flask import Blueprint

bp = Blueprint("search", __name__)
