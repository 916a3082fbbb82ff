"""The moderation queue: nothing is public before a moderator approves it."""

from flask import Blueprint

bp = Blueprint("moderation", __name__)

from consult.moderation import flag_index  # noqa: E402,F401  (follows the flags of every flushed opinion)
