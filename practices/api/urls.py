"""Catalogue and adoption endpoints, registered under /api/v1/ by config.api_urls."""

from .views import (
    AdoptionViewSet,
    ChallengeViewSet,
    EditionViewSet,
    MappingQuestionViewSet,
    MethodViewSet,
    PracticeViewSet,
    ReferenceViewSet,
)

ROUTES = [
    ("editions", EditionViewSet, "edition"),
    ("challenges", ChallengeViewSet, "challenge"),
    ("practices", PracticeViewSet, "practice"),
    ("references", ReferenceViewSet, "reference"),
    ("methods", MethodViewSet, "method"),
    ("mapping-questions", MappingQuestionViewSet, "mappingquestion"),
    ("adoptions", AdoptionViewSet, "adoption"),
]
