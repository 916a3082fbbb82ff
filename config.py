"""Configuration read from the environment: Config for local runs, TestingConfig, ProductionConfig.

Each class is instantiated by create_app(), so the environment is read when the app is built,
not when this module is imported.
"""

import os
import secrets
import tempfile
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent


def normalise_database_url(url):
    """Point plain postgresql:// URLs at psycopg 3, the driver Consult ships with."""
    if url and url.startswith("postgres://"):
        url = "postgresql://" + url[len("postgres://"):]
    if url and url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://"):]
    return url


def env_bool(name, default):
    """Read a yes/no environment variable."""
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


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
DEFAULT_MIN_CONSULTATION_DAYS = {"law": 60, "decree": 20, "resolution": 20, "decision": 20, "circular": 20,
                                 "directive": 20, "plan": 20, "other": 20}


def parse_min_days(value):
    """Return the minimum periods, overridden by CONSULT_MIN_DAYS such as "law=60,decree=30"."""
    days = dict(DEFAULT_MIN_CONSULTATION_DAYS)
    for item in filter(None, (part.strip() for part in value.split(","))):
        name, _, number = item.partition("=")
        if name.strip() not in days or not number.strip().isdigit():
            raise RuntimeError(f"CONSULT_MIN_DAYS: cannot read {item!r} (expected e.g. law=60,decree=30)")
        days[name.strip()] = int(number)
    return days


DEFAULT_HOLD_FLAGS = "profanity,links,contact_in_text,all_caps,repetition,blocked_submitter,reported,grouping_pending"


def parse_codes(value):
    """Return the codes of a comma-separated list, without blanks."""
    return tuple(code.strip() for code in value.split(",") if code.strip())


def engine_options(url):
    """Return SQLAlchemy's engine options for a database URL."""
    # A server connection may have been dropped (restart, failover): test it when taken from the pool.
    # A SQLite file cannot drop, so there it would only cost a query per request.
    options = {"pool_pre_ping": not url.startswith("sqlite")}
    if url not in ("sqlite://", "sqlite:///:memory:"):  # a database in memory has one connection, shared
        # A connection for each of a gunicorn worker's 16 threads, its group commit and its grouper thread
        # (SQLAlchemy's default is 5, and 10 more for a moment).
        options["pool_size"] = int(os.environ.get("DATABASE_POOL_SIZE", 20))
    return options


class Config:
    """Settings for a local run: SQLite in instance/, in-memory rate limits."""

    BABEL_DEFAULT_LOCALE = "vi"
    BABEL_DEFAULT_TIMEZONE = "Asia/Ho_Chi_Minh"
    BABEL_TRANSLATION_DIRECTORIES = str(BASE_DIR / "translations")
    LANGUAGES = {"vi": "Tiếng Việt", "en": "English"}

    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    WTF_CSRF_TIME_LIMIT = None  # a citizen may take an hour to write; the session still binds the token
    RATELIMIT_HEADERS_ENABLED = True
    MAX_CONTENT_LENGTH = 25 * 1024 * 1024  # a request: an attachment and the rest of its form
    ATTACHMENT_MAX_BYTES = 20 * 1024 * 1024

    def __init__(self):
        env = os.environ
        self.SQLALCHEMY_DATABASE_URI = self.database_url()
        self.SQLALCHEMY_ENGINE_OPTIONS = engine_options(self.SQLALCHEMY_DATABASE_URI)
        self.SECRET_KEY = env.get("SECRET_KEY") or self.fallback_secret_key()
        self.REDIS_URL = env.get("REDIS_URL")
        # lazymemory:// is limits' memory:// without a timer thread per hit (consult/feedback/ratelimit_storage.py).
        self.RATELIMIT_STORAGE_URI = env.get("RATELIMIT_STORAGE_URI") or self.REDIS_URL or "lazymemory://"
        self.RATELIMIT_ENABLED = env_bool("RATELIMIT_ENABLED", True)
        self.SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", self.secure_cookies_default)
        self.REMEMBER_COOKIE_SECURE = self.SESSION_COOKIE_SECURE
        self.OPINIONS_PER_PAGE = int(env.get("OPINIONS_PER_PAGE", 20))
        self.QUEUE_PAGE_SIZE = int(env.get("QUEUE_PAGE_SIZE", 50))
        self.FEEDBACK_MAX_LENGTH = int(env.get("FEEDBACK_MAX_LENGTH", 10000))
        self.ATTACHMENT_DIR = env.get("CONSULT_ATTACHMENT_DIR") or str(instance_dir() / "attachments")
        # Checked files of offline opinions wait here between preview and confirmation (shared by all app servers).
        self.OFFLINE_UPLOAD_DIR = env.get("CONSULT_OFFLINE_UPLOAD_DIR") or str(instance_dir() / "offline-uploads")
        self.MIN_CONSULTATION_DAYS = parse_min_days(env.get("CONSULT_MIN_DAYS", ""))
        # Generous per-client limits: many people share one address behind carrier NAT or a commune office.
        self.FEEDBACK_RATE_LIMIT_CLIENT = env.get("FEEDBACK_RATE_LIMIT_CLIENT", "30 per minute;600 per hour")
        self.FEEDBACK_RATE_LIMIT_CONTACT = env.get("FEEDBACK_RATE_LIMIT_CONTACT", "10 per minute;100 per day")
        self.FEEDBACK_MIN_FILL_SECONDS = int(env.get("FEEDBACK_MIN_FILL_SECONDS", 3))
        self.FEEDBACK_MAX_LINKS = int(env.get("FEEDBACK_MAX_LINKS", 3))
        # How long a worker may reuse what it read of a draft to check a sent opinion (consult/feedback/intake.py).
        self.FEEDBACK_DRAFT_CACHE_SECONDS = float(env.get("FEEDBACK_DRAFT_CACHE_SECONDS", 5))
        # Opinions sent at the same moment are written in one transaction by a writer thread of each web process
        # (consult.feedback.group_commit); off, each request writes and commits its own.
        self.FEEDBACK_GROUP_COMMIT = env_bool("FEEDBACK_GROUP_COMMIT", True)
        # WAL with synchronous=NORMAL syncs the log at checkpoints, not at every commit: a commit survives a crash
        # of the application (or of gunicorn), and the file is never corrupted, but the last commits before a
        # power cut or an OS crash may be lost. FULL syncs every commit (SQLite's default), at a fsync per opinion
        # taken while holding the database's one write lock. Production runs PostgreSQL, where this does not apply.
        self.SQLITE_SYNCHRONOUS = env.get("SQLITE_SYNCHRONOUS", "NORMAL").upper()
        if self.SQLITE_SYNCHRONOUS not in {"FULL", "NORMAL", "EXTRA"}:
            raise RuntimeError("SQLITE_SYNCHRONOUS must be FULL, NORMAL or EXTRA")
        self.PROXY_FIX_X_FOR = int(env.get("PROXY_FIX_X_FOR", 0))
        self.CONTACT_RETENTION_DAYS = int(env.get("CONTACT_RETENTION_DAYS", 365))
        self.NEAR_DUPLICATE_THRESHOLD = float(env.get("NEAR_DUPLICATE_THRESHOLD", 0.8))  # rapidfuzz ratio, 0 to 1
        # Readers' reports: distinct reporters that send a published opinion back to review; per-client limit.
        self.CITIZEN_FLAG_THRESHOLD = int(env.get("CITIZEN_FLAG_THRESHOLD", 3))
        self.CITIZEN_FLAG_RATE_LIMIT = env.get("CITIZEN_FLAG_RATE_LIMIT", "10 per hour;50 per day")
        # Flag codes that keep an opinion out of bulk approval (decided one by one); "" switches the rule off.
        self.MODERATION_HOLD_FLAGS = parse_codes(env.get("MODERATION_HOLD_FLAGS", DEFAULT_HOLD_FLAGS))
        self.read_mail_and_jobs_settings(env)
        self.read_report_settings(env)

    def read_mail_and_jobs_settings(self, env):
        """Mail (SMTP, or console/file in development), background jobs, email verification of opinions."""
        self.MAIL_SERVER = env.get("MAIL_SERVER", "")
        self.MAIL_BACKEND = env.get("MAIL_BACKEND") or ("smtp" if self.MAIL_SERVER else "console")
        self.MAIL_PORT = int(env.get("MAIL_PORT", 587))
        self.MAIL_USE_TLS = env_bool("MAIL_USE_TLS", True)  # STARTTLS on MAIL_PORT
        self.MAIL_USE_SSL = env_bool("MAIL_USE_SSL", False)  # TLS from the first byte (usually port 465)
        self.MAIL_USERNAME = env.get("MAIL_USERNAME", "")
        self.MAIL_PASSWORD = env.get("MAIL_PASSWORD", "")
        self.MAIL_FROM = env.get("MAIL_FROM", "Consult <no-reply@localhost>")
        self.MAIL_TIMEOUT = float(env.get("MAIL_TIMEOUT", 10))
        self.MAIL_FILE_DIR = env.get("MAIL_FILE_DIR") or str(instance_dir() / "mail")
        # Links in emails: never built from the Host header of whatever request happened to send them.
        self.PUBLIC_BASE_URL = env.get("PUBLIC_BASE_URL", "http://127.0.0.1:5000")
        # after_response | inline | rq. With Redis configured, background work (emails, report files, summaries)
        # goes to RQ workers (`flask --app consult jobs worker`, on any machine) unless told otherwise.
        self.JOBS_BACKEND = env.get("JOBS_BACKEND") or ("rq" if env.get("REDIS_URL") else "after_response")
        self.JOBS_QUEUE = env.get("JOBS_QUEUE", "consult")
        self.JOBS_TIMEOUT = int(env.get("JOBS_TIMEOUT", 3600))  # seconds an RQ worker lets one job run (RQ's own: 180)
        self.VERIFICATION_CODE_MINUTES = int(env.get("VERIFICATION_CODE_MINUTES", 30))
        self.VERIFICATION_MAX_ATTEMPTS = int(env.get("VERIFICATION_MAX_ATTEMPTS", 5))
        self.VERIFICATION_RESEND_SECONDS = int(env.get("VERIFICATION_RESEND_SECONDS", 60))
        self.VERIFICATION_MAX_SENDS = int(env.get("VERIFICATION_MAX_SENDS", 5))
        self.VERIFICATION_RESEND_RATE_LIMIT = env.get("VERIFICATION_RESEND_RATE_LIMIT", "5 per 10 minutes;20 per day")
        self.VERIFIED_EMAIL_HOURS = int(env.get("VERIFIED_EMAIL_HOURS", 12))
        self.UNVERIFIED_RETENTION_DAYS = int(env.get("UNVERIFIED_RETENTION_DAYS", 7))

    def read_report_settings(self, env):
        """Report files (consult/reports): where they are written, the font embedded in PDFs, the form's wording."""
        # With RQ workers on other machines this must be a directory every app server and worker shares.
        self.REPORTS_DIR = env.get("CONSULT_REPORTS_DIR") or str(instance_dir() / "reports")
        self.REPORT_FONT_DIR = env.get("REPORT_FONT_DIR", "/usr/share/fonts/truetype/dejavu")
        self.REPORT_PLACE = env.get("REPORT_PLACE", "")  # "Hà Nội, ngày … tháng … năm …"; blank leaves dots to fill
        self.REPORT_WORDING_FILE = env.get("REPORT_WORDING_FILE", "")  # JSON overriding consult/reports/wording.json
        self.REPORT_PUBLIC_MAX_AGE = int(env.get("REPORT_PUBLIC_MAX_AGE", 3600))  # seconds a public file is reused
        self.REPORT_STALE_SECONDS = int(env.get("REPORT_STALE_SECONDS", 900))  # a run silent this long has died
        # Drafts with at most this many counted opinions have their summary counted live on each visit.
        self.SUMMARY_LIVE_MAX = int(env.get("SUMMARY_LIVE_MAX", 20000))

    secure_cookies_default = False

    def database_url(self):
        """Return DATABASE_URL, or the SQLite file in instance/."""
        url = normalise_database_url(os.environ.get("DATABASE_URL"))
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
        self.RATELIMIT_STORAGE_URI = "lazymemory://"
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

    def database_url(self):
        """Use TEST_DATABASE_URL, never the developer's own database."""
        return normalise_database_url(os.environ.get("TEST_DATABASE_URL")) or "sqlite://"

    def fallback_secret_key(self):
        """A fixed key is fine for tests."""
        return "test-secret-key"


class ProductionConfig(Config):
    """Settings for production: a real secret key and database are required."""

    PREFERRED_URL_SCHEME = "https"
    secure_cookies_default = True

    def database_url(self):
        """Require DATABASE_URL: production never falls back to a local SQLite file."""
        url = normalise_database_url(os.environ.get("DATABASE_URL"))
        if not url:
            raise RuntimeError("ProductionConfig needs DATABASE_URL (e.g. postgresql://user@host/consult)")
        return url

    def fallback_secret_key(self):
        """Refuse to start without SECRET_KEY."""
        raise RuntimeError("ProductionConfig needs SECRET_KEY (at least 32 random characters)")

    def __init__(self):
        super().__init__()
        if len(self.SECRET_KEY) < 32:
            raise RuntimeError("SECRET_KEY must be at least 32 characters long in production")


CONFIGS = {"development": Config, "testing": TestingConfig, "production": ProductionConfig}


def config_from_env():
    """Return the config class named by CONSULT_ENV (development by default)."""
    name = os.environ.get("CONSULT_ENV", "development")
    try:
        return CONFIGS[name]
    except KeyError:
        raise RuntimeError(f"CONSULT_ENV must be one of {', '.join(CONFIGS)}, not {name!r}") from None
