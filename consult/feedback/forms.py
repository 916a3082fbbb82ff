"""The opinion form."""

import hashlib
import re
import unicodedata

from flask import current_app
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, HiddenField, RadioField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, Optional, ValidationError

from consult.drafts.labels import target_label
from consult.drafts.models import Participation
from consult.feedback.contacts import contact_is_email, contact_is_valid
from consult.feedback.models import AUTHOR_KINDS, STANCES
from consult.feedback.targets import target_ids
from consult.forms import CachedTranslationsMeta, choice_list
from consult.localities import is_locality, locality_choices
from consult.text.flags import find_links

CONSENT_TERMS = _l(
    "I agree that the drafting agency keeps my contact details to process this opinion and "
    "may publish my opinion after moderation."
)


class FeedbackForm(FlaskForm):
    """Stance, opinion, proposed wording, who the author is, contact and consent."""

    class Meta(CachedTranslationsMeta):
        """The busiest form of the site: WTForms' own messages are read once per process, and CSRF is checked
        once, by CSRFProtect before the view runs (as for every POST), not signed and checked again by the form."""

        csrf = False

    # Choices (with labels) are built only to show the form; a sent form is checked against the draft itself.
    target = SelectField(_l("Your opinion is about"), default="0", validate_choice=False)
    stance = RadioField(
        _l("Your stance"),
        choices=choice_list(STANCES.items()),
        validators=[InputRequired(_l("Choose your stance."))],
    )
    content = TextAreaField(
        _l("Your opinion"),
        validators=[DataRequired(_l("Write your opinion.")), Length(min=5, message=_l("Your opinion is too short."))],
        render_kw={"rows": 8},
    )
    proposed_wording = TextAreaField(
        _l("Proposed wording (optional)"),
        validators=[Optional()],
        description=_l("It starts from the current text: change it as you would have it read, or leave it as it is."),
        render_kw={"rows": 6},
    )
    # The digest of the text the proposed wording was prefilled with: sent back unchanged, it is no proposal
    wording_from = HiddenField()
    author_name = StringField(
        _l("Full name or organisation name"),
        validators=[DataRequired(_l("Enter your name.")), Length(max=255)],
        render_kw={"autocomplete": "name"},
    )
    author_kind = RadioField(
        _l("You are giving this opinion as"),
        choices=choice_list(AUTHOR_KINDS.items()),
        default="individual",
        validators=[InputRequired(_l("Choose individual or organisation."))],
    )
    locality = SelectField(
        _l("Province or city"), validators=[InputRequired(_l("Choose your province or city."))], validate_choice=False
    )
    locality_detail = StringField(_l("Commune or ward (optional)"), validators=[Optional(), Length(max=255)])
    contact = StringField(
        _l("Email or phone number"),
        validators=[DataRequired(_l("Enter an email address or a phone number.")), Length(max=255)],
        description=_l("Only the drafting agency sees it, to reply to you. It is never published."),
        render_kw={"autocomplete": "email"},
    )
    consent_name = BooleanField(_l("Publish my name with my opinion"))
    notify = BooleanField(_l("Email me when my opinion has been moderated and when the agency answers it"))
    consent_terms = BooleanField(
        CONSENT_TERMS,
        validators=[DataRequired(_l("Your agreement is needed to send the opinion."))],
    )

    form_token = HiddenField()
    trang_ca_nhan = StringField(_l("Leave this box empty"), render_kw={"tabindex": "-1", "autocomplete": "off"})

    def __init__(self, draft, *args, focus=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.draft = draft
        self.focus = focus

    def prepare_to_show(self, draft):
        """Build the labelled choices needed to show the form (not needed to check a sent one)."""
        self.target.choices = choice_list(target_choices(draft, self.focus or self.target.data))
        self.locality.choices = choice_list([("", _l("— Choose —"))] + locality_choices())
        return self

    def validate_target(self, field):
        """The opinion must be about the whole draft, one of its articles or one of their clauses."""
        if target_ids(self.draft, field.data) is None:
            raise ValidationError(_l("Choose what your opinion is about from the list."))

    def validate_content(self, field):
        """Keep opinions within the configured length."""
        limit = current_app.config["FEEDBACK_MAX_LENGTH"]
        if field.data and len(field.data) > limit:
            raise ValidationError(_l("Your opinion is longer than %(limit)d characters.", limit=limit))

    def validate_content_links(self):
        """Refuse opinions carrying more links than a person needs to cite a source."""
        limit = current_app.config["FEEDBACK_MAX_LINKS"]
        count = len(find_links(f"{self.content.data or ''}\n{self.proposed_wording.data or ''}"))
        if count > limit:
            self.content.errors.append(
                _l("Your opinion has %(count)d links; at most %(limit)d are accepted.", count=count, limit=limit)
            )
            return False
        return True

    def validate(self, extra_validators=None):
        """Run the field checks, then the link limit."""
        valid = super().validate(extra_validators)
        return self.validate_content_links() and valid

    def validate_contact(self, field):
        """Accept only something the agency can reply to."""
        if field.data and not contact_is_valid(field.data):
            raise ValidationError(_l("Enter a valid email address or phone number."))
        if field.data and self.draft.participation == Participation.EMAIL_VERIFIED and not contact_is_email(field.data):
            raise ValidationError(
                _l(
                    "Opinions on this draft need an email address, to send you a confirmation "
                    "code. Enter your email address instead of a phone number."
                )
            )

    def validate_notify(self, field):
        """Emails need an email address."""
        contact = self.contact.data
        if field.data and contact and contact_is_valid(contact) and not contact_is_email(contact):
            raise ValidationError(
                _l("Emails can only be sent to an email address: give one as your contact, or untick this box.")
            )

    def validate_locality(self, field):
        """The empty placeholder is not a locality; the code must be a known one."""
        if not field.data or not is_locality(field.data):
            raise ValidationError(_l("Choose your province or city."))


def target_choices(draft, focus):
    """Return (value, label) pairs: the whole draft, every article, and the clauses of the focused article.

    Values are "0", "5" (Điều 5) and "5.2" (khoản 2 Điều 5). Only the focused article's clauses are listed,
    so a 120-article law does not send hundreds of options to a cheap phone.
    """
    focus_article = str(focus or "0").split(".")[0]
    choices = [("0", _l("The whole draft"))]
    for article in draft.articles:
        text = target_label(article)
        choices.append((str(article.number), f"{text}. {article.title}" if article.title else text))
        if str(article.number) == focus_article:
            choices += [
                (f"{article.number}.{clause.number}", "— " + target_label(article, clause))
                for clause in article.clauses
                if clause.number
            ]
    return choices


class EraseContactForm(FlaskForm):
    """Receipt code and the contact given with the opinion."""

    code = StringField(_l("Receipt code"), validators=[DataRequired(_l("Enter the receipt code.")), Length(max=20)])
    contact = StringField(
        _l("Email or phone number given with the opinion"),
        validators=[DataRequired(_l("Enter an email address or a phone number.")), Length(max=255)],
    )


class ConfirmCodeForm(FlaskForm):
    """The 6-digit code mailed to confirm an opinion."""

    code = StringField(
        _l("Code from the email"),
        validators=[DataRequired(_l("Enter the 6-digit code from the email.")), Length(max=20)],
        render_kw={"inputmode": "numeric", "autocomplete": "one-time-code", "size": 8},
    )

    def validate_code(self, field):
        """Six digits; spaces are forgiven."""
        if not re.fullmatch(r"\d{6}", "".join((field.data or "").split())):
            raise ValidationError(_l("The code has 6 digits, for example 042917."))


class ResendCodeForm(FlaskForm):
    """A button asking for a new code."""


def wording_digest(text):
    """Return the digest of a proposed wording as a browser sends it back (line endings and outer spaces aside)."""
    normalised = unicodedata.normalize("NFC", (text or "").replace("\r\n", "\n")).strip()
    return hashlib.sha256(normalised.encode("utf-8")).hexdigest()[:32]


def unchanged_wording(values):
    """Whether the proposed wording sent is the targeted text it was prefilled with, untouched."""
    sent = values.get("proposed_wording")
    return bool(sent and values.get("wording_from")) and wording_digest(sent) == values["wording_from"]


class SecondLookForm(FlaskForm):
    """The author of a rejected opinion asks a moderator to look at it again, saying why."""

    reason = TextAreaField(
        _l("Why should it be looked at again?"),
        validators=[
            DataRequired(_l("Say why the opinion should be looked at again.")),
            Length(min=10, max=1000, message=_l("Write the reason in 10 to 1,000 characters.")),
        ],
        render_kw={"rows": 3},
    )
