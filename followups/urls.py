"""Follow-up pages, mounted at /follow-ups/."""

from django.urls import path

from shrhub.routing import model_urls

from . import views

app_name = "followups"


urlpatterns = [
    *model_urls(views, "items", "followup", "FollowUp"),
    path("items/<int:pk>/progress/", views.FollowUpProgressCreateView.as_view(), name="followup_progress"),
]
