"""Forms for agencies and users, and the filters of the audit log and dashboard."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, IntegerField, PasswordField, SelectField, StringField
from wtforms.validators import DataRequired, Email, Length, NumberRange, Optional, Regexp, ValidationError

from consult.agency.models import AGENCY_KIND_LABELS
from consult.auth.models import ROLE_LABELS, Role
from consult.forms import VietnameseDateField, choice_list
from consult.localities import PROVINCES, locality_choices


class AgencyForm(FlaskForm):
    """Name, web address, level and parent of an agency."""

    name = StringField(_l("Name"), validators=[DataRequired(_l("Enter the agency's name.")), Length(max=255)])
    slug = StringField(
        _l("Short name for web addresses (optional)"),
        validators=[
            Optional(),
            Length(max=120),
            Regexp(r"^[a-z0-9-]+$", message=_l("Use lower-case letters without diacritics, digits and hyphens.")),
        ],
    )
    kind = SelectField(_l("Level"), choices=choice_list(AGENCY_KIND_LABELS.items()))
    parent_id = SelectField(_l("Parent agency"), coerce=int, default=0)
    locality = SelectField(
        _l("Province or city"),
        description=_l("Whose people its drafts concern: feeds and email news of that place include them."),
        default="",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        provinces = [(code, name) for code, name in locality_choices() if code in PROVINCES]
        self.locality.choices = choice_list([("", _l("The whole country (a national body)")), *provinces])

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

    email = EmailField(
        _l("Email"),
        validators=[
            DataRequired(_l("Enter an email address.")),
            Email(_l("Enter a valid email address.")),
            Length(max=255),
        ],
    )
    name = StringField(_l("Full name"), validators=[Optional(), Length(max=255)])
    password = PasswordField(
        _l("Password"),
        validators=[DataRequired(_l("Enter a password.")), Length(min=10, message=_l("Use at least 10 characters."))],
    )


class UserEditForm(UserRoleFields):
    """Role, agency and whether the account may log in."""

    name = StringField(_l("Full name"), validators=[Optional(), Length(max=255)])
    active = BooleanField(_l("Account is active"))


class AuditFilterForm(FlaskForm):
    """Filters of the audit log, sent by GET so a filtered page can be bookmarked and exported."""

    class Meta:
        csrf = False  # reading only

    actor = StringField(_l("Done by (account email)"), validators=[Optional(), Length(max=255)])
    action = StringField(
        _l("Action"),
        description=_l("An exact code such as feedback.approved, or a family such as feedback.*"),
        render_kw={"list": "known-actions", "autocomplete": "off"},
        validators=[
            Optional(),
            Length(max=60),
            Regexp(
                r"^[a-z_]+(\.[a-z_]*)?\*?$", message=_l("Use an action code such as feedback.approved or feedback.*")
            ),
        ],
    )
    object_type = SelectField(_l("Object type"), default="")
    object_id = IntegerField(
        _l("Object ID"), validators=[Optional(), NumberRange(min=1, message=_l("Enter a whole number from 1."))]
    )
    date_from = VietnameseDateField(_l("From (dd/mm/yyyy)"), validators=[Optional()])
    date_to = VietnameseDateField(_l("To (dd/mm/yyyy)"), validators=[Optional()])

    def set_object_types(self, labels):
        """Offer every kind of audited object."""
        self.object_type.choices = choice_list([("", _l("— Any —"))] + list(labels.items()))

    def validate_date_to(self, field):
        """The end of the range cannot come before its start."""
        if field.data and self.date_from.data and field.data < self.date_from.data:
            raise ValidationError(_l("The end date must not be before the start date."))


class DashboardForm(FlaskForm):
    """How many recent days the throughput table shows."""

    class Meta:
        csrf = False

    days = SelectField(
        _l("Days shown"), coerce=int, default=14, choices=choice_list([(7, "7"), (14, "14"), (30, "30"), (90, "90")])
    )
