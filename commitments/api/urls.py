"""Agreement endpoints, registered under /api/v1/ by config.api_urls."""

from .views import AgreementViewSet, AudienceViewSet, ObligationProgressViewSet, ObligationViewSet, RolloutViewSet

ROUTES = [
    ("agreements", AgreementViewSet, "agreement"),
    ("obligations", ObligationViewSet, "obligation"),
    ("obligation-progress", ObligationProgressViewSet, "obligationprogress"),
    ("rollouts", RolloutViewSet, "rollout"),
    ("audiences", AudienceViewSet, "audience"),
]
