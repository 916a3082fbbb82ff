"""Configuration read from the environment: Config for local runs, TestingConfig, ProductionConfig.

Each class is instantiated by create_app(), so the environment is read when the app is built,
not when this module is imported. Numbers, yes/no switches, choices, addresses and rate limits go through the
readers below: a value the app cannot use stops it at start with a SettingError naming the variable, the value
and what is expected. A variable set to blanks counts as unset for them (a stray `NAME=` line of an env file).
"""

import math
import os
import re
import secrets
import tempfile
from datetime import timedelta
from pathlib import Path
from typing import ClassVar
from urllib.parse import urlsplit

from limits import parse_many
from limits.storage import SCHEMES
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

BASE_DIR = Path(__file__).resolve().parent


class SettingError(RuntimeError):
    """An environment variable holds a value the app cannot use."""


def normalise_database_url(url):
    """Point plain postgresql:// URLs at psycopg 3, the driver Consult ships with."""
    if url and url.startswith("postgres://"):
        url = "postgresql://" + url[len("postgres://") :]
    if url and url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://") :]
    return url


def _raw(name):
    """Return the variable's value without surrounding blanks, or None when it is unset or blank."""
    return (os.environ.get(name) or "").strip() or None


def _refuse(name, expected, raw):
    """Return the error for a bad value (a password in an address is not repeated into the logs)."""
    shown = re.sub(r"(//[^/@:]*:)[^/@]*@", r"\1***@", raw)
    return SettingError(f"{name} must be {expected}, not {shown!r}")


def _bounds(minimum, maximum):
    """Describe a range: " ≥ 1", " from 0 to 1" or nothing."""
    if minimum is not None and maximum is not None:
        return f" from {minimum} to {maximum}"
    if minimum is not None:
        return f" ≥ {minimum}"
    return f" ≤ {maximum}" if maximum is not None else ""


def env_int(name, default, minimum=None, maximum=None):
    """Read a whole number, within [minimum, maximum] when they are given."""
    return _env_number(name, default, int, "a whole number", minimum, maximum)


def env_float(name, default, minimum=None, maximum=None):
    """Read a finite number (decimals allowed), within [minimum, maximum] when they are given."""
    return _env_number(name, default, float, "a number", minimum, maximum)


def _env_number(name, default, kind, noun, minimum, maximum):
    """Read a number of `kind` (int or float)."""
    raw = _raw(name)
    if raw is None:
        return default
    try:
        value = kind(raw)
    except ValueError:
        value = math.nan
    if not (math.isfinite(value) and (minimum is None or value >= minimum) and (maximum is None or value <= maximum)):
        raise _refuse(name, noun + _bounds(minimum, maximum), raw)
    return value


def env_bool(name, default):
    """Read a yes/no switch: 1/true/yes/on or 0/false/no/off, in any case."""
    raw = _raw(name)
    if raw is None:
        return default
    if raw.lower() in {"1", "true", "yes", "on"}:
        return True
    if raw.lower() in {"0", "false", "no", "off"}:
        return False
    raise _refuse(name, "true or false (also 1/0, yes/no, on/off)", raw)


def env_choice(name, default, choices):
    """Read one of `choices`, in any case; the choice is returned spelled as listed."""
    raw = _raw(name)
    if raw is None:
        return default
    for choice in choices:
        if raw.lower() == choice.lower():
            return choice
    raise _refuse(name, "one of " + ", ".join(choices), raw)


def env_url(name, default, schemes, example):
    """Read an address whose scheme is one of `schemes`, such as `example`."""
    raw = _raw(name)
    if raw is None:
        return default
    scheme = urlsplit(raw).scheme
    if scheme not in schemes or not raw.startswith(scheme + "://"):
        raise _refuse(name, f"an address such as {example}", raw)
    return raw


def env_database_url(name):
    """Read a database address (postgres:// and postgresql:// are pointed at psycopg 3), or None when unset."""
    raw = _raw(name)
    if raw is None:
        return None
    try:
        make_url(raw)
    except ArgumentError:
        raise _refuse(name, "a database address such as postgresql://consult@db/consult", raw) from None
    return normalise_database_url(raw)


def env_rate_limit(name, default):
    """Read rate limits in Flask-Limiter's notation, such as "10 per minute;100 per day"."""
    raw = _raw(name)
    if raw is None:
        return default
    try:
        parse_many(raw)
    except ValueError:
        raise _refuse(name, "rate limits such as '10 per minute;100 per day'", raw) from None
    return raw


def instance_dir():
    """Return the folder holding the local database and secret key."""
    return Path(os.environ.get("CONSULT_INSTANCE", BASE_DIR / "instance"))


def local_secret_key():
    """Return a random key kept in instance/ so local sessions survive a restart."""
    path = instance_dir() / "secret_key"
    if path.exists():
        return path.read_text().strip()
    path.parent.mkdir(parents=True, exist_ok=True)
    key = secrets.token_hex(32)
    path.write_text(key)
    path.chmod(0o600)
    return key


# Minimum consultation period in days per document type. Law 80/2015 required 60 days for laws; Law 64/2025
# and its decrees set shorter minimums for some types. Agencies are warned, not blocked, below these.
DEFAULT_MIN_CONSULTATION_DAYS = {
    "law": 60,
    "decree": 20,
    "resolution": 20,
    "decision": 20,
    "circular": 20,
    "directive": 20,
    "plan": 20,
    "other": 20,
}


def parse_min_days(value):
    """Return the minimum periods, overridden by CONSULT_MIN_DAYS such as "law=60,decree=30"."""
    days = dict(DEFAULT_MIN_CONSULTATION_DAYS)
    for item in filter(None, (part.strip() for part in value.split(","))):
        name, _, number = item.partition("=")
        if name.strip() not in days or not number.strip().isdigit():
            raise _refuse(
                "CONSULT_MIN_DAYS",
                f"days per type of document such as law=60,decree=30 (types: {', '.join(days)})",
                value,
            )
        days[name.strip()] = int(number)
    return days


DEFAULT_HOLD_FLAGS = (
    "profanity,links,contact_in_text,all_caps,repetition,blocked_submitter,reported,grouping_pending,second_look"
)


def parse_codes(value):
    """Return the codes of a comma-separated list, without blanks."""
    return tuple(code.strip() for code in value.split(",") if code.strip())


MAIL_BACKENDS = ("smtp", "console", "file", "memory")  # consult/mail.py
JOBS_BACKENDS = ("after_response", "inline", "rq")  # consult/jobs.py
REDIS_SCHEMES = ("redis", "rediss", "unix")
RATE_LIMIT_STORAGES = tuple(scheme for scheme in SCHEMES if not scheme.startswith("async+"))  # limits' own


def engine_options(url):
    """Return SQLAlchemy's engine options for a database URL."""
    # A server connection that sat idle may have been dropped (restart, failover): consult.database
    # ping_idle_connections tests it when taken from the pool after DATABASE_PING_AFTER_IDLE seconds, not at every
    # checkout as pool_pre_ping would. A SQLite file cannot drop.
    # Statements' parameters hold citizens' names and contacts: never put them in logs or error messages.
    options = {"hide_parameters": True}
    if url not in ("sqlite://", "sqlite:///:memory:"):  # a database in memory has one connection, shared
        # A connection for each of a gunicorn worker's 16 threads, its group commit and its grouper thread
        # (SQLAlchemy's default is 5, and 10 more for a moment).
        options["pool_size"] = env_int("DATABASE_POOL_SIZE", 20, minimum=1)
    # A database host gone from the network (a SYN nobody answers, or a server that accepts and says nothing) would
    # hold each request that needs a new connection for psycopg's default of 130 s; libpq counts whole seconds, 2 at
    # least. /readyz answers sooner than this (READYZ_TIMEOUT, consult/health.py).
    connect_timeout = env_int("DATABASE_CONNECT_TIMEOUT", 5, minimum=2)
    if url.startswith("postgresql") and "connect_timeout" not in make_url(url).query:
        options["connect_args"] = {"connect_timeout": connect_timeout}
    return options


class Config:
    """Settings for a local run: SQLite in instance/, in-memory rate limits."""

    BABEL_DEFAULT_LOCALE = "vi"
    BABEL_DEFAULT_TIMEZONE = "Asia/Ho_Chi_Minh"
    BABEL_TRANSLATION_DIRECTORIES = str(BASE_DIR / "translations")
    LANGUAGES: ClassVar[dict] = {"vi": "Tiếng Việt", "en": "English"}

    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_DURATION = timedelta(days=14)  # "keep me signed in" for two weeks at most (Flask-Login: a year)
    WTF_CSRF_TIME_LIMIT = None  # a citizen may take an hour to write; the session still binds the token
    # X-RateLimit headers on every response would read each limit's window from the storage (a Redis round trip
    # per request); a refusal still says when to come back (Retry-After: consult.errors.retry_after_header).
    RATELIMIT_HEADERS_ENABLED = False
    MAX_CONTENT_LENGTH = 25 * 1024 * 1024  # a request: an attachment and the rest of its form
    FORM_MAX_BYTES = 1024 * 1024  # a request that cannot carry a file (consult.inputs): every text field of a form
    DEMO_DATA_ALLOWED = True  # `flask demo load` creates accounts whose passwords are published: never in production
    ATTACHMENT_MAX_BYTES = 20 * 1024 * 1024

    def __init__(self):
        env = os.environ
        self.SQLALCHEMY_DATABASE_URI = self.database_url()
        self.SQLALCHEMY_ENGINE_OPTIONS = engine_options(self.SQLALCHEMY_DATABASE_URI)
        self.SECRET_KEY = env.get("SECRET_KEY") or self.fallback_secret_key()
        self.REDIS_URL = env_url("REDIS_URL", None, REDIS_SCHEMES, "redis://127.0.0.1:6379/0")
        storage = env_url("RATELIMIT_STORAGE_URI", None, RATE_LIMIT_STORAGES, "memory:// or redis://127.0.0.1:6379")
        self.RATELIMIT_STORAGE_URI = storage or self.REDIS_URL or "memory://"
        self.RATELIMIT_ENABLED = env_bool("RATELIMIT_ENABLED", True)
        self.SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", self.secure_cookies_default)
        self.REMEMBER_COOKIE_SECURE = self.SESSION_COOKIE_SECURE
        if self.SESSION_COOKIE_SECURE:
            # Browsers keep a __Host- cookie only when it is Secure, for the whole site and this host alone: no
            # subdomain or plain-HTTP page can set or overwrite it (OWASP ASVS 3.4.4).
            self.SESSION_COOKIE_NAME = "__Host-session"
            self.REMEMBER_COOKIE_NAME = "__Host-remember"
        # consult/logs.py: one line per event, JSON for log collectors in production, text for people elsewhere.
        self.LOG_LEVEL = env_choice("LOG_LEVEL", "INFO", ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"))
        self.LOG_FORMAT = env_choice("LOG_FORMAT", self.log_format_default, ("text", "json"))
        self.OPINIONS_PER_PAGE = env_int("OPINIONS_PER_PAGE", 20, minimum=1)
        self.QUEUE_PAGE_SIZE = env_int("QUEUE_PAGE_SIZE", 50, minimum=1)
        self.FEEDBACK_MAX_LENGTH = env_int("FEEDBACK_MAX_LENGTH", 10000, minimum=1)
        self.ATTACHMENT_DIR = env.get("CONSULT_ATTACHMENT_DIR") or str(instance_dir() / "attachments")
        # Checked files of offline opinions wait here between preview and confirmation (shared by all app servers).
        self.OFFLINE_UPLOAD_DIR = env.get("CONSULT_OFFLINE_UPLOAD_DIR") or str(instance_dir() / "offline-uploads")
        self.MIN_CONSULTATION_DAYS = parse_min_days(env.get("CONSULT_MIN_DAYS", ""))
        # Generous per-client limits: many people share one address behind carrier NAT or a commune office.
        self.FEEDBACK_RATE_LIMIT_CLIENT = env_rate_limit("FEEDBACK_RATE_LIMIT_CLIENT", "30 per minute;600 per hour")
        self.FEEDBACK_RATE_LIMIT_CONTACT = env_rate_limit("FEEDBACK_RATE_LIMIT_CONTACT", "10 per minute;100 per day")
        self.FEEDBACK_MIN_FILL_SECONDS = env_int("FEEDBACK_MIN_FILL_SECONDS", 3, minimum=0)
        self.FEEDBACK_MAX_LINKS = env_int("FEEDBACK_MAX_LINKS", 3, minimum=0)
        # Quick polls: anonymous answers kept per address, draft and day (a day-salted keyed hash, never the address;
        # people behind one carrier NAT who are refused may sign in), and the length of an "other" answer.
        self.POLL_ANSWERS_PER_ADDRESS = env_int("POLL_ANSWERS_PER_ADDRESS", 1, minimum=1)
        self.POLL_OTHER_MAX_LENGTH = env_int("POLL_OTHER_MAX_LENGTH", 300, minimum=1)
        # How long a worker may reuse what it read of a draft to check a sent opinion (consult/feedback/intake.py).
        self.FEEDBACK_DRAFT_CACHE_SECONDS = env_float("FEEDBACK_DRAFT_CACHE_SECONDS", 5, minimum=0)
        # WAL with synchronous=NORMAL syncs the log at checkpoints, not at every commit: a commit survives a crash
        # of the application (or of gunicorn), and the file is never corrupted, but the last commits before a
        # power cut or an OS crash may be lost. FULL syncs every commit (SQLite's default), at a fsync per opinion
        # taken while holding the database's one write lock. Production runs PostgreSQL, where this does not apply.
        self.SQLITE_SYNCHRONOUS = env_choice("SQLITE_SYNCHRONOUS", "NORMAL", ("FULL", "NORMAL", "EXTRA"))
        # A pooled server connection idle for longer than this is tested (SELECT 1) before it is used again
        # (consult.database.ping_idle_connections); 0 tests it at every checkout.
        self.DATABASE_PING_AFTER_IDLE = env_float("DATABASE_PING_AFTER_IDLE", 10, minimum=0)
        # PostgreSQL: each process hears what changes the API's public pages (LISTEN/NOTIFY, consult.api.changes)
        # instead of reading it at each request; off, one aggregate statement per request names it.
        self.API_CHANGE_SIGNAL = env_bool("API_CHANGE_SIGNAL", True)
        # /readyz says "not ready" when its checks (database, Redis) have not answered within this many seconds: a
        # load balancer polling every second then takes the server out within a second (consult/health.py).
        self.READYZ_TIMEOUT = env_float("READYZ_TIMEOUT", 0.5, minimum=0.05, maximum=30)
        self.PROXY_FIX_X_FOR = env_int("PROXY_FIX_X_FOR", 0, minimum=0)  # trusted reverse proxies in front
        # Strict-Transport-Security on responses sent over HTTPS: browsers then refuse plain HTTP to this site for
        # that long. Production: a year; 0 sends none (local runs, tests).
        self.HSTS_SECONDS = env_int("HSTS_SECONDS", self.hsts_seconds_default, minimum=0)
        self.CONTACT_RETENTION_DAYS = env_int("CONTACT_RETENTION_DAYS", 365, minimum=1)
        self.NEAR_DUPLICATE_THRESHOLD = env_float("NEAR_DUPLICATE_THRESHOLD", 0.8, 0, 1)  # rapidfuzz ratio
        # Readers' reports: distinct reporters that send a published opinion back to review; per-client limit.
        self.CITIZEN_FLAG_THRESHOLD = env_int("CITIZEN_FLAG_THRESHOLD", 3, minimum=1)
        self.CITIZEN_FLAG_RATE_LIMIT = env_rate_limit("CITIZEN_FLAG_RATE_LIMIT", "10 per hour;50 per day")
        # The JSON API (/api/v1), per client for the whole API: enough for a script that pages through a draft's
        # opinions, 200 at a time, without waiting.
        self.API_RATE_LIMIT = env_rate_limit("API_RATE_LIMIT", "60 per minute;1000 per hour")
        # Opinions a partner channel may send with its key (consult.partners): a hotline desk's busy hour.
        self.API_KEY_RATE_LIMIT = env_rate_limit("API_KEY_RATE_LIMIT", "120 per minute;5000 per day")
        # Receipt codes asked for that match no opinion, per address (a lookup that finds one does not count).
        self.RECEIPT_MISS_RATE_LIMIT = env_rate_limit(
            "RECEIPT_MISS_RATE_LIMIT", "20 per minute;200 per hour;1000 per day"
        )
        # Failed sign-in steps per account (its email, known or not, so a refusal says nothing of who has one), next
        # to the per-address limit: after the free failures each one closes the account for twice as long as the one
        # before, from LOGIN_BACKOFF_SECONDS up to LOGIN_BACKOFF_MAX_SECONDS (consult.auth.backoff).
        self.LOGIN_FREE_FAILURES = env_int("LOGIN_FREE_FAILURES", 5, minimum=1)
        self.LOGIN_BACKOFF_SECONDS = env_int("LOGIN_BACKOFF_SECONDS", 30, minimum=1)
        self.LOGIN_BACKOFF_MAX_SECONDS = env_int("LOGIN_BACKOFF_MAX_SECONDS", 24 * 3600, minimum=1)
        # Flag codes that keep an opinion out of bulk approval (decided one by one); "" switches the rule off.
        self.MODERATION_HOLD_FLAGS = parse_codes(env.get("MODERATION_HOLD_FLAGS", DEFAULT_HOLD_FLAGS))
        self.read_mail_and_jobs_settings(env)
        self.read_report_settings(env)
        self.read_page_cache_settings()

    def read_mail_and_jobs_settings(self, env):
        """Mail (SMTP, or console/file in development), background jobs, email verification of opinions."""
        self.MAIL_SERVER = env.get("MAIL_SERVER", "")
        self.MAIL_BACKEND = env_choice("MAIL_BACKEND", "smtp" if self.MAIL_SERVER else "console", MAIL_BACKENDS)
        if self.MAIL_BACKEND == "smtp" and not self.MAIL_SERVER:
            raise SettingError("MAIL_BACKEND is smtp but MAIL_SERVER is not set")
        self.MAIL_PORT = env_int("MAIL_PORT", 587, 1, 65535)
        self.MAIL_USE_TLS = env_bool("MAIL_USE_TLS", True)  # STARTTLS on MAIL_PORT
        self.MAIL_USE_SSL = env_bool("MAIL_USE_SSL", False)  # TLS from the first byte (usually port 465)
        self.MAIL_USERNAME = env.get("MAIL_USERNAME", "")
        self.MAIL_PASSWORD = env.get("MAIL_PASSWORD", "")
        self.MAIL_FROM = env.get("MAIL_FROM", "Consult <no-reply@localhost>")
        self.MAIL_TIMEOUT = env_float("MAIL_TIMEOUT", 10, minimum=0.1)
        self.MAIL_FILE_DIR = env.get("MAIL_FILE_DIR") or str(instance_dir() / "mail")
        # Links in emails: never built from the Host header of whatever request happened to send them. By default
        # the local address `make run` serves, on its PORT.
        port = env_int("PORT", 5000, minimum=1, maximum=65535)
        self.PUBLIC_BASE_URL = env_url(
            "PUBLIC_BASE_URL", f"http://127.0.0.1:{port}", ("http", "https"), "https://gopy.example.vn"
        )
        # after_response | inline | rq. With Redis configured, background work (emails, report files, summaries)
        # goes to RQ workers (`flask --app consult jobs worker`, on any machine) unless told otherwise.
        self.JOBS_BACKEND = env_choice("JOBS_BACKEND", "rq" if self.REDIS_URL else "after_response", JOBS_BACKENDS)
        self.JOBS_QUEUE = env.get("JOBS_QUEUE", "consult")
        # Seconds an RQ worker lets one job run (RQ's own default: 180).
        self.JOBS_TIMEOUT = env_int("JOBS_TIMEOUT", 3600, minimum=1)
        self.VERIFICATION_CODE_MINUTES = env_int("VERIFICATION_CODE_MINUTES", 30, minimum=1)
        self.VERIFICATION_MAX_ATTEMPTS = env_int("VERIFICATION_MAX_ATTEMPTS", 5, minimum=1)
        self.VERIFICATION_RESEND_SECONDS = env_int("VERIFICATION_RESEND_SECONDS", 60, minimum=0)
        self.VERIFICATION_MAX_SENDS = env_int("VERIFICATION_MAX_SENDS", 5, minimum=1)
        self.VERIFICATION_RESEND_RATE_LIMIT = env_rate_limit(
            "VERIFICATION_RESEND_RATE_LIMIT", "5 per 10 minutes;20 per day"
        )
        self.VERIFIED_EMAIL_HOURS = env_int("VERIFIED_EMAIL_HOURS", 12, minimum=0)
        self.UNVERIFIED_RETENTION_DAYS = env_int("UNVERIFIED_RETENTION_DAYS", 7, minimum=1)

    def read_report_settings(self, env):
        """Report files (consult/reports): where they are written, the font embedded in PDFs, the form's wording."""
        # With RQ workers on other machines this must be a directory every app server and worker shares.
        self.REPORTS_DIR = env.get("CONSULT_REPORTS_DIR") or str(instance_dir() / "reports")
        # The bulk open data files (/open-data, consult/opendata), shared like REPORTS_DIR; rebuilt by a background
        # job after each change to public content unless OPEN_DATA_AUTO_BUILD is off (`flask opendata build` then).
        self.OPEN_DATA_DIR = env.get("CONSULT_OPEN_DATA_DIR") or str(instance_dir() / "open-data")
        self.OPEN_DATA_AUTO_BUILD = env_bool("OPEN_DATA_AUTO_BUILD", True)
        self.REPORT_FONT_DIR = env.get("REPORT_FONT_DIR", "/usr/share/fonts/truetype/dejavu")
        # "Hà Nội, ngày 07 tháng 12 năm 2026" above the report's title; blank: the agency's province, else dots
        self.REPORT_PLACE = env.get("REPORT_PLACE", "")
        self.REPORT_WORDING_FILE = env.get("REPORT_WORDING_FILE", "")  # JSON overriding consult/reports/wording.json
        # Seconds a public report file is reused; a run silent for REPORT_STALE_SECONDS has died.
        self.REPORT_PUBLIC_MAX_AGE = env_int("REPORT_PUBLIC_MAX_AGE", 3600, minimum=0)
        self.REPORT_STALE_SECONDS = env_int("REPORT_STALE_SECONDS", 900, minimum=1)
        # Drafts with at most this many counted opinions have their summary counted live on each visit.
        self.SUMMARY_LIVE_MAX = env_int("SUMMARY_LIVE_MAX", 20000, minimum=0)

    def read_page_cache_settings(self):
        """Public pages cached for anonymous visitors (consult/pagecache.py): in Redis when REDIS_URL is set."""
        self.PAGE_CACHE_ENABLED = env_bool("PAGE_CACHE_ENABLED", True)
        self.PAGE_CACHE_REDIS_URL = env_url(
            "PAGE_CACHE_REDIS_URL", self.REDIS_URL, REDIS_SCHEMES, "redis://127.0.0.1:6379/1"
        )
        self.PAGE_CACHE_PREFIX = os.environ.get("PAGE_CACHE_PREFIX", "consult:")
        # An entry lives at most this long; midnight in Viet Nam and a window's end come first when sooner.
        self.PAGE_CACHE_SECONDS = env_int("PAGE_CACHE_SECONDS", 300, minimum=1)
        self.PAGE_CACHE_ENTRIES = env_int("PAGE_CACHE_ENTRIES", 500, minimum=1)  # in-process cache only
        # What browsers and proxies may keep without asking again (they revalidate with the ETag afterwards).
        self.PAGE_MAX_AGE = env_int("PAGE_MAX_AGE", 30, minimum=0)
        # Page views are counted in memory and written every so many seconds or views (consult/statistics/counting.py).
        self.PAGE_VIEWS_FLUSH_SECONDS = env_int("PAGE_VIEWS_FLUSH_SECONDS", 30, minimum=1)
        self.PAGE_VIEWS_FLUSH_VIEWS = env_int("PAGE_VIEWS_FLUSH_VIEWS", 5000, minimum=1)
        self.PAGE_VIEWS_FLUSH_AT_EXIT = True
        self.STATIC_MAX_AGE = 365 * 24 * 3600  # static URLs carry their content's hash: a new file is a new URL
        # Prometheus metrics at /metrics (consult/metrics.py): off unless asked for; read with the token if one is set,
        # else only from this machine or a private network.
        self.METRICS_TOKEN = os.environ.get("METRICS_TOKEN", "")
        self.METRICS_ENABLED = env_bool("METRICS_ENABLED", bool(self.METRICS_TOKEN))
        # Who runs the site, named in every page's footer as Vietnamese government sites do (blank: left out). A local
        # run names the demo's operator, marked as such; production names none until they are set.
        operator = self.demo_operator
        self.SITE_OPERATOR = os.environ.get("SITE_OPERATOR", operator.get("name", ""))
        self.SITE_ADDRESS = os.environ.get("SITE_ADDRESS", operator.get("address", ""))
        self.SITE_HOTLINE = os.environ.get("SITE_HOTLINE", operator.get("hotline", ""))
        self.SITE_EMAIL = os.environ.get("SITE_EMAIL", operator.get("email", ""))
        self.SITE_RESPONSIBLE = os.environ.get("SITE_RESPONSIBLE", operator.get("responsible", ""))

    secure_cookies_default = False
    hsts_seconds_default = 0
    log_format_default = "text"
    demo_operator: ClassVar[dict] = {
        "name": "Văn phòng Ủy ban nhân dân thành phố Hà Nội (dữ liệu trình diễn)",
        "address": "12 Lê Lai, phường Hoàn Kiếm, Hà Nội",
        "hotline": "1900 0000",
        "email": "gopyduthao@example.gov.vn",
        "responsible": "Chánh Văn phòng",
    }

    def database_url(self):
        """Return DATABASE_URL, or the SQLite file in instance/."""
        url = env_database_url("DATABASE_URL")
        if url:
            return url
        folder = instance_dir()
        folder.mkdir(parents=True, exist_ok=True)
        return f"sqlite:///{folder / 'consult.sqlite3'}"

    def fallback_secret_key(self):
        """Local runs get a generated key; production refuses to start without one."""
        return local_secret_key()


class TestingConfig(Config):
    """Settings for the test suite: TEST_DATABASE_URL or an in-memory SQLite, no rate limits."""

    TESTING = True

    def __init__(self):
        super().__init__()
        self.RATELIMIT_ENABLED = False
        self.RATELIMIT_STORAGE_URI = "memory://"
        self.FEEDBACK_MIN_FILL_SECONDS = 0  # tests post at machine speed; tests of the guard set it
        self.FEEDBACK_DRAFT_CACHE_SECONDS = 0  # tests change drafts between requests; the cache has its own test
        # Never the repository's instance/ nor a developer's CONSULT_ATTACHMENT_DIR; tests that store files
        # point this at their own tmp_path.
        self.ATTACHMENT_DIR = str(Path(tempfile.gettempdir()) / f"consult-test-attachments-{os.getpid()}")
        self.MAIL_BACKEND = "memory"  # app.extensions["mail_outbox"]; tests of other backends set their own
        self.JOBS_BACKEND = "inline"  # the test client never closes responses, so run jobs at commit
        self.PUBLIC_BASE_URL = "https://gopy.example.vn"
        self.OFFLINE_UPLOAD_DIR = str(Path(tempfile.gettempdir()) / f"consult-test-offline-uploads-{os.getpid()}")
        self.REPORTS_DIR = str(Path(tempfile.gettempdir()) / f"consult-test-reports-{os.getpid()}")
        self.OPEN_DATA_DIR = str(Path(tempfile.gettempdir()) / f"consult-test-open-data-{os.getpid()}")
        self.OPEN_DATA_AUTO_BUILD = False  # a rebuild at every commit of every test; tests of open data turn it on
        self.PAGE_VIEWS_FLUSH_AT_EXIT = False  # the test databases are gone by then; tests flush themselves
        # A change shows once its notification arrives (milliseconds): tests that read right after a write would
        # race it. Its own tests turn it on and wait for it.
        self.API_CHANGE_SIGNAL = False

    def database_url(self):
        """Use TEST_DATABASE_URL, never the developer's own database."""
        return env_database_url("TEST_DATABASE_URL") or "sqlite://"

    def fallback_secret_key(self):
        """A fixed key is fine for tests."""
        return "test-secret-key"


class ProductionConfig(Config):
    """Settings for production: a real secret key and database are required."""

    PREFERRED_URL_SCHEME = "https"
    DEMO_DATA_ALLOWED = False
    secure_cookies_default = True
    hsts_seconds_default = 365 * 24 * 3600
    log_format_default = "json"
    demo_operator: ClassVar[dict] = {}

    def database_url(self):
        """Require DATABASE_URL: production never falls back to a local SQLite file."""
        url = env_database_url("DATABASE_URL")
        if not url:
            raise SettingError("ProductionConfig needs DATABASE_URL (e.g. postgresql://user@host/consult)")
        return url

    def fallback_secret_key(self):
        """Refuse to start without SECRET_KEY."""
        raise SettingError("ProductionConfig needs SECRET_KEY (at least 32 random characters)")

    def __init__(self):
        super().__init__()
        if len(self.SECRET_KEY) < 32:
            raise SettingError("SECRET_KEY must be at least 32 characters long in production")


CONFIGS = {"development": Config, "testing": TestingConfig, "production": ProductionConfig}


def config_from_env():
    """Return the config class named by CONSULT_ENV (development by default)."""
    return CONFIGS[env_choice("CONSULT_ENV", "development", tuple(CONFIGS))]
