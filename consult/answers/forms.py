"""The answer form, for one opinion, for a selection of opinions, and for a shared answer."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, RadioField, SelectMultipleField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, ValidationError

from consult.answers.models import ANSWER_KINDS
from consult.forms import choice_list

MAX_SELECTED = 500  # a page lists far fewer; this only bounds what a crafted request can ask for


KIND_REQUIRED = _l("Choose whether the opinion is accepted, partly accepted, explained or not accepted.")


class AnswerForm(FlaskForm):
    """How the opinion is taken into account, and the explanation published with it."""

    kind = RadioField(
        _l("Outcome"), choices=choice_list(ANSWER_KINDS.items()), validators=[InputRequired(KIND_REQUIRED)]
    )
    explanation = TextAreaField(
        _l("Explanation"),
        validators=[DataRequired(_l("Write the explanation; it is published with the answer.")), Length(max=10000)],
        description=_l("Say what was changed in the draft, or why not. It is published with the opinion."),
        render_kw={"rows": 6},
    )


class BatchAnswerForm(AnswerForm):
    """One answer for the opinions ticked in the list."""

    feedback_ids = SelectMultipleField(_l("Opinions to answer"), coerce=int, validate_choice=False)

    def validate_feedback_ids(self, field):
        """At least one opinion, and no more than a page could hold."""
        if not field.data:
            raise ValidationError(_l("Select at least one opinion to answer."))
        if len(field.data) > MAX_SELECTED:
            raise ValidationError(_l("Select at most %(count)d opinions at once.", count=MAX_SELECTED))


class SetAnswerForm(AnswerForm):
    """One answer for a whole group of opinions, or for a list of them sent by another page."""

    replace = BooleanField(
        _l("Replace their answers"),
        description=_l("Opinions that already have an answer keep it unless you tick this box."),
    )
    near_copies_seen = BooleanField(_l("I have read the near copies listed here: they say the same thing"))


class SelectionAnswerForm(SetAnswerForm):
    """One answer for the opinions whose ids another page sent (a theme, a search)."""

    feedback_ids = SelectMultipleField(_l("Opinions to answer"), coerce=int, validate_choice=False)

    def validate_feedback_ids(self, field):
        """At least one opinion, and no more than MAX_SELECTED."""
        BatchAnswerForm.validate_feedback_ids(self, field)
