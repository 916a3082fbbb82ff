"""Email subscriptions without an account: new drafts of an agency or a field, and one draft's events."""

from flask import Blueprint

bp = Blueprint("subscriptions", __name__)
