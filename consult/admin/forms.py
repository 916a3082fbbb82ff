"""Forms for agencies and users."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm

from consult.forms import choice_list
from wtforms import BooleanField, EmailField, PasswordField, SelectField, StringField
from wtforms.validators import DataRequired, Email, Length, Optional, Regexp, ValidationError

from consult.auth.models import Role
from consult.labels import AGENCY_KIND_LABELS, ROLE_LABELS


class AgencyForm(FlaskForm):
    """Name, web address, level and parent of an agency."""

    name = StringField(_l("Name"), validators=[DataRequired(_l("Enter the agency's name.")), Length(max=255)])
    slug = StringField(
        _l("Short name for web addresses (optional)"),
        validators=[Optional(), Length(max=120), Regexp(r"^[a-z0-9-]+$", message=_l("Use lower-case letters without diacritics, digits and hyphens."))],
    )
    kind = SelectField(_l("Level"), choices=choice_list(AGENCY_KIND_LABELS.items()))
    parent_id = SelectField(_l("Parent agency"), coerce=int, default=0)

    def set_agencies(self, agencies, exclude=None):
        """Offer the other agencies as possible parents."""
        self.parent_id.choices = choice_list(
            [(0, _l("— None —"))] + [(agency.id, agency.name) for agency in agencies if agency is not exclude]
        )


class UserRoleFields(FlaskForm):
    """Role and agency, shared by the create and edit forms."""

    role = SelectField(_l("Role"), choices=choice_list(ROLE_LABELS.items()))
    agency_id = SelectField(_l("Agency"), coerce=int, default=0)

    def set_agencies(self, agencies):
        """Offer every agency."""
        self.agency_id.choices = choice_list([(0, _l("— None —"))] + [(agency.id, agency.name) for agency in agencies])

    def validate_agency_id(self, field):
        """Agency editors must belong to an agency."""
        if self.role.data == Role.AGENCY_EDITOR and not field.data:
            raise ValidationError(_l("An agency editor must belong to an agency."))


class UserCreateForm(UserRoleFields):
    """A new account."""

    email = EmailField(_l("Email"), validators=[DataRequired(_l("Enter an email address.")), Email(_l("Enter a valid email address.")), Length(max=255)])
    name = StringField(_l("Full name"), validators=[Optional(), Length(max=255)])
    password = PasswordField(
        _l("Password"), validators=[DataRequired(_l("Enter a password.")), Length(min=10, message=_l("Use at least 10 characters."))]
    )


class UserEditForm(UserRoleFields):
    """Role, agency and whether the account may log in."""

    name = StringField(_l("Full name"), validators=[Optional(), Length(max=255)])
    active = BooleanField(_l("Account is active"))
