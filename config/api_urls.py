"""The API router: each of the project's apps with an ``api/urls.py`` lists its viewsets there as ``ROUTES``, and
any other endpoints (plain API views) as ``urlpatterns`` beside them; they are found, not listed here."""

from importlib import import_module
from pathlib import Path

from django.apps import apps
from django.urls import URLPattern, URLResolver
from rest_framework.routers import DefaultRouter

from shrhub.jurisdictions import JurisdictionViewSet

router = DefaultRouter()
router.register("jurisdictions", JurisdictionViewSet, basename="jurisdiction")

extra_patterns: list[URLPattern | URLResolver] = []
for config in apps.get_app_configs():  # the project's apps, in INSTALLED_APPS order
    if config.name == "shrhub" or not (Path(config.path) / "api" / "urls.py").is_file():
        continue
    module = import_module(f"{config.name}.api.urls")
    for prefix, viewset, basename in getattr(module, "ROUTES", []):
        router.register(prefix, viewset, basename=basename)
    extra_patterns += getattr(module, "urlpatterns", [])

urlpatterns = extra_patterns + router.urls
