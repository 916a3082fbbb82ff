"""Form pieces shared by several features."""

import functools
from datetime import date

from babel import support
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from wtforms import DateField, SelectChoice
from wtforms.i18n import messages_path
from wtforms.widgets import TextInput


class VietnameseDateField(DateField):
    """A date typed as dd/mm/yyyy in a plain text box (works on every phone, no date picker needed)."""

    widget = TextInput()

    def __init__(self, label=None, validators=None, **kwargs):
        kwargs.setdefault("format", ["%d/%m/%Y", "%d-%m-%Y", "%Y-%m-%d"])
        kwargs.setdefault("render_kw", {"placeholder": "dd/mm/yyyy", "inputmode": "numeric"})
        super().__init__(label, validators, **kwargs)

    def _value(self):
        if self.raw_data:
            return " ".join(self.raw_data)
        return self.data.strftime("%d/%m/%Y") if isinstance(self.data, date) else ""

    def process_formdata(self, valuelist):
        """Parse the date; the error message says which format is expected."""
        try:
            super().process_formdata(valuelist)
        except ValueError:
            raise ValueError(_l("Enter the date as dd/mm/yyyy, for example 31/12/2026.")) from None


def choice_list(pairs):
    """Return WTForms select choices from (value, label) pairs."""
    return [SelectChoice(value, label) for value, label in pairs]


@functools.lru_cache(maxsize=8)
def _wtforms_translations(locale):
    """Return WTForms' own messages for a locale, read from disk once per process (not on every request)."""
    return support.Translations.load(messages_path(), [locale], domain="wtforms")


class CachedTranslationsMeta:
    """Form Meta for busy forms: Flask-WTF looks WTForms' translations up on disk on every request."""

    def get_translations(self, form):
        """Return the cached WTForms translations of the visitor's language."""
        return _wtforms_translations(str(get_locale()))
