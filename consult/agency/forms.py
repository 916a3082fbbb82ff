"""Creating and editing a draft."""

from datetime import datetime, time, timedelta

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import BooleanField, RadioField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from consult.drafts.imports import DEFAULT_WINDOW_DAYS
from consult.drafts.models import DOC_TYPES, PARTICIPATION_LABELS, Participation
from consult.drafts.structure import StructureError, parse_structure
from consult.drafts.window import minimum_days, window_days
from consult.forms import VietnameseDateField, choice_list
from consult.i18n import LOCAL_TZ

STRUCTURE_HELP = _l(
    "One article per block. A line 'Chương I' starts a chapter (its title on the next line); "
    "a line 'Điều 1. Title' starts an article; the lines after it are its text."
)


def local_day_start(day):
    """Return 00:00 of `day` in Viet Nam as an aware datetime."""
    return datetime.combine(day, time.min, tzinfo=LOCAL_TZ)


class DraftForm(FlaskForm):
    """Title, type, field, window and the text of the draft."""

    title = StringField(_l("Title"), validators=[DataRequired(_l("Enter the title.")), Length(max=500)])
    doc_type = SelectField(_l("Document type"), choices=choice_list(DOC_TYPES.items()))
    field = StringField(_l("Field (lĩnh vực)"), validators=[Optional(), Length(max=200)])
    summary = TextAreaField(_l("Summary"), validators=[Optional(), Length(max=5000)], render_kw={"rows": 4})
    number_symbol = StringField(_l("Number and symbol (if any)"), validators=[Optional(), Length(max=100)])
    contact = StringField(_l("Contact of the drafting unit"), validators=[Optional(), Length(max=500)])
    opens_on = VietnameseDateField(
        _l("Open for comments from (dd/mm/yyyy)"), validators=[DataRequired(_l("Enter the opening date."))]
    )
    closes_on = VietnameseDateField(
        _l("Open for comments until (dd/mm/yyyy, inclusive)"), validators=[DataRequired(_l("Enter the closing date."))]
    )
    structure = TextAreaField(
        _l("Text of the draft"),
        validators=[DataRequired(_l("Enter the text of the draft."))],
        description=STRUCTURE_HELP,
        render_kw={"rows": 20},
    )

    note = TextAreaField(
        _l("What changed (shown with the new version)"),
        validators=[Optional(), Length(max=2000)],
        description=_l(
            "Changing the text of a published draft makes a new version; earlier versions and their opinions stay "
            "readable."
        ),
        render_kw={"rows": 2},
    )

    confirm_short_window = BooleanField(_l("I confirm this shorter period (explain why in the summary)"))
    participation = RadioField(
        _l("Who may give an opinion"),
        choices=choice_list(PARTICIPATION_LABELS.items()),
        default=Participation.OPEN,
        validators=[DataRequired(_l("Choose who may give an opinion."))],
        description=_l(
            "With email verification an opinion counts only once its author types the code sent to "
            "their email; people without an email address cannot take part."
        ),
    )

    def validate_closes_on(self, field):
        """The window must end on or after the day it opens, and not be shorter than the minimum unconfirmed."""
        if not (field.data and self.opens_on.data):
            return
        if field.data < self.opens_on.data:
            raise ValidationError(_l("The closing date must not be before the opening date."))
        days, minimum = window_days(self.opens_on.data, field.data), minimum_days(self.doc_type.data)
        if days < minimum and not self.confirm_short_window.data:
            raise ValidationError(
                _l(
                    "This window lasts %(days)d days, shorter than the minimum of %(minimum)d days for this type of "
                    "document. Choose a later closing date, or tick the confirmation below.",
                    days=days,
                    minimum=minimum,
                )
            )

    def validate_structure(self, field):
        """Report structure problems (duplicate articles, empty chapters) on the field."""
        try:
            parse_structure(field.data)
        except StructureError as error:
            raise ValidationError(str(error.args[0])) from None

    def draft_values(self):
        """Return the draft's fields; the window runs from the first day 00:00 to the end of the last day, Viet Nam
        time."""
        return {
            "title": self.title.data,
            "doc_type": self.doc_type.data,
            "field": self.field.data or "",
            "summary": self.summary.data or "",
            "contact": self.contact.data or "",
            "number_symbol": self.number_symbol.data or "",
            "participation": self.participation.data,
            "opens_at": local_day_start(self.opens_on.data),
            "closes_at": local_day_start(self.closes_on.data + timedelta(days=1)),
        }

    def fill_from(self, draft, structure_text):
        """Put a draft's current values into the form."""
        self.title.data, self.doc_type.data, self.field.data = draft.title, draft.doc_type, draft.field
        self.summary.data, self.contact.data = draft.summary, draft.contact
        self.number_symbol.data = draft.number_symbol
        self.participation.data = draft.participation
        self.opens_on.data = draft.opens_at.astimezone(LOCAL_TZ).date()
        self.closes_on.data = draft.last_day_at.astimezone(LOCAL_TZ).date()
        self.structure.data = structure_text


class ImportForm(FlaskForm):
    """A DOCX, HTML or text file holding the draft."""

    file = FileField(
        _l("File of the draft (DOCX, HTML or text)"),
        validators=[FileRequired(_l("Choose the file to import."))],
        description=_l(
            "The structure (chapters, articles, clauses, points) is read from the file; you check it before saving."
        ),
    )

    def prefill(self, draft_form, parsed, structure_text, today):
        """Fill a DraftForm from what was read from the file, with the default window from today."""
        draft_form.title.data = parsed.title
        draft_form.doc_type.data = parsed.doc_type
        draft_form.number_symbol.data = parsed.number_symbol
        draft_form.opens_on.data = today
        draft_form.closes_on.data = today + timedelta(days=DEFAULT_WINDOW_DAYS - 1)
        draft_form.structure.data = structure_text


class ExtendForm(FlaskForm):
    """A later closing date and the reason, shown publicly."""

    closes_on = VietnameseDateField(
        _l("New last day for comments (dd/mm/yyyy)"), validators=[DataRequired(_l("Enter the new closing date."))]
    )
    reason = TextAreaField(
        _l("Reason for the extension (shown publicly)"),
        validators=[
            DataRequired(_l("Give the reason for the extension; it is shown to the public.")),
            Length(max=2000),
        ],
        render_kw={"rows": 2},
    )

    def new_closes_at(self):
        """Return the end of the new last day, Viet Nam time."""
        return local_day_start(self.closes_on.data + timedelta(days=1))


class CloseForm(FlaskForm):
    """Closing a consultation before its window's end: the reason, shown publicly; an administrator closing before
    the legal minimum confirms it in so many words."""

    reason = TextAreaField(
        _l("Why the consultation closes early (shown publicly)"),
        validators=[
            DataRequired(_l("Give the reason for closing early; it is shown to the public.")),
            Length(min=10, max=2000, message=_l("Write the reason in 10 to 2,000 characters.")),
        ],
        render_kw={"rows": 3},
    )
    below_minimum_confirmed = BooleanField(_l("As an administrator, I confirm closing before the legal minimum period"))


class KeyPointsForm(FlaskForm):
    """The key points page: its texts (one per article, as many as the draft has) are read from the request; the
    form carries the CSRF token."""
