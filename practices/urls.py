"""Catalogue and adoption pages, under /practices/."""

from django.urls import path

from shrhub.routing import model_urls

from . import views

app_name = "practices"

urlpatterns = [
    path("", views.CatalogueHomeView.as_view(), name="catalogue"),
    path("challenges/<str:ref>/", views.ChallengeDetailView.as_view(), name="challenge_detail"),
    path("search/", views.PracticeListView.as_view(), name="practice_list"),
    path("items/<slug:key>/", views.PracticeDetailView.as_view(), name="practice_detail"),
    path("case-studies/", views.CaseStudyListView.as_view(), name="case_study_list"),
    path("methods/", views.MethodListView.as_view(), name="method_list"),
    path("methods/<slug:key>/", views.MethodDetailView.as_view(), name="method_detail"),
    path("references/", views.ReferenceListView.as_view(), name="reference_list"),
    path("references/<slug:key>/", views.ReferenceDetailView.as_view(), name="reference_detail"),
    *model_urls(views, "adoptions", "adoption", "Adoption"),
    path("adoptions/<int:pk>/review/", views.AdoptionReviewView.as_view(), name="adoption_review"),
    path("progress/", views.ProgressIndexView.as_view(), name="progress_index"),
    path("progress/<int:pk>/", views.ProgressDetailView.as_view(), name="progress_detail"),
]
