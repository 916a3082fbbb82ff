"""Admin pages: agencies and users."""

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select

from consult.admin import bp
from consult.admin.forms import AgencyForm, UserCreateForm, UserEditForm
from consult.admin.services import SlugTaken, create_agency, update_agency
from consult.agency.models import Agency
from consult.auth.models import User
from consult.auth.services import SelfLockout, UserExists, create_user, update_user
from consult.drafts.closing import pending_close_requests
from consult.extensions import db
from consult.permissions import is_admin


@bp.before_request
@login_required
def require_admin():
    """Only admins reach these pages."""
    if not is_admin(current_user):
        abort(403)


def _agencies():
    """Return all agencies by name."""
    return db.session.scalars(select(Agency).order_by(Agency.name)).all()


@bp.route("/")
def index():
    """Agencies and users at a glance, and the requests to close a consultation early waiting for an admin."""
    users = db.session.scalars(select(User).order_by(User.role, User.email)).all()
    return render_template(
        "admin/index.html", agencies=_agencies(), users=users, close_requests=pending_close_requests()
    )


@bp.route("/agencies/new", methods=["GET", "POST"])
@bp.route("/agencies/<int:agency_id>/edit", methods=["GET", "POST"])
def agency_form(agency_id=None):
    """Create or edit an agency."""
    agency = db.session.get(Agency, agency_id) if agency_id else None
    if agency_id and agency is None:
        abort(404)
    form = AgencyForm(obj=agency)
    if agency is not None and not form.is_submitted():
        form.parent_id.data = agency.parent_id or 0
    form.set_agencies(_agencies(), exclude=agency)
    if form.validate_on_submit():
        parent = db.session.get(Agency, form.parent_id.data) if form.parent_id.data else None
        try:
            if agency is None:
                create_agency(
                    current_user, form.name.data, form.kind.data, parent, form.slug.data or None, form.locality.data
                )
            else:
                update_agency(
                    current_user,
                    agency,
                    form.name.data,
                    form.kind.data,
                    parent,
                    form.slug.data or None,
                    form.locality.data,
                )
        except SlugTaken:
            db.session.rollback()
            form.slug.errors.append(_("Another agency already uses this short name."))
        else:
            db.session.commit()
            flash(_("Agency saved."), "success")
            return redirect(url_for("admin.index"))
    return render_template("admin/agency_form.html", form=form, agency=agency), 422 if form.is_submitted() else 200


@bp.route("/users/new", methods=["GET", "POST"])
def user_new():
    """Create an account with a role."""
    form = UserCreateForm()
    form.set_agencies(_agencies())
    if form.validate_on_submit():
        agency = db.session.get(Agency, form.agency_id.data) if form.agency_id.data else None
        try:
            create_user(current_user, form.email.data, form.password.data, form.role.data, form.name.data, agency)
        except UserExists:
            db.session.rollback()
            form.email.errors.append(_("An account with this email already exists."))
        else:
            db.session.commit()
            flash(_("Account created."), "success")
            return redirect(url_for("admin.index"))
    return render_template("admin/user_form.html", form=form, user=None), 422 if form.is_submitted() else 200


@bp.route("/users/<int:user_id>/edit", methods=["GET", "POST"])
def user_edit(user_id):
    """Change an account's role, agency or active flag."""
    user = db.session.get(User, user_id) or abort(404)
    form = UserEditForm(obj=user)
    if not form.is_submitted():
        form.agency_id.data = user.agency_id or 0
    form.set_agencies(_agencies())
    if form.validate_on_submit():
        agency = db.session.get(Agency, form.agency_id.data) if form.agency_id.data else None
        try:
            update_user(current_user, user, form.role.data, agency, form.active.data, form.name.data)
        except SelfLockout:
            db.session.rollback()
            form.role.errors.append(_("You cannot remove your own administrator rights."))
        else:
            db.session.commit()
            flash(_("Account saved."), "success")
            return redirect(url_for("admin.index"))
    return render_template("admin/user_form.html", form=form, user=user), 422 if form.is_submitted() else 200


# The audit log, the dashboard and the agencies expected to consult: routes on the same blueprint.
from consult.admin import expectation_views, oversight_views  # noqa: E402,F401
