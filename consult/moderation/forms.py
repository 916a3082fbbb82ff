"""The moderation forms: the queue's filters, the decision on one opinion, and decisions in bulk."""

from datetime import datetime

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    IntegerField,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import Length, NumberRange, Optional, ValidationError

from consult.feedback.models import CHANNELS, FLAG_LABELS
from consult.forms import choice_list
from consult.moderation.models import AUTHOR_MESSAGE_MAX_LENGTH, REJECTION_REASONS
from consult.moderation.queue import AGE_CHOICES, ANY_FLAG, NO_FLAG, QueueFilter
from consult.text import clean_text

DATE_FORMATS = ("%d/%m/%Y", "%Y-%m-%d")


def parse_day(value):
    """Return the date written dd/mm/yyyy (or yyyy-mm-dd), or None when blank; ValueError when unreadable."""
    value = (value or "").strip()
    if not value:
        return None
    for pattern in DATE_FORMATS:
        try:
            return datetime.strptime(value, pattern).date()
        except ValueError:
            continue
    raise ValueError(value)


class DayField(StringField):
    """A day typed dd/mm/yyyy; what was typed is kept when it cannot be read."""

    def process_formdata(self, valuelist):
        """Keep the text; read the date in pre_validate."""
        super().process_formdata(valuelist)
        self.day = None

    def pre_validate(self, form):
        """Read the day or say how to write it."""
        try:
            self.day = parse_day(self.data)
        except ValueError:
            raise ValidationError(_l("Write the date as dd/mm/yyyy, for example 05/03/2026.")) from None


class QueueFilterForm(FlaskForm):
    """Filters of the queue, read from the query string (a GET form: no CSRF token)."""

    class Meta:
        csrf = False

    draft = SelectField(_l("Draft"), coerce=str, validators=[Optional()])
    article = SelectField(_l("Article"), coerce=str, validators=[Optional()])
    channel = SelectField(
        _l("Channel"), validators=[Optional()], choices=choice_list([("", _l("All channels"))] + list(CHANNELS.items()))
    )
    flag = SelectField(
        _l("Automatic flag"),
        validators=[Optional()],
        choices=choice_list(
            [("", _l("Any opinion")), (ANY_FLAG, _l("With any flag")), (NO_FLAG, _l("Without flags"))]
            + list(FLAG_LABELS.items())
        ),
    )
    age = SelectField(
        _l("Waiting"),
        validators=[Optional()],
        choices=choice_list(
            [("", _l("Any time"))]
            + [
                (str(days), _l("More than %(days)s days", days=days) if days > 1 else _l("More than 1 day"))
                for days in AGE_CHOICES
            ]
        ),
    )
    received_from = DayField(_l("Received from (dd/mm/yyyy)"), validators=[Optional()])
    received_to = DayField(_l("Received until (dd/mm/yyyy)"), validators=[Optional()])
    group = IntegerField(_l("Duplicate group"), validators=[Optional(), NumberRange(min=1)])

    def set_choices(self, drafts, articles):
        """Offer the moderator's drafts, and the articles of the chosen draft."""
        self.draft.choices = choice_list([("", _l("All drafts"))] + [(str(draft.id), draft.title) for draft in drafts])
        self.article.choices = choice_list(
            [("", _l("All articles"))]
            + [
                (
                    str(article.id),
                    _l("Article %(number)d", number=article.number) + (f". {article.title}" if article.title else ""),
                )
                for article in articles
            ]
        )

    def validate_received_to(self, field):
        """The range must not end before it starts."""
        start, end = getattr(self.received_from, "day", None), getattr(field, "day", None)
        if start and end and end < start:
            raise ValidationError(_l("The end date is before the start date."))

    def to_filter(self):
        """Return the QueueFilter of the fields that are valid (an invalid one is shown with its error, not used)."""

        def number(field):
            return int(field.data) if field.data and not field.errors and str(field.data).isdigit() else None

        return QueueFilter(
            draft_id=number(self.draft),
            article_id=number(self.article) if number(self.draft) else None,
            channel=self.channel.data or None if not self.channel.errors else None,
            flag=self.flag.data or None if not self.flag.errors else None,
            older_than_days=number(self.age),
            received_from=None if self.received_from.errors else getattr(self.received_from, "day", None),
            received_to=None if self.received_to.errors else getattr(self.received_to, "day", None),
            group_id=self.group.data if not self.group.errors else None,
        )


NOTE_LABEL = _l("Internal note for moderators (optional; required for 'Other reason')")
AUTHOR_MESSAGE_LABEL = _l("Message to the author (optional, shown on their receipt page)")


class DecisionForm(FlaskForm):
    """Approve, or reject with a reason (and a note when the reason is 'other'); either with a message to the
    author, kept apart from the internal note."""

    reason = SelectField(
        _l("Reason for rejection"),
        choices=choice_list([("", _l("— Choose a reason —"))] + list(REJECTION_REASONS.items())),
        validators=[Optional()],
    )
    note = TextAreaField(NOTE_LABEL, validators=[Optional(), Length(max=2000)], render_kw={"rows": 2})
    author_message = TextAreaField(
        AUTHOR_MESSAGE_LABEL, filters=[lambda value: clean_text(value or "")], render_kw={"rows": 2}
    )
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

    def validate_author_message(self, field):
        """The author reads the message on one page: keep it short, and say by how much it is too long."""
        if len(field.data) > AUTHOR_MESSAGE_MAX_LENGTH:
            raise ValidationError(
                _l(
                    "The message to the author can be at most %(max)d characters long; it has "
                    "%(length)d. Shorten it and send again.",
                    max=AUTHOR_MESSAGE_MAX_LENGTH,
                    length=len(field.data),
                )
            )


class BulkDecisionForm(DecisionForm):
    """The same decision for the opinions ticked on the page."""

    selected = SelectMultipleField(_l("Select"), coerce=int, validate_choice=False)
    approve = SubmitField(_l("Approve selected"))
    reject = SubmitField(_l("Reject selected"))

    def validate_selected(self, field):
        """At least one opinion must be ticked."""
        if not field.data:
            raise ValidationError(_l("Tick at least one opinion."))


class GroupDecisionForm(DecisionForm):
    """The same decision for every pending opinion of a duplicate group; when the group holds near (not exact)
    copies, the moderator says they looked at them again (the view checks it: consult.grouping.queries.near_copies)."""

    approve = SubmitField(_l("Approve the whole group"))
    reject = SubmitField(_l("Reject the whole group"))
    near_copies_seen = BooleanField(_l("I have read the near copies listed here: they say the same thing"))
