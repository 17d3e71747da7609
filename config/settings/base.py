"""Settings shared by every environment; values that differ come from environment variables."""

import ipaddress
import os
from pathlib import Path

import dj_database_url
import dj_email_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    return os.environ.get(name, str(default)).strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


SECRET_KEY = os.environ.get("SECRET_KEY", "")
DEBUG = env_bool("DEBUG")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "simple_history",
    "django_htmx",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django_tasks",
    "django_tasks_db",
    "shrhub",
    "practices",
    "stakeholders",
    "workinggroups",
    "followups",
    "commitments",
    "analysis",
    "documents",
    "notifications",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "shrhub.preferences.PreferencesMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "shrhub.security.SessionTimeoutMiddleware",
    "shrhub.security.SecurityHeadersMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "shrhub.middleware.LoginRequiredMiddleware",
    "shrhub.two_factor.TwoFactorMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "django.template.context_processors.tz",
                "shrhub.context_processors.navigation",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Writers queue for the lock at BEGIN (instead of failing mid-transaction) and readers never block writers.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        # secure_delete: freed pages and cells are overwritten with zeros, so an erased name does not linger in
        # the file (each connection runs these statements when it opens).
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA secure_delete=ON;",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Languages: English (the toolkit's edition the catalogue holds), French and Spanish. Each user's choice (their
# preferences, else the language cookie, else the browser's Accept-Language) is activated per request; names are
# written in their own language, as a switcher shows them. Adding one: docs/languages.md.
LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("fr", "Français"), ("es", "Español")]
LOCALE_PATHS = [BASE_DIR / "locale"]
FORMAT_MODULE_PATH = ["config.formats"]  # dates unambiguous in every language: "4 Dec 2026", "4 déc 2026"
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600  # the choice outlives the session (the login page keeps it)
LANGUAGE_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_HTTPONLY = True
# The operation's time zone: its "today" (overdue, due soon, review due) and the times pages show; a user may
# choose another one in their preferences. An IANA name, e.g. Africa/Kinshasa or America/Lima.
TIME_ZONE = os.environ.get("TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "staticfiles"

# Documents on records (``documents``): local files in ATTACHMENTS_ROOT by default, outside the static and web
# roots and never served by URL (no base_url: only the download view reads them); with ATTACHMENTS_S3_BUCKET,
# S3-compatible object storage through django-storages (which needs boto3 installed: pip install boto3).
ATTACHMENTS_ROOT = os.environ.get("ATTACHMENTS_ROOT", str(BASE_DIR / "var" / "attachments"))
ATTACHMENT_MAX_BYTES = int(os.environ.get("ATTACHMENT_MAX_BYTES", str(20 * 1024 * 1024)))
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024  # larger uploads go to a temporary file while they are checked


def attachments_storage() -> dict:
    bucket = os.environ.get("ATTACHMENTS_S3_BUCKET", "")
    if not bucket:
        return {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": ATTACHMENTS_ROOT, "base_url": None, "file_permissions_mode": 0o600},
        }
    return {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": bucket,
            "endpoint_url": os.environ.get("ATTACHMENTS_S3_ENDPOINT_URL") or None,
            "region_name": os.environ.get("ATTACHMENTS_S3_REGION") or None,
            "default_acl": "private",
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }


STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    "attachments": attachments_storage(),
}

SESSION_IDLE_SECONDS = int(os.environ.get("SESSION_IDLE_SECONDS", str(30 * 60)))
SESSION_ABSOLUTE_SECONDS = int(os.environ.get("SESSION_ABSOLUTE_SECONDS", str(10 * 3600)))
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = SESSION_ABSOLUTE_SECONDS
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
X_FRAME_OPTIONS = "DENY"
CONTENT_SECURITY_POLICY = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self' 'unsafe-inline'",  # SVG charts and htmx indicators set inline styles; never scripts
    "img-src": "'self' data:",
    "font-src": "'self' data:",
    "connect-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'self'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
}

# Shared cache for throttling and lockout counts: set REDIS_URL in production so every worker shares them.
CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": os.environ["REDIS_URL"]}
        if os.environ.get("REDIS_URL")
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    ),
    # An import's progress, written by the task worker while its transaction is open and read by the page: the
    # same Redis when set, else files every process on this machine shares.
    "progress": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": os.environ["REDIS_URL"]}
        if os.environ.get("REDIS_URL")
        else {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": os.environ.get("PROGRESS_CACHE_DIR", str(BASE_DIR / "var" / "progress")),
        }
    ),
}
# Imports (shrhub.imports): the largest file and row count accepted, the files checked and imported during the
# request rather than by the task worker, and how long an upload not imported is kept.
IMPORT_MAX_BYTES = int(os.environ.get("IMPORT_MAX_BYTES", str(20 * 1024 * 1024)))
IMPORT_MAX_ROWS = int(os.environ.get("IMPORT_MAX_ROWS", "20000"))
IMPORT_INLINE_ROWS = int(os.environ.get("IMPORT_INLINE_ROWS", "500"))
IMPORT_KEEP_DAYS = int(os.environ.get("IMPORT_KEEP_DAYS", "7"))
# Two-factor authentication (shrhub.two_factor): roles that must use a second factor (comma-separated role
# names). None by default here; production requires it of managers and administrators.
OTP_REQUIRED_ROLES = env_list("OTP_REQUIRED_ROLES")
OTP_TOTP_ISSUER = "SHR Hub"
OTP_ADMIN_HIDE_SENSITIVE_DATA = True

# Login lockout (shrhub.security): failures are counted per account *and* address, and per address; past a
# limit each attempt waits, and every further failure doubles the wait. No one is locked out from elsewhere.
LOGIN_FAILURE_LIMIT = int(os.environ.get("LOGIN_FAILURE_LIMIT", "5"))
LOGIN_ADDRESS_FAILURE_LIMIT = int(os.environ.get("LOGIN_ADDRESS_FAILURE_LIMIT", "20"))
LOGIN_BACKOFF_SECONDS = int(os.environ.get("LOGIN_BACKOFF_SECONDS", "60"))
LOGIN_BACKOFF_MAX_SECONDS = int(os.environ.get("LOGIN_BACKOFF_MAX_SECONDS", str(3600)))
LOGIN_FAILURE_WINDOW = int(os.environ.get("LOGIN_FAILURE_WINDOW", str(15 * 60)))
# Proxies (addresses or networks) whose X-Forwarded-For is believed; from any other peer the header is ignored.
TRUSTED_PROXIES = env_list("TRUSTED_PROXIES")
for _proxy in TRUSTED_PROXIES:  # a typo fails at start, not silently at the first login
    try:
        ipaddress.ip_network(_proxy, strict=False)
    except ValueError as error:
        raise ImproperlyConfigured(f"TRUSTED_PROXIES: {_proxy!r} is not an address or network.") from error
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # Token first: an unauthenticated request answers 401 with WWW-Authenticate, not 403.
        "shrhub.tokens.ApiTokenAuthentication",
        "shrhub.two_factor.VerifiedSessionAuthentication",  # refuses a session still pending its second factor
    ],
    "DEFAULT_PERMISSION_CLASSES": ["shrhub.drf.RolePermissions"],
    "DEFAULT_FILTER_BACKENDS": [
        # Sorting is the FilterSet's ``ordering`` parameter, the same one the pages use.
        "django_filters.rest_framework.DjangoFilterBackend",
    ],
    "DEFAULT_PAGINATION_CLASS": "shrhub.paging.CursorPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "shrhub.openapi.AutoSchema",
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": [
        "shrhub.drf.JSONParser",  # refuses bodies nested too deeply (400, not a RecursionError)
        "rest_framework.parsers.FormParser",
        "shrhub.drf.MultiPartParser",  # refuses a body with no readable part (400, not an empty edit)
    ],
    "EXCEPTION_HANDLER": "shrhub.drf.exception_handler",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
    "DEFAULT_THROTTLE_CLASSES": ["shrhub.security.TokenRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {"api": os.environ.get("API_THROTTLE_RATE", "1200/minute")},
}

SPECTACULAR_SETTINGS = {
    "TITLE": "SHR Hub API",
    "DESCRIPTION": (
        "Host-government stakeholder registry, good-practice catalogue and working groups. "
        "Token auth (`Authorization: Token <key>`) for integrations, session auth in the browser. "
        "The registry's and the working groups' record lists page by cursor and accept `updated_since` (ISO 8601) "
        "for incremental sync; the catalogue, adoptions and working groups page by number. Labels and messages "
        "follow the `Accept-Language` header (`en`, `fr`, `es`; English otherwise); keys, codes and values stay "
        "English."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    # validatorUrl: none, else Swagger UI sends the schema's address to validator.swagger.io for a badge.
    "SWAGGER_UI_SETTINGS": {"deepLinking": True, "validatorUrl": None},
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        # One name for a choice set that two fields share (an action's status, and the status a note moved it to).
        "ActionStatusEnum": "workinggroups.choices.ActionStatus",
        # The levels of government: a jurisdiction's, a stakeholder's, and the two a coordination risk runs between.
        "LevelEnum": "shrhub.models.JurisdictionLevel",
    },
}

SIMPLE_HISTORY_HISTORY_CHANGE_REASON_USE_TEXT_FIELD = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
}

# Review age, in months: an adoption not reviewed for this long, and an assessment without a review date older
# than this, are due for review (an assessment with a review date is overdue once that date passes).
SHRHUB_REVIEW_MONTHS = int(os.environ.get("SHRHUB_REVIEW_MONTHS", "6"))

# Background work: Django's tasks API (the django-tasks backport). The database backend needs nothing else
# installed (SQLite or PostgreSQL); `manage.py db_worker` runs the queue and `manage.py run_scheduler` enqueues
# the periodic jobs. Another backend (e.g. an RQ or Celery bridge) is a setting: TASKS_BACKEND.
TASKS = {"default": {"BACKEND": os.environ.get("TASKS_BACKEND", "django_tasks_db.DatabaseBackend")}}

# Mail: EMAIL_URL (smtp://user:password@host:587/?tls=True, submission://…, console:, …; dj-email-url), the
# console in development. Links in e-mails start with SITE_URL.
globals().update(dj_email_url.parse(os.environ.get("EMAIL_URL", "console:")))
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "SHR Hub <shrhub@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000")

# Reminders and digests: notifications are refreshed every SHRHUB_REFRESH_MINUTES; digests leave at
# SHRHUB_DIGEST_HOUR, operation time (TIME_ZONE): daily ones every day, weekly ones on Mondays.
SHRHUB_REFRESH_MINUTES = int(os.environ.get("SHRHUB_REFRESH_MINUTES", "15"))
SHRHUB_DIGEST_HOUR = int(os.environ.get("SHRHUB_DIGEST_HOUR", "7"))
