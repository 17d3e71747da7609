"""The API router: each app lists its viewsets in ``<app>/api/urls.py`` as ``ROUTES``, and any other
endpoints (plain API views) as ``urlpatterns`` beside them."""

from importlib import import_module

from django.conf import settings
from django.urls import URLPattern, URLResolver
from rest_framework.routers import DefaultRouter

from shrhub.jurisdictions import JurisdictionViewSet

router = DefaultRouter()
router.register("jurisdictions", JurisdictionViewSet, basename="jurisdiction")

extra_patterns: list[URLPattern | URLResolver] = []
for app in (
    "practices",
    "stakeholders",
    "workinggroups",
    "followups",
    "commitments",
    "analysis",
    "documents",
    "notifications",
):
    if app in settings.INSTALLED_APPS:
        module = import_module(f"{app}.api.urls")
        for prefix, viewset, basename in getattr(module, "ROUTES", []):
            router.register(prefix, viewset, basename=basename)
        extra_patterns += getattr(module, "urlpatterns", [])

urlpatterns = extra_patterns + router.urls
