"""Language choice, the language switcher and Vietnamese-style date formatting."""

from datetime import UTC
from zoneinfo import ZoneInfo

import flask_babel
from flask import Blueprint, current_app, g, has_request_context, redirect, request, session, url_for
from flask_babel import get_locale, get_translations

from consult.redirects import local_path

bp = Blueprint("i18n", __name__)

# Viet Nam's time zone: every date a person types or reads is a day here (BABEL_DEFAULT_TIMEZONE shows times in it).
LOCAL_TZ = ZoneInfo("Asia/Ho_Chi_Minh")


def select_locale():
    """Use the language the visitor chose, else Vietnamese (the default locale, also for CLI commands)."""
    if not has_request_context():
        return current_app.config["BABEL_DEFAULT_LOCALE"]
    chosen = session.get("lang")
    if chosen in current_app.config["LANGUAGES"]:
        return chosen
    return current_app.config["BABEL_DEFAULT_LOCALE"]


def header_locale():
    """Return the language the request's Accept-Language asks for among those offered, else the default: for answers
    that must not depend on a cookie (the JSON API's, consult.api), whose clients choose no language on a page."""
    offered = current_app.config["LANGUAGES"]
    return request.accept_languages.best_match(offered, default=current_app.config["BABEL_DEFAULT_LOCALE"])


@bp.route("/lang/<code>")
def switch(code):
    """Remember the chosen language and go back to the page the visitor was on."""
    if code in current_app.config["LANGUAGES"]:
        session["lang"] = code
    return redirect(local_path(request.args.get("next")) or url_for("public.home"))


def translations():
    """Return the catalogue of the language in force (Flask-Babel's choice, `force_locale` included), looked up
    once per request and language. Flask-Babel looks it up again on every call, about 19 µs against 1 µs for the
    look-up in the catalogue itself, and a draft page translates over a hundred strings: through this, its
    render costs ~2-3 ms less (docs/benchmarks.md, 05/12/2026)."""
    state = g.get("_flask_babel") if g else None  # no app context: Flask-Babel's untranslated catalogue
    locale = getattr(state, "babel_locale", None)
    if locale is None:  # not chosen yet in this context: Flask-Babel chooses it
        return get_translations()
    known = getattr(state, "consult_translations", None)
    if known is None or known[0] is not locale:
        known = state.consult_translations = (locale, get_translations())
    return known[1]


def gettext(string, **variables):
    """Translate `string` into the language in force, then fill in `variables` (Flask-Babel's gettext)."""
    text = translations().ugettext(string)
    return text % variables if variables else text


def ngettext(singular, plural, num, **variables):
    """Translate the form of `singular`/`plural` for `num`, then fill in `num` and `variables`."""
    variables.setdefault("num", num)
    return translations().ungettext(singular, plural, num) % variables


def label(table, code):
    """Return the translated label of `code` in a table of labels ({code: lazy string}), or the code itself.

    A label made by lazy_gettext is looked up through `translations()` (the catalogue found once per request), not
    through Flask-Babel again: 3 µs a label instead of 21, and a draft page of 20 opinions shows 23 labels (about
    0.4 ms of its 5.5 in process, 07/12/2026)."""
    value = table.get(code)
    if value is None:
        return code or ""
    if getattr(value, "_func", None) is flask_babel.gettext and len(value._args) == 1 and not value._kwargs:
        return gettext(value._args[0])
    return str(value)


def format_date(value):
    """Show a UTC timestamp as a local date, dd/mm/yyyy (the same digits in every language offered)."""
    return _local(value).strftime("%d/%m/%Y") if value else ""


def format_datetime_local(value):
    """Show a UTC timestamp as local date and time, dd/mm/yyyy HH:mm."""
    return _local(value).strftime("%d/%m/%Y %H:%M") if value else ""


def _local(value):
    """The moment in Viet Nam's time zone (a naive value is UTC). Done here rather than by Babel's
    format_datetime, which parses its pattern on every call: a page lists dozens of dates."""
    return (value if value.tzinfo else value.replace(tzinfo=UTC)).astimezone(LOCAL_TZ)


def register_i18n(app):
    """Attach the switcher, date filters and the current locale to templates."""
    app.register_blueprint(bp)
    app.jinja_env.install_gettext_callables(
        gettext=lambda string: translations().ugettext(string),
        ngettext=lambda singular, plural, num: translations().ungettext(singular, plural, num),
        newstyle=True,
        pgettext=lambda context, string: translations().upgettext(context, string),
        npgettext=lambda context, singular, plural, num: translations().unpgettext(context, singular, plural, num),
    )
    app.add_template_filter(format_date, "date")
    app.add_template_filter(format_datetime_local, "datetime")
    app.add_template_filter(flask_babel.format_decimal, "number")  # 1.203 in Vietnamese, 1,203 in English

    @app.context_processor
    def inject_locale():
        return {"current_locale": str(get_locale()), "languages": app.config["LANGUAGES"]}
