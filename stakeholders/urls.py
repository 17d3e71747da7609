"""Registry pages."""

from django.urls import path

from shrhub.routing import model_urls

from . import views
from .insights.urls import page_urlpatterns

app_name = "stakeholders"


urlpatterns = [
    *model_urls(views, "stakeholders", "stakeholder", "Stakeholder"),
    path("stakeholders/<int:pk>/personal-data/", views.PersonExportView.as_view(), name="person_export"),
    path("stakeholders/<int:pk>/erase/", views.PersonEraseView.as_view(), name="person_erase"),
    path(
        "stakeholders/<int:pk>/erase/redact/<str:label>/<int:id>/",
        views.PersonRedactView.as_view(),
        name="person_redact",
    ),
    *model_urls(views, "positions", "position", "Position"),
    *model_urls(views, "tenures", "tenure", "Tenure"),
    *model_urls(views, "assessments", "assessment", "Assessment"),
    *model_urls(views, "mapping-rounds", "mappinground", "MappingRound"),
    *model_urls(views, "relationships", "relationship", "Relationship"),
    *model_urls(views, "engagements", "engagement", "Engagement"),
    *page_urlpatterns,
]
