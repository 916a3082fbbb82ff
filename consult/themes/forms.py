"""The agency's form for naming a theme: a name and a few seed words."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import StringField
from wtforms.validators import DataRequired, Length, Optional


class SeedForm(FlaskForm):
    """A theme the agency names: the opinions nearest its seed words are drawn to it at every computation."""

    name = StringField(_l("Theme name"), validators=[Optional(), Length(max=255)])
    words = StringField(
        _l("Seed words"),
        description=_l("A few words or phrases of the theme, separated by commas, e.g. “mức giá, tiền rác”."),
        validators=[DataRequired(_l("Write at least one seed word.")), Length(max=500)],
    )
