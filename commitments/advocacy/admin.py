"""Admin of the case for the VPs, for administrators; every change is audited with its author. Imported by
``commitments.admin`` (the module Django's admin discovers)."""

from __future__ import annotations

from django.contrib import admin

from shrhub.admin import DomainAdmin

from ..models import Advocacy, ArgumentPut, BenefitArgument, CommitmentAssessment


@admin.register(BenefitArgument)
class BenefitArgumentAdmin(DomainAdmin):
    list_display = ("name", "benefit", "retired")
    list_filter = ("benefit", "retired")
    search_fields = ("name", "case")


@admin.register(Advocacy)
class AdvocacyAdmin(DomainAdmin):
    list_display = ("__str__", "engagement", "response")
    list_filter = ("standard", "response")
    raw_id_fields = ("engagement", "agency")


@admin.register(ArgumentPut)
class ArgumentPutAdmin(DomainAdmin):
    list_display = ("__str__", "advocacy", "response")
    list_filter = ("response",)
    raw_id_fields = ("advocacy", "argument")


@admin.register(CommitmentAssessment)
class CommitmentAssessmentAdmin(DomainAdmin):
    list_display = ("stakeholder", "level", "assessed_on", "author")
    list_filter = ("level",)
    raw_id_fields = ("stakeholder", "engagements", "agreements")
