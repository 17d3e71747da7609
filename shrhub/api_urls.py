"""The API router: each app lists its viewsets in ``<app>/api/urls.py`` as ``ROUTES``."""

from importlib import import_module

from django.conf import settings
from rest_framework.routers import DefaultRouter

from .jurisdictions import JurisdictionViewSet

router = DefaultRouter()
router.register("jurisdictions", JurisdictionViewSet, basename="jurisdiction")

for app in ("practices", "stakeholders", "workinggroups"):
    if app in settings.INSTALLED_APPS:
        for prefix, viewset, basename in getattr(import_module(f"{app}.api.urls"), "ROUTES", []):
            router.register(prefix, viewset, basename=basename)

urlpatterns = router.urls
