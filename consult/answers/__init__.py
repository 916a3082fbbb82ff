"""The agency's answers to opinions (tiếp thu, giải trình) and their publication."""

from flask import Blueprint

bp = Blueprint("answers", __name__)
