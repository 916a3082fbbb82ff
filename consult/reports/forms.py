"""Forms asking for a report file."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, RadioField, StringField, TextAreaField
from wtforms.validators import Length, Optional

from consult.forms import VietnameseDateField, choice_list
from consult.reports.models import FORMATS, Audience

TEXT_MAX = 20_000  # characters of each narrative part: a few pages

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


class ReportTextForm(FlaskForm):
    """What the drafting agency writes for its synthesis report."""

    place = StringField(
        _l("Place above the title"),
        validators=[Optional(), Length(max=120)],
        description=_l("As in “Hà Nội, ngày … tháng … năm …”. Empty: the agency's province."),
    )
    signed_on = VietnameseDateField(
        _l("Date of the report"),
        validators=[Optional()],
        description=_l("Empty: the day the file is prepared."),
    )
    organisation = TextAreaField(
        _l("I. How the consultation was organised"),
        validators=[Optional(), Length(max=TEXT_MAX)],
        description=_l(
            "Direction and organisation, communication, meetings and the groups asked; shown before the figures."
        ),
        render_kw={"rows": 6},
    )
    overview = TextAreaField(
        _l("II. Overview of the opinions"),
        validators=[Optional(), Length(max=TEXT_MAX)],
        description=_l("What most opinions agreed with or asked to change; shown before the table by article."),
        render_kw={"rows": 6},
    )
    accepted = TextAreaField(
        _l("III. What was taken up, and why"),
        validators=[Optional(), Length(max=TEXT_MAX)],
        description=_l("The main changes made to the draft and the reasons; shown before the table of opinions."),
        render_kw={"rows": 6},
    )
