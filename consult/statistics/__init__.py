"""Participation statistics of a draft and of the whole site: page views counted without cookies, approved opinions
by day, channel, author kind and locality, a tile map of the 34 provinces, each table as CSV."""

from flask import Blueprint

bp = Blueprint("statistics", __name__)
