"""Language choice, the language switcher and Vietnamese-style date formatting."""

from datetime import UTC
from zoneinfo import ZoneInfo

from flask import Blueprint, current_app, has_request_context, redirect, request, session, url_for
from flask_babel import get_locale

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


@bp.route("/lang/<code>")
def switch(code):
    """Remember the chosen language and go back to the page the visitor was on."""
    if code in current_app.config["LANGUAGES"]:
        session["lang"] = code
    target = request.args.get("next", "")
    if not target.startswith("/") or target.startswith("//"):
        target = url_for("public.home")
    return redirect(target)


def label(table, code):
    """Return the translated label of `code` in a table of labels ({code: lazy string}), or the code itself."""
    value = table.get(code)
    return str(value) if value is not None else (code or "")


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
    app.add_template_filter(format_date, "date")
    app.add_template_filter(format_datetime_local, "datetime")

    @app.context_processor
    def inject_locale():
        return {"current_locale": str(get_locale()), "languages": app.config["LANGUAGES"]}
