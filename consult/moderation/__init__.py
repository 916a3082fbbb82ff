"""The moderation queue: nothing is public before a moderator approves it."""

from flask import Blueprint

bp = Blueprint("moderation", __name__)
