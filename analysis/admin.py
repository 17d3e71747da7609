"""Situation analysis, risk register and legal framework admin for administrators; every change is audited with
its author. Progress notes and finding reviews are read-only."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from shrhub.admin import DomainAdmin, ReadOnlyAdmin

from .models import (
    ActionPlan,
    CoordinationRisk,
    Finding,
    FindingReview,
    IhlAssessment,
    InitiativeCommitment,
    Instrument,
    InstrumentStatus,
    Mitigation,
    MitigationProgress,
    NationalLaw,
    SituationAnalysis,
)


@admin.register(SituationAnalysis)
class SituationAnalysisAdmin(DomainAdmin):
    list_display = ("title", "jurisdiction", "edition", "as_of", "status", "confidentiality")
    list_filter = ("status", "confidentiality")
    search_fields = ("title", "summary")
    raw_id_fields = ("stakeholders",)


@admin.register(Finding)
class FindingAdmin(DomainAdmin):
    list_display = ("__str__", "analysis", "heading", "confidence")
    list_filter = ("heading", "confidence")
    raw_id_fields = ("analysis", "stakeholders")


@admin.register(CoordinationRisk)
class CoordinationRiskAdmin(DomainAdmin):
    list_display = ("title", "jurisdiction", "likelihood", "impact", "owner", "status", "review_on")
    list_filter = ("status", "area", "confidentiality")
    search_fields = ("title", "challenge", "affected", "harm")
    raw_id_fields = ("stakeholders", "agreements", "analysis")


@admin.register(Mitigation)
class MitigationAdmin(DomainAdmin):
    list_display = ("__str__", "risk", "owner", "due_on", "status")
    list_filter = ("status",)
    raw_id_fields = ("risk",)


@admin.register(MitigationProgress)
class MitigationProgressAdmin(ReadOnlyAdmin):
    list_display = ("__str__", "mitigation", "new_status", "author", "created_at")


@admin.register(FindingReview)
class FindingReviewAdmin(ReadOnlyAdmin):
    list_display = ("key", "decision", "reviewed_by", "updated_at")


# The legal framework. Instruments are reference data: seeded, and added here by administrators (regional ones);
# pages and the API only read them.


@admin.register(Instrument)
class InstrumentAdmin(admin.ModelAdmin):
    list_display = ("short_name", "name", "code", "area", "adopted_in", "order")
    list_filter = ("area",)
    search_fields = ("code", "name", "short_name")

    def has_delete_permission(self, request: HttpRequest, obj: Any | None = None) -> bool:
        return False  # statuses point at them; seeded rows are never removed


class LegalEntryAdmin(DomainAdmin):
    list_filter = ("country", "verified_on")
    raw_id_fields = ("experts",)


@admin.register(NationalLaw)
class NationalLawAdmin(LegalEntryAdmin):
    list_display = ("title", "reference", "country", "area", "verified_on")
    search_fields = ("title", "reference", "summary")


@admin.register(InstrumentStatus)
class InstrumentStatusAdmin(LegalEntryAdmin):
    list_display = ("instrument", "country", "state", "since", "verified_on")


@admin.register(IhlAssessment)
class IhlAssessmentAdmin(LegalEntryAdmin):
    list_display = ("__str__", "country", "assessed_on", "verified_on")


@admin.register(ActionPlan)
class ActionPlanAdmin(LegalEntryAdmin):
    list_display = ("title", "country", "status", "adopted_on", "verified_on")


@admin.register(InitiativeCommitment)
class InitiativeCommitmentAdmin(LegalEntryAdmin):
    list_display = ("__str__", "country", "since", "verified_on")
