"""WSGI entry point (gunicorn shrhub.wsgi)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "shrhub.settings.production")
application = get_wsgi_application()
