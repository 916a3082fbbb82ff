"""Atom feeds: new and changed drafts (all, per agency, per field) and the events of one draft."""

from flask import Blueprint

bp = Blueprint("feeds", __name__)
