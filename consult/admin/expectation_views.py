"""Admin page: which agencies are expected to consult in a year or a quarter (shown on the public scoreboard as
"expected N, did M")."""

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from flask_wtf import FlaskForm
from sqlalchemy import select

from consult.admin import bp
from consult.agency.models import AGENCY_KIND_LABELS, Agency, AgencyKind
from consult.extensions import db
from consult.scoreboard.expectations import expectations_of, set_expectations
from consult.scoreboard.services import QUARTERS, ScoreboardError, read_query
from consult.scoreboard.views import PARAMETER_MESSAGES, period_label


class ExpectationsForm(FlaskForm):
    """The CSRF token of the expectations form; the agencies ticked are read as a list of ids."""


def _period():
    """Return the period asked for (year, quarter; this year by default), or the ScoreboardError."""
    try:
        period, *_rest = read_query({"year": request.values.get("year"), "quarter": request.values.get("quarter")})
    except ScoreboardError as error:
        return None, error
    return period, None


def _ticked():
    """Return the agency ids ticked in the form (values that are not ids are ignored: no such agency)."""
    return {int(value) for value in request.form.getlist("agency") if value.isascii() and value.isdigit()}


@bp.route("/scoreboard", methods=["GET", "POST"])
def expectations():
    """Tick the agencies expected to consult in a period; saved and audited for each agency changed."""
    period, error = _period()
    form = ExpectationsForm()
    if period is None:
        html = render_template(
            "admin/expectations.html",
            period=None,
            error=PARAMETER_MESSAGES[error.name],
            error_field=error.name,
            typed={"year": request.values.get("year", ""), "quarter": request.values.get("quarter", "")},
            quarters=QUARTERS,
            form=form,
        )
        return html, 400
    if form.validate_on_submit():
        added, removed = set_expectations(current_user, period, _ticked())
        db.session.commit()
        flash(
            _(
                "Saved for %(period)s: %(added)d agencies added, %(removed)d taken off.",
                period=period_label(period),
                added=len(added),
                removed=len(removed),
            ),
            "success",
        )
        return redirect(url_for("admin.expectations", year=period.year, quarter=period.quarter or None))
    agencies = db.session.scalars(select(Agency).order_by(Agency.name)).all()
    by_level = [
        (kind, AGENCY_KIND_LABELS[kind], [agency for agency in agencies if agency.kind == kind])
        for kind in AgencyKind.ALL
    ]
    return render_template(
        "admin/expectations.html",
        period=period,
        period_name=period_label(period),
        expected=expectations_of(period),
        by_level=[group for group in by_level if group[2]],
        typed={"year": str(period.year), "quarter": str(period.quarter or "")},
        quarters=QUARTERS,
        form=form,
        error=None,
        error_field=None,
    )
