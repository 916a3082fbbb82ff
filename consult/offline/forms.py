"""Forms for opinions gathered offline: one opinion typed by staff, or a file of them."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import HiddenField, RadioField, SelectField, StringField, TextAreaField

from consult.feedback.models import AUTHOR_KINDS, CHANNELS, STANCES
from consult.forms import choice_list
from consult.localities import locality_choices
from consult.offline.files import ANONYMOUS
from consult.offline.services import OFFLINE_CHANNELS, check_offline_values


class OfflineFeedbackForm(FlaskForm):
    """Where and when the opinion was given, what it is about, what it says and who gave it.

    The fields are checked by the same rules as the rows of an imported file (consult.offline.rules).
    """

    channel = SelectField(_l("Channel"), validate_choice=False)
    received_on = StringField(
        _l("Date received (dd/mm/yyyy)"), render_kw={"placeholder": "dd/mm/yyyy", "inputmode": "numeric"}
    )
    source_ref = StringField(
        _l("Number or reference of the source (optional)"),
        description=_l("Number of the minutes, reference of the letter or of the call."),
    )
    article = StringField(
        _l("Article (number)"),
        description=_l("Leave empty for an opinion on the whole draft."),
        render_kw={"inputmode": "numeric"},
    )
    clause = StringField(_l("Clause (number, optional)"), render_kw={"inputmode": "numeric"})
    stance = RadioField(_l("Stance"), choices=choice_list(STANCES.items()), validate_choice=False)
    content = TextAreaField(_l("Opinion"), render_kw={"rows": 8})
    proposed_wording = TextAreaField(_l("Proposed wording (optional)"), render_kw={"rows": 4})
    author_name = StringField(
        _l("Full name or organisation name"),
        description=_l("Write “%(anonymous)s” if the person gave no name.", anonymous=ANONYMOUS),
    )
    author_kind = RadioField(
        _l("Author kind"), choices=choice_list(AUTHOR_KINDS.items()), default="individual", validate_choice=False
    )
    locality = SelectField(_l("Province or city"), default="unknown", validate_choice=False)
    locality_detail = StringField(_l("Commune or ward (optional)"))
    contact = StringField(
        _l("Contact (email, phone or postal address, optional)"),
        description=_l("Only the drafting agency sees it, to reply. It is never published."),
    )
    form_token = HiddenField()

    def __init__(self, draft, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.draft = draft
        self.channel.choices = choice_list(
            [("", _l("— Choose —"))] + [(code, CHANNELS[code]) for code in OFFLINE_CHANNELS]
        )
        self.locality.choices = choice_list(locality_choices())
        for name in ("channel", "received_on", "stance", "content", "author_name"):
            self[name].flags.required = True  # marked for the reader; the rules below check them

    def validate(self, extra_validators=None):
        """Check the CSRF token, then the offline-opinion rules, each message next to its field."""
        valid = super().validate(extra_validators)
        _values, errors = check_offline_values(self.draft, self.data)
        for key, message in errors:
            self[key].errors.append(message)
        return valid and not errors


class OfflineImportForm(FlaskForm):
    """The filled-in template."""

    file = FileField(
        _l("File of opinions (XLSX or CSV)"),
        validators=[FileRequired(_l("Choose the file to import."))],
        description=_l("Every row is checked before anything is saved; you see a summary and confirm."),
    )


class OfflineSaveForm(FlaskForm):
    """The button that saves a checked file (its CSRF token only)."""
