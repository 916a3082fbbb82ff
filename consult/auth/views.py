"""Login and logout pages."""

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user

from consult.auth import bp
from consult.auth.forms import LoginForm
from consult.auth.services import authenticate, normalise_email
from consult.extensions import db, limiter
from consult.hashing import hash_value
from consult.permissions import can_moderate, can_use_agency_workspace, is_admin
from consult.redirects import local_path


def _landing_page(user):
    """Return where a user starts after signing in, by role."""
    if is_admin(user):
        return url_for("admin.index")
    if can_use_agency_workspace(user):
        return url_for("agency.index")
    if can_moderate(user):
        return url_for("moderation.queue")
    return url_for("public.home")


def _account_key():
    """The keyed hash of the email a sign-in is tried with: failed attempts are counted per account."""
    return "login:" + hash_value(normalise_email(request.form.get("email")), "login")


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit("10 per minute", methods=["POST"])
@limiter.limit(
    lambda: current_app.config["LOGIN_FAILURE_RATE_LIMIT"],
    methods=["POST"],
    key_func=_account_key,
    deduct_when=lambda response: response.status_code != 302,  # only a failed attempt counts
)
def login():
    """Show the login form and sign the user in."""
    if current_user.is_authenticated:
        return redirect(_landing_page(current_user))
    form = LoginForm()
    if form.validate_on_submit():
        user = authenticate(form.email.data, form.password.data)
        if user is None:
            form.password.errors.append(_("The email or password is not correct."))
        else:
            login_user(user, remember=form.remember.data)
            flash(_("You are signed in."), "success")
            return redirect(local_path(request.args.get("next")) or _landing_page(user))
    return render_template("auth/login.html", form=form)


@bp.route("/logout", methods=["POST"])
@login_required
def logout():
    """Sign the user out, here and on every other device (their sessions and remember-me cookies end too)."""
    current_user.end_sessions()
    db.session.commit()
    logout_user()
    flash(_("You are signed out."), "success")
    return redirect(url_for("public.home"))
