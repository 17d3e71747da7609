"""Document endpoints, registered under /api/v1/ by config.api_urls."""

from .views import AttachmentViewSet

ROUTES = [("documents", AttachmentViewSet, "attachment")]
