"""Forms asking for a report file."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, RadioField

from consult.forms import choice_list
from consult.reports.models import FORMATS, Audience

AUDIENCE_CHOICES = choice_list(
    [
        (Audience.AGENCY, _l("Internal version: every opinion, authors' names, unpublished answers")),
        (Audience.PUBLIC, _l("Public version: published opinions and answers only, as anyone can download it")),
    ]
)


class AgencyReportForm(FlaskForm):
    """What the drafting agency asks for: format, version, and contact details or not."""

    fmt = RadioField(_l("File"), choices=choice_list(FORMATS.items()), default="docx")
    audience = RadioField(_l("Version"), choices=AUDIENCE_CHOICES, default=Audience.AGENCY)
    include_contact = BooleanField(
        _l("Include the authors' contact details (internal version only)"),
        description=_l("Contact details are personal data: keep the file within the drafting unit."),
    )


class PublicReportForm(FlaskForm):
    """The file a visitor asks for."""

    fmt = RadioField(_l("File"), choices=choice_list(FORMATS.items()), default="pdf")
