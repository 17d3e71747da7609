"""Benchmark settings: production as deployed, plus the baseline views of ``bench.urls``.

``bench/run.py`` supplies what production requires from the environment (a throwaway ``SECRET_KEY``,
``ALLOWED_HOSTS=127.0.0.1``, ``DATABASE_URL``, ``REDIS_URL``); the requests it sends carry
``X-Forwarded-Proto: https``, as a TLS-terminating proxy's would. Nothing here is loaded by the product.
"""

import os

from config.settings.production import *  # noqa: F403
from config.settings.production import MIDDLEWARE

ROOT_URLCONF = "bench.urls"
# The baseline is open like the health check; every other path keeps the product's login rule.
MIDDLEWARE = [
    "bench.views.LoginRequiredExceptBaseline" if name == "shrhub.middleware.LoginRequiredMiddleware" else name
    for name in MIDDLEWARE
]
STATIC_ROOT = os.environ.get("BENCH_STATIC_ROOT", STATIC_ROOT)  # noqa: F405
# A shared cache as production recommends (throttling, sessions), under a prefix the run can clear.
if os.environ.get("BENCH_REDIS_URL"):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": os.environ["BENCH_REDIS_URL"],
            "KEY_PREFIX": "shrhub-bench",
        }
    }
elif os.environ.get("BENCH_CACHE_DIR"):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": os.environ["BENCH_CACHE_DIR"],
        }
    }
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}
