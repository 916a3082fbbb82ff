"""The drafting agency's workspace: its drafts, their window, summary and downloads."""

from flask import Blueprint

bp = Blueprint("agency", __name__)
