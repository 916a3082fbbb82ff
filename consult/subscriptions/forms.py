"""The subscription form: an email address, what it follows is in the page's address."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField
from wtforms.validators import DataRequired, Email, Length


class SubscribeForm(FlaskForm):
    """The address to send the news to."""

    email = EmailField(
        _l("Your email"),
        validators=[DataRequired(_l("Enter your email.")), Email(_l("Enter a valid email address.")), Length(max=255)],
        description=_l("Used only to send you this news; a link in every email ends it."),
    )


class ConfirmForm(FlaskForm):
    """One button: confirm, or end, a subscription."""
