"""The case for the VPs' pages, mounted under /agreements/ by ``commitments.urls``."""

from django.urls import path

from shrhub.routing import model_urls

from . import views

urlpatterns = [
    *model_urls(views, "arguments", "benefitargument", "BenefitArgument"),
    *model_urls(views, "advocacy", "advocacy", "Advocacy"),
    *model_urls(views, "commitment", "commitmentassessment", "CommitmentAssessment"),
    path("readiness/", views.readiness_view, name="readiness"),
]
