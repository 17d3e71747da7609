"""The product's URLs plus the baseline views the benchmark compares them with."""

from django.urls import path

from config.urls import urlpatterns as product_urlpatterns

from . import views

urlpatterns = [
    path("bench/baseline/stakeholders/", views.stakeholder_baseline, name="bench-baseline-stakeholders"),
    path("bench/baseline/engagements/", views.engagement_baseline, name="bench-baseline-engagements"),
    *product_urlpatterns,
]
