"""The administrator's form issuing a partner key."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectField, SelectMultipleField, StringField
from wtforms.validators import DataRequired, Length

from consult.feedback.models import CHANNELS
from consult.forms import choice_list


class PartnerKeyForm(FlaskForm):
    """Who gets the key, for which agency's drafts, and the channel their opinions are recorded under."""

    name = StringField(
        _l("Partner"),
        validators=[DataRequired(_l("Name the partner who gets the key.")), Length(max=255)],
        description=_l("e.g. the hotline desk of a ward, a mass organisation, a mobile app"),
    )
    agency_id = SelectField(_l("Agency whose drafts it may send opinions to"), coerce=int)
    draft_ids = SelectMultipleField(
        _l("Only these drafts (none chosen: every draft of the agency)"), coerce=int, default=[]
    )
    channel = SelectField(
        _l("Channel recorded with each opinion"),
        choices=choice_list([(code, label) for code, label in CHANNELS.items() if code != "web"]),
    )

    def set_choices(self, agencies, drafts):
        """Offer the agencies, and the public drafts by agency."""
        self.agency_id.choices = choice_list([(agency.id, agency.name) for agency in agencies])
        self.draft_ids.choices = choice_list([(draft.id, f"{draft.agency.name} — {draft.title}") for draft in drafts])
