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
    SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True}

    def __init__(self):
        env = os.environ
        self.SQLALCHEMY_DATABASE_URI = self.database_url()
        self.SECRET_KEY = env.get("SECRET_KEY") or self.fallback_secret_key()
        self.REDIS_URL = env.get("REDIS_URL")
        self.RATELIMIT_STORAGE_URI = env.get("RATELIMIT_STORAGE_URI") or self.REDIS_URL or "memory://"
        self.RATELIMIT_ENABLED = env_bool("RATELIMIT_ENABLED", True)
        self.SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", self.secure_cookies_default)
        self.REMEMBER_COOKIE_SECURE = self.SESSION_COOKIE_SECURE
        self.OPINIONS_PER_PAGE = int(env.get("OPINIONS_PER_PAGE", 20))
        self.QUEUE_PAGE_SIZE = int(env.get("QUEUE_PAGE_SIZE", 50))
        self.FEEDBACK_MAX_LENGTH = int(env.get("FEEDBACK_MAX_LENGTH", 10000))
        self.ATTACHMENT_DIR = env.get("CONSULT_ATTACHMENT_DIR") or str(instance_dir() / "attachments")
        self.MIN_CONSULTATION_DAYS = parse_min_days(env.get("CONSULT_MIN_DAYS", ""))
        # Generous per-client limits: many people share one address behind carrier NAT or a commune office.
        self.FEEDBACK_RATE_LIMIT_CLIENT = env.get("FEEDBACK_RATE_LIMIT_CLIENT", "30 per minute;600 per hour")
        self.FEEDBACK_RATE_LIMIT_CONTACT = env.get("FEEDBACK_RATE_LIMIT_CONTACT", "10 per minute;100 per day")
        self.FEEDBACK_MIN_FILL_SECONDS = int(env.get("FEEDBACK_MIN_FILL_SECONDS", 3))
        self.FEEDBACK_MAX_LINKS = int(env.get("FEEDBACK_MAX_LINKS", 3))
        self.PROXY_FIX_X_FOR = int(env.get("PROXY_FIX_X_FOR", 0))
        self.CONTACT_RETENTION_DAYS = int(env.get("CONTACT_RETENTION_DAYS", 365))
        self.NEAR_DUPLICATE_THRESHOLD = float(env.get("NEAR_DUPLICATE_THRESHOLD", 0.8))  # rapidfuzz ratio, 0 to 1

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
        self.RATELIMIT_STORAGE_URI = "memory://"
        self.FEEDBACK_MIN_FILL_SECONDS = 0  # tests post at machine speed; tests of the guard set it
        # Never the repository's instance/ nor a developer's CONSULT_ATTACHMENT_DIR; tests that store files
        # point this at their own tmp_path.
        self.ATTACHMENT_DIR = str(Path(tempfile.gettempdir()) / f"consult-test-attachments-{os.getpid()}")

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
