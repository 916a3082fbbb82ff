"""Forms of the moderation tools: redaction, a reader's report, a block."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, RadioField, SelectField, StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, Optional

from consult.feedback.blocks import BLOCK_KINDS
from consult.forms import VietnameseDateField, choice_list
from consult.moderation.models import CITIZEN_FLAG_REASONS, REDACTION_REASONS


class RedactionForm(FlaskForm):
    """The opinion's texts to edit, helpers that mask without JavaScript, and the reason."""

    revision = HiddenField()
    content = TextAreaField(_l("Opinion"), validators=[DataRequired(), Length(max=20000)], render_kw={"rows": 10})
    proposed_wording = TextAreaField(
        _l("Proposed wording"), validators=[Optional(), Length(max=20000)], render_kw={"rows": 5}
    )
    phrase = StringField(_l("Word or passage to hide everywhere in the text"), validators=[Optional(), Length(max=500)])
    reason = SelectField(
        _l("Why is it hidden?"), choices=choice_list(list(REDACTION_REASONS.items())), validators=[DataRequired()]
    )
    note = TextAreaField(
        _l("Note for the audit log (optional)"), validators=[Optional(), Length(max=2000)], render_kw={"rows": 2}
    )
    mask = SubmitField(_l("Hide this passage"))
    mask_contacts = SubmitField(_l("Hide phone numbers and emails"))
    save = SubmitField(_l("Save the redaction"))


class ReportForm(FlaskForm):
    """A reader's report on a published opinion: a reason from the list, optional words."""

    reason = RadioField(
        _l("What is wrong with this opinion?"),
        choices=choice_list(CITIZEN_FLAG_REASONS.items()),
        validators=[InputRequired(message=_l("Choose a reason."))],
    )
    note = TextAreaField(_l("Details (optional)"), validators=[Optional(), Length(max=500)], render_kw={"rows": 3})


class BlockForm(FlaskForm):
    """Block a submitter by account, email or IP hash, with a reason and an optional end date."""

    kind = RadioField(
        _l("Block by"),
        choices=choice_list(BLOCK_KINDS.items()),
        validators=[InputRequired(message=_l("Choose what to block."))],
    )
    value = StringField(
        _l("Account email, email address or IP hash"),
        validators=[DataRequired(message=_l("Enter what to block.")), Length(max=255)],
    )
    reason = TextAreaField(
        _l("Reason"),
        validators=[DataRequired(message=_l("Give the reason for the block.")), Length(max=2000)],
        render_kw={"rows": 2},
    )
    ends_on = VietnameseDateField(
        _l("Blocked until (last day)"),
        validators=[Optional()],
        description=_l("dd/mm/yyyy; leave empty to block until lifted."),
    )


class LiftForm(FlaskForm):
    """Lift a block early (the CSRF token only)."""
