"""Consult: public consultation on draft legal documents."""

import os

from flask import Flask, request
from flask_babel import lazy_gettext as _l

from consult.inputs import register_inputs
from consult.logs import register_logging


def create_app(config=None):
    """Build the application; `config` is a config class, an instance or a dict of overrides."""
    app = Flask(__name__, instance_relative_config=True, template_folder="../templates", static_folder="../static")
    load_config(app, config)
    register_logging(app)
    register_inputs(app)
    register_extensions(app)
    register_caching(app)
    register_blueprints(app)
    register_template_helpers(app)
    register_errors(app)
    register_security_headers(app)
    register_commands(app)
    register_proxy_fix(app)
    from consult.metrics_page import init_metrics

    init_metrics(app)
    return app


def load_config(app, config):
    """Read the config class chosen by CONSULT_ENV (or given), then any overrides."""
    from config import Config, config_from_env

    overrides = {}
    if isinstance(config, dict):
        overrides, config = config, None
    if config is None:
        config = config_from_env()
    if isinstance(config, type):
        config = config()
    if not isinstance(config, Config):
        raise TypeError("config must be a Config class, a Config instance or a dict")
    app.config.from_object(config)
    app.config.update(overrides)


def register_proxy_fix(app):
    """Behind N trusted reverse proxies, take the client address and scheme from X-Forwarded-For and -Proto; the
    outermost layer, so that the page cache's front sees them too."""
    if app.config.get("PROXY_FIX_X_FOR"):
        from werkzeug.middleware.proxy_fix import ProxyFix

        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=app.config["PROXY_FIX_X_FOR"], x_proto=1)


def register_extensions(app):
    """Bind database, migrations, CSRF, Babel, login and rate limits to the app."""
    from consult import models  # noqa: F401  (tables must be known before Alembic runs)
    from consult.auth.services import load_user
    from consult.database import render_migration_item
    from consult.extensions import babel, csrf, db, limiter, login_manager, migrate
    from consult.i18n import select_locale
    from consult.jobs import init_jobs
    from consult.search.models import include_name

    db.init_app(app)
    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        enable_sqlite_pragmas(app)
    else:
        from consult.database import ping_idle_connections

        with app.app_context():
            ping_idle_connections(db.engine, app.config["DATABASE_PING_AFTER_IDLE"])
    migrate.init_app(
        app,
        db,
        directory=os.path.join(os.path.dirname(app.root_path), "migrations"),
        render_as_batch=True,
        compare_type=True,
        render_item=render_migration_item,
        include_name=include_name,
    )
    csrf.init_app(app)
    babel.init_app(app, locale_selector=select_locale)
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message_category = "info"
    # Flask-Login flashes its own English default; ours goes through Babel, translated when flashed.
    login_manager.login_message = _l("Please log in to see this page.")
    login_manager.localize_callback = str
    login_manager.user_loader(load_user)
    limiter.init_app(app)
    init_jobs(app)


def register_caching(app):
    """Cache public pages for anonymous visitors; hash static URLs; compress text."""
    from consult.pagecache import init_page_cache
    from consult.static_files import init_static_files
    from consult.statistics.counting import init_page_views

    init_page_cache(app)
    init_page_views(app)
    init_static_files(app)


def enable_sqlite_pragmas(app):
    """Turn on foreign keys and WAL for every SQLite connection."""
    from sqlalchemy import event

    from consult.extensions import db

    with app.app_context():
        engine = db.engine

    @event.listens_for(engine, "connect")
    def set_pragmas(dbapi_connection, _record):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA busy_timeout=5000")
        cursor.execute(f"PRAGMA synchronous={app.config['SQLITE_SYNCHRONOUS']}")  # see config.py
        cursor.close()


def register_blueprints(app):
    """Mount one blueprint per feature."""
    from consult.admin.views import bp as admin_bp
    from consult.agency import poll_views, summary_views  # noqa: F401  (their routes are on the agency blueprint)
    from consult.agency.views import bp as agency_bp
    from consult.answers import group_views  # noqa: F401  (its routes are on the answers blueprint)
    from consult.answers.views import bp as answers_bp
    from consult.api.http import register_api
    from consult.attachments.views import bp as attachments_bp
    from consult.auth.views import bp as auth_bp
    from consult.feedback.views import bp as feedback_bp
    from consult.feeds.views import bp as feeds_bp
    from consult.health import register_health
    from consult.i18n import register_i18n
    from consult.moderation import tools_views  # noqa: F401  (its routes are on the moderation blueprint)
    from consult.moderation.report_views import bp as opinion_reports_bp
    from consult.moderation.views import bp as moderation_bp
    from consult.offline.views import bp as offline_bp
    from consult.opendata.views import register_open_data
    from consult.partners import api_views  # noqa: F401  (its route is on the API's blueprint)
    from consult.partners.views import bp as partners_bp
    from consult.polls.views import bp as polls_bp
    from consult.public.views import bp as public_bp
    from consult.reports.views import bp as reports_bp
    from consult.scoreboard.views import bp as scoreboard_bp
    from consult.search.views import bp as search_bp
    from consult.statistics.views import bp as statistics_bp
    from consult.subscriptions.views import bp as subscriptions_bp
    from consult.themes.views import bp as themes_bp

    app.register_blueprint(public_bp)
    app.register_blueprint(feedback_bp)
    app.register_blueprint(polls_bp)
    app.register_blueprint(feeds_bp)
    app.register_blueprint(subscriptions_bp)
    app.register_blueprint(partners_bp)
    app.register_blueprint(auth_bp, url_prefix="/auth")
    app.register_blueprint(moderation_bp, url_prefix="/moderation")
    app.register_blueprint(agency_bp, url_prefix="/agency")
    app.register_blueprint(offline_bp, url_prefix="/agency")
    app.register_blueprint(answers_bp, url_prefix="/agency")
    app.register_blueprint(admin_bp, url_prefix="/admin")
    app.register_blueprint(attachments_bp)
    app.register_blueprint(search_bp)
    app.register_blueprint(opinion_reports_bp)
    app.register_blueprint(themes_bp, url_prefix="/agency")
    app.register_blueprint(reports_bp)
    app.register_blueprint(scoreboard_bp)
    app.register_blueprint(statistics_bp)
    register_api(app)
    register_open_data(app)
    register_health(app)
    register_i18n(app)


def register_template_helpers(app):
    """Expose permission predicates, label tables, the site's header and footer and the key points filter to every
    template."""
    from consult import labels
    from consult.drafts.structure import iter_outline
    from consult.permissions import TEMPLATE_PREDICATES
    from consult.public.rendered import site_footer, site_header
    from consult.text.markup import safe_markup

    app.jinja_env.globals.update(TEMPLATE_PREDICATES, site_header=site_header, site_footer=site_footer)
    app.jinja_env.filters["key_points"] = safe_markup
    app.jinja_env.globals["iter_outline"] = iter_outline
    app.jinja_env.globals.update(labels.TEMPLATE_LABELS)


def register_errors(app):
    """Answer errors with a page in the visitor's language, or JSON for API clients."""
    from consult.errors import register_error_handlers

    register_error_handlers(app)


def register_security_headers(app):
    """Send headers that keep pages from being framed, sniffed or loading foreign scripts."""
    from consult.headers import security_headers

    @app.after_request
    def set_headers(response):
        for name, value in security_headers(app.config["HSTS_SECONDS"], request.is_secure).items():
            response.headers.setdefault(name, value)
        return response


def register_commands(app):
    """Add the flask CLI groups (users, demo, translate)."""
    from consult.cli import register_cli

    register_cli(app)
