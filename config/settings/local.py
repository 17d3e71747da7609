"""Local development: DEBUG on, SQLite unless DATABASE_URL says otherwise, a throwaway key."""

import os

from .base import *  # noqa: F403

DEBUG = os.environ.get("DEBUG", "true").lower() in {"1", "true", "yes", "on"}
SECRET_KEY = SECRET_KEY or "local-development-key-not-for-production"  # noqa: F405

# Serve static files straight from the source folders (no collectstatic needed).
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
