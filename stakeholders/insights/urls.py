"""Pages of the manager views (appended to ``stakeholders.urls``) and their API twins (included under
``/api/v1/insights/`` by ``stakeholders.api.urls``)."""

from __future__ import annotations

from django.urls import URLPattern, path

from . import api, views

PAGES = [
    ("map", views.ChampionMapView),
    ("changes", views.RoundChangesView),
    ("network", views.NetworkView),
    ("coordination", views.CoordinationView),
    ("coverage", views.CoverageView),
]

page_urlpatterns: list[URLPattern] = []
for key, view in PAGES:
    page_urlpatterns += [
        path(f"insights/{key}/", view.as_view(), name=f"insights_{key}"),
        path(f"insights/{key}/<slug:name>.<str:fmt>", view.as_view(), name=f"insights_{key}_export"),
    ]

api_urlpatterns: list[URLPattern] = [
    path("insights/map/", api.ChampionMapAPIView.as_view(), name="insights-map"),
    path("insights/changes/", api.RoundChangesAPIView.as_view(), name="insights-changes"),
    path("insights/network/", api.NetworkAPIView.as_view(), name="insights-network"),
    path("insights/coordination/", api.CoordinationAPIView.as_view(), name="insights-coordination"),
    path("insights/coverage/", api.CoverageAPIView.as_view(), name="insights-coverage"),
    path("insights/warnings/", api.WarningsAPIView.as_view(), name="insights-warnings"),
]
