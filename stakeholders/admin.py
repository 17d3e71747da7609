"""Registry admin for administrators; every change is audited with its author."""

from django.contrib import admin

from shrhub.admin import DomainAdmin

from .models import (
    Assessment,
    Engagement,
    InformationSource,
    MandateArea,
    MappingAnswer,
    MappingRound,
    Position,
    Relationship,
    Stakeholder,
    Tenure,
    VulnerableGroup,
)


@admin.register(Stakeholder)
class StakeholderAdmin(DomainAdmin):
    list_display = ("name", "kind", "sector", "level", "jurisdiction")
    list_filter = ("kind", "sector", "level")
    search_fields = ("name", "short_name")
    autocomplete_fields = ("jurisdiction", "parent")


@admin.register(Position)
class PositionAdmin(DomainAdmin):
    list_display = ("title", "organisation", "is_key")
    search_fields = ("title", "organisation__name")
    autocomplete_fields = ("organisation",)


@admin.register(Tenure)
class TenureAdmin(DomainAdmin):
    list_display = ("holder", "position", "started_on", "ended_on")
    autocomplete_fields = ("holder", "position")


@admin.register(Assessment)
class AssessmentAdmin(DomainAdmin):
    list_display = ("stakeholder", "assessed_on", "stance", "influence", "interest")
    list_filter = ("stance", "confidence")
    autocomplete_fields = ("stakeholder",)


@admin.register(MappingRound)
class MappingRoundAdmin(DomainAdmin):
    list_display = ("name", "jurisdiction", "started_on", "status")
    search_fields = ("name",)


@admin.register(MappingAnswer)
class MappingAnswerAdmin(DomainAdmin):
    list_display = ("mapping_round", "question")


@admin.register(Relationship)
class RelationshipAdmin(DomainAdmin):
    list_display = ("source", "kind", "target")
    autocomplete_fields = ("source", "target")


@admin.register(Engagement)
class EngagementAdmin(DomainAdmin):
    list_display = ("title", "occurred_on", "kind", "jurisdiction")
    list_filter = ("kind",)
    search_fields = ("title",)
    autocomplete_fields = ("stakeholders",)


for vocabulary in (VulnerableGroup, InformationSource, MandateArea):
    admin.site.register(vocabulary, list_display=("name", "code"))
