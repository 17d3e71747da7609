"""Agreement pages, mounted at /agreements/."""

from django.urls import path

from shrhub.routing import model_urls

from . import views
from .advocacy import urls as advocacy_urls

app_name = "commitments"

urlpatterns = [
    *model_urls(views, "items", "agreement", "Agreement"),
    path("items/<int:pk>/rollout/suggested/", views.RolloutSuggestView.as_view(), name="rollout_suggest"),
    *model_urls(views, "obligations", "obligation", "Obligation"),
    path("obligations/<int:pk>/progress/", views.ObligationProgressCreateView.as_view(), name="obligation_progress"),
    *model_urls(views, "rollout", "rollout", "Rollout"),
    *advocacy_urls.urlpatterns,
    path("audiences/proposed/", views.AudienceProposedView.as_view(), name="audience_proposed"),
    *model_urls(views, "audiences", "audience", "Audience"),
]
