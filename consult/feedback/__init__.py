"""Giving an opinion on a draft, and the receipt that follows."""

from flask import Blueprint

bp = Blueprint("feedback", __name__)
