"""Situation analysis and risk register endpoints, registered under /api/v1/ by config.api_urls."""

from .views import (
    CoordinationRiskViewSet,
    FindingViewSet,
    MitigationProgressViewSet,
    MitigationViewSet,
    SituationAnalysisViewSet,
)

ROUTES = [
    ("situation-analyses", SituationAnalysisViewSet, "situationanalysis"),
    ("findings", FindingViewSet, "finding"),
    ("coordination-risks", CoordinationRiskViewSet, "coordinationrisk"),
    ("mitigations", MitigationViewSet, "mitigation"),
    ("mitigation-progress", MitigationProgressViewSet, "mitigationprogress"),
]
