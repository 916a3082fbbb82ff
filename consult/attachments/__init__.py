"""Original files and annexes of a draft: upload, delete and download."""

from flask import Blueprint

bp = Blueprint("attachments", __name__)
