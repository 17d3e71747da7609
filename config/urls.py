"""Root URLs: the foundation app's pages, each app's pages, the API under /api/v1/ with its schema, and the
admin."""

from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

urlpatterns = [
    path("admin/", admin.site.urls),
    path("", include("shrhub.urls")),
    path("", include("stakeholders.urls")),
    path("practices/", include("practices.urls")),
    path("working-groups/", include("workinggroups.urls")),
    path("follow-ups/", include("followups.urls")),
    path("agreements/", include("commitments.urls")),
    path("analysis/", include("analysis.urls")),
    path("", include("documents.urls")),
    path("", include("notifications.urls")),
    path("api/v1/", include("config.api_urls")),
    path("api/v1/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/v1/docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
    # No ReDoc: its bundle loads a logo from cdn.redoc.ly (hard-coded) and its page fonts from Google; the product
    # must run offline and send nothing to other hosts. Swagger UI (above) serves the same schema.
]

# The API answers its errors in JSON even when Django refuses a request before any API view runs.
handler400 = "shrhub.errors.bad_request"
handler403 = "shrhub.errors.permission_denied"
handler404 = "shrhub.errors.page_not_found"
handler500 = "shrhub.errors.server_error"
