"""Registry pages."""

from django.urls import path

from shrhub.routing import crud_urls

from . import views
from .insights.urls import page_urlpatterns

app_name = "stakeholders"


def _model(prefix: str, name: str, cls: str) -> list:
    return crud_urls(
        prefix,
        name,
        list_view=getattr(views, f"{cls}ListView"),
        detail_view=getattr(views, f"{cls}DetailView"),
        edit_view=getattr(views, f"{cls}EditView"),
        delete_view=getattr(views, f"{cls}DeleteView"),
        history_view=getattr(views, f"{cls}HistoryView"),
    )


urlpatterns = [
    *_model("stakeholders", "stakeholder", "Stakeholder"),
    path("stakeholders/<int:pk>/personal-data/", views.PersonExportView.as_view(), name="person_export"),
    path("stakeholders/<int:pk>/erase/", views.PersonEraseView.as_view(), name="person_erase"),
    path(
        "stakeholders/<int:pk>/erase/redact/<str:label>/<int:id>/",
        views.PersonRedactView.as_view(),
        name="person_redact",
    ),
    *_model("positions", "position", "Position"),
    *_model("tenures", "tenure", "Tenure"),
    *_model("assessments", "assessment", "Assessment"),
    *_model("mapping-rounds", "mappinground", "MappingRound"),
    *_model("relationships", "relationship", "Relationship"),
    *_model("engagements", "engagement", "Engagement"),
    *page_urlpatterns,
]
