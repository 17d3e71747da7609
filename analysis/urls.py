"""Situation analysis, risk register and legal framework pages, mounted at /analysis/."""

from django.urls import path

from shrhub.routing import model_urls

from . import legal_views, views

app_name = "analysis"

urlpatterns = [
    *model_urls(views, "situation", "situationanalysis", "SituationAnalysis"),
    path("situation/<int:pk>/approve/", views.SituationAnalysisApproveView.as_view(), name="situationanalysis_approve"),
    path("situation/<int:pk>/revise/", views.SituationAnalysisReviseView.as_view(), name="situationanalysis_revise"),
    path("situation/<int:pk>/compare/", views.SituationAnalysisCompareView.as_view(), name="situationanalysis_compare"),
    *model_urls(views, "findings", "finding", "Finding"),
    *model_urls(views, "risks", "coordinationrisk", "CoordinationRisk"),
    path("risks/export/<str:fmt>/", views.RiskRegisterExportView.as_view(), name="risk_register_export"),
    *model_urls(views, "mitigations", "mitigation", "Mitigation"),
    path("mitigations/<int:pk>/progress/", views.MitigationProgressCreateView.as_view(), name="mitigation_progress"),
    path("proposals/", views.ProposalListView.as_view(), name="proposal_list"),
    path("proposals/register/", views.ProposalRegisterView.as_view(), name="proposal_register"),
    path("proposals/dismiss/", views.ProposalDismissView.as_view(), name="proposal_dismiss"),
    # The legal framework: the countries, one country's mapping, its short report, and each kind of entry.
    path("legal/", legal_views.LegalCountryListView.as_view(), name="legal_countries"),
    path("legal/<int:pk>/", legal_views.LegalFrameworkView.as_view(), name="legal_framework"),
    path("legal/<int:pk>/report/", legal_views.LegalReportView.as_view(), name="legal_report"),
    *model_urls(legal_views, "legal/laws", "nationallaw", "NationalLaw"),
    *model_urls(legal_views, "legal/instruments", "instrumentstatus", "InstrumentStatus"),
    *model_urls(legal_views, "legal/ihl", "ihlassessment", "IhlAssessment"),
    *model_urls(legal_views, "legal/action-plans", "actionplan", "ActionPlan"),
    *model_urls(legal_views, "legal/initiatives", "initiativecommitment", "InitiativeCommitment"),
]
