"""Quick polls (khảo sát nhanh): up to five closed questions an agency adds to a draft, answered once by anyone,
with or without an opinion; the results on the poll's page after answering (or once the window closes), on the
agency's summary, in the reports and in the open data files."""

from flask import Blueprint

bp = Blueprint("polls", __name__)
