"""Themes of a draft's opinions: groups of approved opinions that say alike things, per article."""

from flask import Blueprint

bp = Blueprint("themes", __name__)
