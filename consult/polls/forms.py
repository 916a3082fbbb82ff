"""The poll's forms: a question as the agency writes it, and the guards of the public answer form (its answers are
read from the request, one field per question: consult.polls.answering.read_answers)."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, HiddenField, RadioField, StringField, TextAreaField

from consult.forms import choice_list
from consult.polls.models import MAX_OPTIONS, MIN_OPTIONS, QUESTION_KINDS


class QuestionForm(FlaskForm):
    """A closed question: its text, one or several answers, its options one per line, an optional "Other" box.
    The rules are checked by consult.polls.services.check_question, whose messages are shown at the fields."""

    text = TextAreaField(_l("Question"), render_kw={"rows": 2})
    kind = RadioField(_l("Answers"), choices=choice_list(QUESTION_KINDS.items()), default="single")
    options = TextAreaField(
        _l("Options, one per line"),
        description=_l("From %(min)d to %(max)d options.", min=MIN_OPTIONS, max=MAX_OPTIONS),
        render_kw={"rows": 6},
    )
    allow_other = BooleanField(_l("Add an “Other” option where people write their own answer"))

    def fill_from(self, question):
        """Show a saved question."""
        self.text.data, self.kind.data, self.allow_other.data = question.text, question.kind, question.allow_other
        self.options.data = "\n".join(option.text for option in question.options)

    def values(self):
        """Return the values the service checks."""
        return {
            "text": self.text.data,
            "kind": self.kind.data,
            "allow_other": self.allow_other.data,
            "options": (self.options.data or "").splitlines(),
        }

    def show_errors(self, errors):
        """Put the service's messages on the fields (the poll-wide one is shown above the form)."""
        for name, message in errors.items():
            if name in self:
                self[name].errors = [*self[name].errors, str(message)]


class PollAnswerForm(FlaskForm):
    """The guards the poll shares with the opinion form: a signed time it was opened, and a box people never see."""

    form_token = HiddenField()
    trang_ca_nhan = StringField(_l("Leave this box empty"), render_kw={"tabindex": "-1", "autocomplete": "off"})
