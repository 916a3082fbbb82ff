"""The decision form shown with each pending opinion."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm

from consult.forms import choice_list
from wtforms import SelectField, SubmitField, TextAreaField
from wtforms.validators import Length, Optional

from consult.moderation.models import REJECTION_REASONS


class DecisionForm(FlaskForm):
    """Approve, or reject with a reason (and a note when the reason is 'other')."""

    reason = SelectField(
        _l("Reason for rejection"),
        choices=choice_list([("", _l("— Choose a reason —"))] + list(REJECTION_REASONS.items())),
        validators=[Optional()],
    )
    note = TextAreaField(_l("Note (optional; required for 'Other reason')"), validators=[Optional(), Length(max=2000)], render_kw={"rows": 2})
    approve = SubmitField(_l("Approve and publish"))
    reject = SubmitField(_l("Reject"))

    def validate(self, extra_validators=None):
        """A rejection needs a reason; 'other' needs a note."""
        if not super().validate(extra_validators):
            return False
        if not (self.approve.data or self.reject.data):
            self.reason.errors.append(_l("Choose approve or reject."))
            return False
        if self.reject.data and not self.reason.data:
            self.reason.errors.append(_l("Choose a reason for the rejection."))
            return False
        if self.reject.data and self.reason.data == "other" and not (self.note.data or "").strip():
            self.note.errors.append(_l("Explain the reason in the note."))
            return False
        return True


