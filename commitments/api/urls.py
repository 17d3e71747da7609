"""Agreement endpoints, registered under /api/v1/ by config.api_urls."""

from django.urls import path

from ..advocacy.api import AdvocacyViewSet, BenefitArgumentViewSet, CommitmentAssessmentViewSet, ReadinessAPIView
from .views import AgreementViewSet, AudienceViewSet, ObligationProgressViewSet, ObligationViewSet, RolloutViewSet

ROUTES = [
    ("agreements", AgreementViewSet, "agreement"),
    ("obligations", ObligationViewSet, "obligation"),
    ("obligation-progress", ObligationProgressViewSet, "obligationprogress"),
    ("rollouts", RolloutViewSet, "rollout"),
    ("benefit-arguments", BenefitArgumentViewSet, "benefitargument"),
    ("advocacy", AdvocacyViewSet, "advocacy"),
    ("commitment-assessments", CommitmentAssessmentViewSet, "commitmentassessment"),
    ("audiences", AudienceViewSet, "audience"),
]

urlpatterns = [path("readiness/", ReadinessAPIView.as_view(), name="readiness")]
