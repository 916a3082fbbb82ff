"""Administration: agencies and user accounts, the audit log and the moderation dashboard."""

from flask import Blueprint

bp = Blueprint("admin", __name__)
