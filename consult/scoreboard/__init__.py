"""The agency scoreboard (bảng theo dõi lấy ý kiến): per agency and period, the drafts it put to consultation, whether
their windows met the legal minimum, the opinions received online and offline, how many it answered and published,
and whether its synthesis report is public; against the agencies the administrators expected to consult
(consult.scoreboard.models). Computed by consult.scoreboard.services; served at /scoreboard, its CSV and
/api/v1/scoreboard."""

from flask import Blueprint

bp = Blueprint("scoreboard", __name__)
