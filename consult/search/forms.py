"""The search box: words to look for and where to look."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SearchField, SelectField
from wtforms.validators import Length

from consult.forms import choice_list
from consult.search.models import Kind

MAX_QUERY_LENGTH = 200

# The `kind` values of the query string, and the index kind each one searches ("all" searches every kind).
KIND_PARAMS = {"drafts": Kind.DRAFT, "articles": Kind.ARTICLE, "opinions": Kind.OPINION}
PARAM_OF_KIND = {kind: param for param, kind in KIND_PARAMS.items()}
KIND_TITLES = {Kind.DRAFT: _l("Drafts"), Kind.ARTICLE: _l("Articles of drafts"), Kind.OPINION: _l("Published opinions")}


class SearchForm(FlaskForm):
    """Read from the query string (GET, so no CSRF token): a bookmarkable search."""

    class Meta:
        csrf = False

    q = SearchField(
        _l("Words to look for"),
        validators=[Length(max=MAX_QUERY_LENGTH, message=_l("Type at most %(max)d characters."))],
        render_kw={"maxlength": MAX_QUERY_LENGTH, "autocomplete": "off"},
    )
    kind = SelectField(
        _l("Look in"),
        choices=choice_list(
            [
                ("all", _l("Everything")),
                *((PARAM_OF_KIND[kind], title) for kind, title in KIND_TITLES.items()),
            ]
        ),
        default="all",
    )

    def words(self):
        """Return what was typed, without blanks around it."""
        return (self.q.data or "").strip()
