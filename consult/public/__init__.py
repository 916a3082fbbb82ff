"""Pages anyone can read: the list of drafts and each draft with its public opinions."""

from flask import Blueprint

bp = Blueprint("public", __name__)
