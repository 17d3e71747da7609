"""Follow-up endpoints, registered under /api/v1/ by config.api_urls."""

from .views import FollowUpProgressViewSet, FollowUpViewSet

ROUTES = [
    ("follow-ups", FollowUpViewSet, "followup"),
    ("follow-up-progress", FollowUpProgressViewSet, "followupprogress"),
]
