"""Administration: agencies and user accounts."""

from flask import Blueprint

bp = Blueprint("admin", __name__)
