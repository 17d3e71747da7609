"""Situation analysis, risk register and legal framework endpoints, registered under /api/v1/ by config.api_urls."""

from .legal_views import (
    ActionPlanViewSet,
    IhlAssessmentViewSet,
    InitiativeCommitmentViewSet,
    InstrumentStatusViewSet,
    InstrumentViewSet,
    NationalLawViewSet,
)
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
    ("national-laws", NationalLawViewSet, "nationallaw"),
    ("instruments", InstrumentViewSet, "instrument"),
    ("instrument-statuses", InstrumentStatusViewSet, "instrumentstatus"),
    ("ihl-assessments", IhlAssessmentViewSet, "ihlassessment"),
    ("action-plans", ActionPlanViewSet, "actionplan"),
    ("initiative-commitments", InitiativeCommitmentViewSet, "initiativecommitment"),
]
