"""Document pages, under /documents/."""

from django.urls import path

from shrhub.routing import model_urls

from . import views

app_name = "documents"

urlpatterns = [
    *model_urls(views, "documents", "attachment", "Attachment"),
    path("documents/<int:pk>/download/", views.AttachmentDownloadView.as_view(), name="attachment_download"),
]
