"""Production: refuses to start without SECRET_KEY and ALLOWED_HOSTS, on SQLite, or with a cache that each
process keeps to itself; HTTPS everywhere."""

import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import attachments_storage, env_bool, env_list

DEBUG = False
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    raise ImproperlyConfigured("SECRET_KEY must be set in production.")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
if not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS must be set in production (comma-separated host names).")

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    raise ImproperlyConfigured(
        "Production does not run on SQLite: set DATABASE_URL to a PostgreSQL database "
        "(e.g. postgres://shrhub@db:5432/shrhub)."
    )
PER_PROCESS_CACHES = {
    "django.core.cache.backends.locmem.LocMemCache",
    "django.core.cache.backends.dummy.DummyCache",
}
if CACHES["default"]["BACKEND"] in PER_PROCESS_CACHES:  # noqa: F405
    # Login lockout, API throttling and the role permission cache must be the same for every worker: with a
    # per-process cache each worker counts on its own (an attacker gets N times the attempts) and a role change
    # reaches other workers only when their copy expires.
    raise ImproperlyConfigured(
        "Production needs a cache shared by every worker: set REDIS_URL (e.g. redis://redis:6379/0). "
        f"{CACHES['default']['BACKEND']} keeps lockout, throttling and permission counts per process."  # noqa: F405
    )

if not os.environ.get("EMAIL_URL"):
    # Digests and reminders are mail: in production they must leave, not be printed to a console.
    raise ImproperlyConfigured("EMAIL_URL must be set in production (e.g. smtp://user:password@mail:587/?tls=True).")

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
CSRF_COOKIE_HTTPONLY = True
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    "attachments": attachments_storage(),
}

# A second factor is mandatory for these roles unless the environment says otherwise (an empty value: none).
OTP_REQUIRED_ROLES = env_list("OTP_REQUIRED_ROLES", "manager,administrator")
