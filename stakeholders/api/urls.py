"""Registry endpoints, registered under /api/v1/ by shrhub.api_urls."""

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
