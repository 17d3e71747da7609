"""Situation analysis and risk register admin for administrators; every change is audited with its author.
Progress notes and finding reviews are read-only."""

from __future__ import annotations

from django.contrib import admin

from shrhub.admin import DomainAdmin, ReadOnlyAdmin

from .models import CoordinationRisk, Finding, FindingReview, Mitigation, MitigationProgress, SituationAnalysis


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
