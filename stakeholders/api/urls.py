"""Registry endpoints, registered under /api/v1/ by config.api_urls: viewsets in ``ROUTES``, the manager
views' API twins (``/api/v1/insights/...``) in ``urlpatterns``."""

from ..insights.urls import api_urlpatterns
from .views import (
    AssessmentViewSet,
    EngagementViewSet,
    MappingAnswerViewSet,
    MappingRoundViewSet,
    PositionViewSet,
    RelationshipViewSet,
    StakeholderViewSet,
    TenureViewSet,
)

ROUTES = [
    ("stakeholders", StakeholderViewSet, "stakeholder"),
    ("positions", PositionViewSet, "position"),
    ("tenures", TenureViewSet, "tenure"),
    ("assessments", AssessmentViewSet, "assessment"),
    ("mapping-rounds", MappingRoundViewSet, "mappinground"),
    ("mapping-answers", MappingAnswerViewSet, "mappinganswer"),
    ("relationships", RelationshipViewSet, "relationship"),
    ("engagements", EngagementViewSet, "engagement"),
]

urlpatterns = api_urlpatterns
