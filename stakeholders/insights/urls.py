"""Pages of the manager views (appended to ``stakeholders.urls``) and their API twins (included under
``/api/v1/insights/`` by ``stakeholders.api.urls``), one pair per declaration of ``MANAGER_VIEWS``."""

from __future__ import annotations

from django.urls import URLPattern, path

from . import api, views
from .manager_views import MANAGER_VIEWS

page_urlpatterns: list[URLPattern] = []
for view in MANAGER_VIEWS:
    page = views.PAGES[view.key]
    page_urlpatterns += [
        path(f"insights/{view.key}/", page.as_view(), name=view.page_name),
        path(f"insights/{view.key}/<slug:name>.<str:fmt>", page.as_view(), name=view.export_name),
    ]

api_urlpatterns: list[URLPattern] = [
    *(path(f"insights/{view.key}/", api.TWINS[view.key].as_view(), name=view.api_route) for view in MANAGER_VIEWS),
    path("insights/warnings/", api.WarningsAPIView.as_view(), name="insights-warnings"),
]
