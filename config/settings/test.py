"""Tests: fast hashing, in-memory mail, static files without a manifest."""

import os
import tempfile

from .base import *  # noqa: F403
from .base import STORAGES

SECRET_KEY = "test-key-not-for-production"
DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
ALLOWED_HOSTS = ["*"]
LOGGING = {"version": 1, "disable_existing_loggers": False}

# Serve static files straight from the source folders (no collectstatic needed).
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

# No role must use a second factor unless a test says so (tests/shrhub/test_two_factor.py turns it on).
OTP_REQUIRED_ROLES = []

REST_FRAMEWORK = {**REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {"api": "100000/minute"}}  # noqa: F405

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    # A file, not shared-cache memory: concurrency tests need real locking with a busy timeout.
    tmpfs = "/dev/shm"  # noqa: S108 - a per-process file name below; tmpfs spares the fsync cost
    folder = tmpfs if os.path.isdir(tmpfs) else tempfile.gettempdir()
    DATABASES["default"]["TEST"] = {"NAME": f"{folder}/shrhub-test-{os.getpid()}.sqlite3"}  # noqa: F405

# Documents go to a temporary folder of this test process, never to var/attachments.
ATTACHMENTS_ROOT = tempfile.mkdtemp(prefix="shrhub-attachments-")
_attachments = STORAGES["attachments"]
_options = {**_attachments["OPTIONS"], "location": ATTACHMENTS_ROOT}
STORAGES = {**STORAGES, "attachments": {**_attachments, "OPTIONS": _options}}

# An import's progress: files of this test process (the live server's threads and an in-process worker share them).
CACHES = {
    **CACHES,  # noqa: F405
    "progress": {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": tempfile.mkdtemp(prefix="shrhub-progress-"),
    },
}
