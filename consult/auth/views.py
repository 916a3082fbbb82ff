"""Login and logout pages."""

import time
from datetime import timedelta

from flask import flash, redirect, render_template, request, session, url_for
from flask_babel import format_timedelta
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user

from consult.auth import bp
from consult.auth.backoff import failed, succeeded, wait_seconds
from consult.auth.forms import ChangePasswordForm, CodeForm, LoginForm, NewPasswordForm, ResetRequestForm, TurnOffForm
from consult.auth.passwords import change_password, password_problem, send_reset_link, user_of_reset_token
from consult.auth.services import authenticate, load_user, normalise_email
from consult.auth.two_factor import check_code, new_secret, provisioning, turn_off, turn_on
from consult.extensions import db, limiter
from consult.hashing import hash_value
from consult.permissions import can_moderate, can_use_agency_workspace, is_admin
from consult.redirects import local_path

PENDING = "signing_in"  # the session's account that gave its password and owes its code
PENDING_SECONDS = 300
NEW_SECRET = "new_totp_secret"  # a secret shown as a QR code, kept until a code proves the app has it


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


def _pending_key():
    """Wrong codes are counted per account waiting for its code."""
    return "code:" + str(session.get(PENDING, {}).get("id", "")).partition(".")[0]


def _waiting(template, form, field, account):
    """The form again, refused (429), when `account` is closed after failed attempts; None when it may try."""
    wait = wait_seconds(account)
    if not wait:
        return None
    field.errors.append(
        _(
            "Too many failed attempts for this account. Try again in %(wait)s.",
            wait=format_timedelta(timedelta(seconds=wait), threshold=1),
        )
    )
    return render_template(template, form=form), 429, {"Retry-After": str(wait)}


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit("10 per minute", methods=["POST"])
def login():
    """Show the login form and sign the user in."""
    if current_user.is_authenticated:
        return redirect(_landing_page(current_user))
    form = LoginForm()
    if form.validate_on_submit():
        account = _account_key()
        if closed := _waiting("auth/login.html", form, form.password, account):
            return closed
        user = authenticate(form.email.data, form.password.data)
        if user is None:
            failed(account)
            form.password.errors.append(_("The email or password is not correct."))
            return render_template("auth/login.html", form=form)
        succeeded(account)
        if user.totp_secret:  # the code of the authenticator app comes next
            session[PENDING] = {"id": user.get_id(), "remember": form.remember.data, "at": time.time()}
            return redirect(url_for("auth.code", next=local_path(request.args.get("next"))))
        return _signed_in(user, form.remember.data)
    return render_template("auth/login.html", form=form)


def _signed_in(user, remember):
    """Sign the user in and send them on."""
    login_user(user, remember=remember)
    flash(_("You are signed in."), "success")
    return redirect(local_path(request.args.get("next")) or _landing_page(user))


@bp.route("/code", methods=["GET", "POST"])
@limiter.limit("10 per minute", methods=["POST"])
def code():
    """The second step of signing in: the code of the account's authenticator app."""
    pending = session.get(PENDING) or {}
    user = load_user(pending.get("id")) if time.time() - pending.get("at", 0) < PENDING_SECONDS else None
    if user is None or not user.is_active:
        session.pop(PENDING, None)
        flash(_("Sign in again: the code was not entered in time."), "info")
        return redirect(url_for("auth.login"))
    form = CodeForm()
    if form.validate_on_submit():
        account = _pending_key()
        if closed := _waiting("auth/code.html", form, form.code, account):
            return closed
        if check_code(user, form.code.data):
            db.session.commit()  # the code's time step: it is not accepted again
            succeeded(account)
            session.pop(PENDING, None)
            return _signed_in(user, pending.get("remember", False))
        failed(account)
        form.code.errors.append(_("The code is not correct or has expired. Enter the code your app shows now."))
    return render_template("auth/code.html", form=form)


@bp.route("/two-step", methods=["GET", "POST"])
@login_required
def two_step():
    """Turn two-step sign-in on (scan the QR code, enter a code) or off (with the password)."""
    user = current_user._get_current_object()
    if user.totp_secret:
        form = TurnOffForm()
        if form.validate_on_submit():
            if user.check_password(form.password.data):
                turn_off(user, user)
                db.session.commit()
                flash(_("Two-step sign-in is off."), "success")
                return redirect(url_for("auth.password"))
            form.password.errors.append(_("The password is not correct."))
        return render_template("auth/two_step.html", form=form, enabled=True)
    secret = session.get(NEW_SECRET) or new_secret()
    session[NEW_SECRET] = secret
    form = CodeForm()
    if form.validate_on_submit():
        if turn_on(user, secret, form.code.data):
            db.session.commit()
            session.pop(NEW_SECRET, None)
            flash(_("Two-step sign-in is on: from now on, signing in asks for a code of your app."), "success")
            return redirect(url_for("auth.password"))
        form.code.errors.append(_("The code is not correct or has expired. Enter the code your app shows now."))
    address, qr_code = provisioning(user, secret)
    return render_template(
        "auth/two_step.html", form=form, enabled=False, secret=secret, address=address, qr_code=qr_code
    )


@bp.route("/logout", methods=["POST"])
@login_required
def logout():
    """Sign the user out, here and on every other device (their sessions and remember-me cookies end too)."""
    current_user.end_sessions()
    db.session.commit()
    logout_user()
    flash(_("You are signed out."), "success")
    return redirect(url_for("public.home"))


@bp.route("/password", methods=["GET", "POST"])
@login_required
def password():
    """Change one's password: every other session and remember-me cookie of the account ends."""
    form = ChangePasswordForm()
    if form.validate_on_submit():
        user = current_user._get_current_object()
        if not user.check_password(form.current_password.data):
            form.current_password.errors.append(_("The current password is not correct."))
        elif problem := password_problem(form.new_password.data, user.email, user.name):
            form.new_password.errors.append(problem)
        else:
            change_password(user, user, form.new_password.data)
            db.session.commit()
            login_user(user)  # this session goes on with the account's new token
            flash(_("Your password was changed. Other devices were signed out."), "success")
            return redirect(_landing_page(user))
    return render_template("auth/password.html", form=form)


@bp.route("/reset", methods=["GET", "POST"])
@limiter.limit("5 per hour", methods=["POST"])
@limiter.limit("3 per hour", methods=["POST"], key_func=_account_key)
def reset_request():
    """Ask for a link to choose a new password. The answer is the same whether the email has an account or not."""
    form = ResetRequestForm()
    if form.validate_on_submit():
        send_reset_link(form.email.data)
        db.session.commit()  # ends the read of the account: the mail is sent once its transaction is over
        flash(
            _(
                "If an account uses this address, a link to choose a new password has been sent to it. "
                "The link works for one hour."
            ),
            "success",
        )
        return redirect(url_for("auth.login"))
    return render_template("auth/reset_request.html", form=form)


@bp.route("/reset/<token>", methods=["GET", "POST"])
@limiter.limit("10 per hour", methods=["POST"])
def reset(token):
    """Choose a new password with a link sent by email; the link then stops working."""
    user = user_of_reset_token(token)
    if user is None:
        return render_template("auth/reset_invalid.html"), 404
    form = NewPasswordForm()
    if form.validate_on_submit():
        problem = password_problem(form.new_password.data, user.email, user.name)
        if problem:
            form.new_password.errors.append(problem)
        else:
            change_password(None, user, form.new_password.data)
            db.session.commit()
            flash(_("Your password was changed. Sign in with it."), "success")
            return redirect(url_for("auth.login"))
    return render_template("auth/reset.html", form=form)
