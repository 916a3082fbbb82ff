"""Sign-in and password forms."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, PasswordField, StringField
from wtforms.validators import DataRequired, Email, EqualTo, Length

from consult.auth.passwords import MIN_LENGTH


def email_field():
    """The email an account signs in with."""
    return EmailField(
        _l("Email"),
        validators=[DataRequired(_l("Enter your email.")), Email(_l("Enter a valid email address.")), Length(max=255)],
    )


def password_field():
    """The account's current password (password managers fill it in)."""
    return PasswordField(
        _l("Password"),
        validators=[DataRequired(_l("Enter your password."))],
        render_kw={"autocomplete": "current-password"},
    )


class LoginForm(FlaskForm):
    """Email and password."""

    email = email_field()
    password = password_field()
    remember = BooleanField(_l("Keep me signed in on this device"))


class NewPasswordForm(FlaskForm):
    """A new password, typed twice (its strength is checked by consult.auth.passwords)."""

    new_password = PasswordField(
        _l("New password"),
        description=_l(
            "At least %(count)d characters. A few unrelated words make a long password that is easy to remember.",
            count=MIN_LENGTH,
        ),
        validators=[DataRequired(_l("Enter a new password."))],
        render_kw={"autocomplete": "new-password"},
    )
    confirm = PasswordField(
        _l("New password again"),
        validators=[
            DataRequired(_l("Enter the new password again.")),
            EqualTo("new_password", _l("The two new passwords are not the same.")),
        ],
        render_kw={"autocomplete": "new-password"},
    )


class ChangePasswordForm(NewPasswordForm):
    """The current password, then a new one."""

    current_password = PasswordField(
        _l("Current password"),
        validators=[DataRequired(_l("Enter your current password."))],
        render_kw={"autocomplete": "current-password"},
    )


class ResetRequestForm(FlaskForm):
    """The email of the account whose password is forgotten."""

    email = email_field()


class CodeForm(FlaskForm):
    """The six-digit code of an authenticator app."""

    code = StringField(
        _l("Code from your authenticator app"),
        validators=[DataRequired(_l("Enter the 6-digit code.")), Length(max=12)],
        render_kw={"inputmode": "numeric", "autocomplete": "one-time-code", "maxlength": "12"},
    )


class TurnOffForm(FlaskForm):
    """The account's password, to turn two-step sign-in off."""

    password = password_field()
