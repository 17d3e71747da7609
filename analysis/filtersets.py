"""One FilterSet per list of the situation analyses and the risk register, shared by its page and its API."""

from __future__ import annotations

import django_filters
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from commitments.models import Agreement
from followups.filtersets import OwnedItemFilterSet
from practices.models import Practice
from shrhub import clock
from shrhub.filtersets import DomainFilterSet, JurisdictionTreeFilter, MineFilter, active_users, any_of, by_id
from shrhub.filtersets import visible as visible_choices
from shrhub.models import LEVEL_RANK, JurisdictionLevel
from stakeholders.models import MandateArea, Stakeholder, VulnerableGroup

from .choices import LIVE_RISK_STATUSES, AnalysisStatus, Confidence, Impact, Likelihood, Pestles, RiskStatus
from .models import CoordinationRisk, Finding, Mitigation, MitigationProgress, SituationAnalysis


class SituationAnalysisFilterSet(DomainFilterSet):
    search_fields = ("title", "summary", "formal_systems", "informal_systems")
    jurisdiction = JurisdictionTreeFilter(field_name="jurisdiction_id")
    status = any_of(AnalysisStatus.choices, label=_("Status"))
    latest = django_filters.BooleanFilter(method="filter_latest", label=_("Latest edition only"))
    review_due = django_filters.BooleanFilter(method="filter_review_due", label=_("Review due"))
    stakeholder = by_id(Stakeholder, field_name="stakeholders", label=_("Stakeholder"))
    ordering = django_filters.OrderingFilter(
        fields=(("as_of", "as_of"), ("review_on", "review"), ("edition", "edition"), ("updated_at", "updated"))
    )

    class Meta:
        model = SituationAnalysis
        fields = ["q", "jurisdiction", "status", "latest", "review_due", "stakeholder", "updated_since"]

    def filter_latest(self, queryset: QuerySet, name: str, value: bool | None) -> QuerySet:
        if value is None:
            return queryset
        revised = Q(revisions__isnull=False)
        return queryset.exclude(revised) if value else queryset.filter(revised).distinct()

    def filter_review_due(self, queryset: QuerySet, name: str, value: bool | None) -> QuerySet:
        if value is None:
            return queryset
        due = Q(review_on__lte=clock.today(), revisions__isnull=True)
        return queryset.filter(due) if value else queryset.exclude(due)


class FindingFilterSet(DomainFilterSet):
    search_fields = ("text", "other_sources")
    analysis = by_id(SituationAnalysis, label=_("Analysis"))
    heading = any_of(Pestles.choices, label=_("Heading"))
    confidence = any_of(Confidence.choices, label=_("Confidence"))
    stakeholder = by_id(Stakeholder, field_name="stakeholders", label=_("Stakeholder"))
    ordering = django_filters.OrderingFilter(fields=(("heading", "heading"), ("updated_at", "updated")))

    class Meta:
        model = Finding
        fields = ["q", "analysis", "heading", "confidence", "stakeholder", "updated_since"]


class CoordinationRiskFilterSet(DomainFilterSet):
    """The risk register: by jurisdiction (and under it), level, area, status, rating, owner, review."""

    search_fields = ("title", "challenge", "affected", "harm", "other_area")
    jurisdiction = JurisdictionTreeFilter(field_name="jurisdiction_id")
    level = django_filters.MultipleChoiceFilter(
        choices=JurisdictionLevel.choices, method="filter_level", label=_("Level concerned")
    )
    area = django_filters.ModelChoiceFilter(queryset=visible_choices(MandateArea), label=_("Risk area"))
    status = any_of(RiskStatus.choices, label=_("Status"))
    live = django_filters.BooleanFilter(method="filter_live", label=_("Open or being mitigated"))
    likelihood = any_of(Likelihood.choices, label=_("Likelihood"))
    impact = any_of(Impact.choices, label=_("Impact"))
    min_score = django_filters.NumberFilter(field_name="score_value", lookup_expr="gte", label=_("Score at least"))
    owner = django_filters.ModelChoiceFilter(queryset=active_users, label=_("Owner"))
    mine = MineFilter(field_name="owner", label=_("Mine (I own it)"))
    review_due = django_filters.BooleanFilter(method="filter_review_due", label=_("Review due"))
    vulnerable_group = django_filters.ModelChoiceFilter(
        queryset=visible_choices(VulnerableGroup), field_name="vulnerable_groups", label=_("Vulnerable group")
    )
    stakeholder = by_id(Stakeholder, field_name="stakeholders", label=_("Stakeholder"))
    agreement = by_id(Agreement, field_name="agreements", label=_("Agreement"))
    practice = by_id(Practice, field_name="practices", label=_("Practice"))
    analysis = by_id(SituationAnalysis, label=_("Analysis"))
    ordering = django_filters.OrderingFilter(
        fields=(
            ("score_value", "score"),
            ("review_on", "review"),
            ("title", "title"),
            ("status", "status"),
            ("updated_at", "updated"),
        )
    )

    class Meta:
        model = CoordinationRisk
        fields = [
            "q",
            "jurisdiction",
            "level",
            "area",
            "status",
            "live",
            "likelihood",
            "impact",
            "min_score",
            "owner",
            "mine",
            "review_due",
            "vulnerable_group",
            "stakeholder",
            "agreement",
            "practice",
            "analysis",
            "updated_since",
        ]

    def filter_level(self, queryset: QuerySet, name: str, value: list[str]) -> QuerySet:
        """Risks whose span of levels includes any of those chosen (national → local spans all three)."""
        if not value:
            return queryset
        condition = Q()
        for level in value:
            rank = LEVEL_RANK[level]
            upper = [name for name, r in LEVEL_RANK.items() if r <= rank]
            lower = [name for name, r in LEVEL_RANK.items() if r >= rank]
            condition |= Q(upper_level__in=upper, lower_level__in=lower)
        return queryset.filter(condition)

    def filter_live(self, queryset: QuerySet, name: str, value: bool | None) -> QuerySet:
        if value is None:
            return queryset
        live = Q(status__in=sorted(LIVE_RISK_STATUSES))
        return queryset.filter(live) if value else queryset.exclude(live)

    def filter_review_due(self, queryset: QuerySet, name: str, value: bool | None) -> QuerySet:
        if value is None:
            return queryset
        due = Q(review_on__lte=clock.today()) & ~Q(status=RiskStatus.CLOSED)
        return queryset.filter(due) if value else queryset.exclude(due)


class MitigationFilterSet(OwnedItemFilterSet):
    search_fields = ("description",)
    risk = by_id(CoordinationRisk, label=_("Risk"))

    class Meta:
        model = Mitigation
        fields = ["q", "risk", *OwnedItemFilterSet.TRACKER_FIELDS, "updated_since"]


class MitigationProgressFilterSet(DomainFilterSet):
    search_fields = ("note",)
    mitigation = by_id(Mitigation, label=_("Mitigation"))
    risk = by_id(CoordinationRisk, field_name="mitigation__risk", label=_("Risk"))
    ordering = django_filters.OrderingFilter(fields=(("created_at", "created"), ("updated_at", "updated")))

    class Meta:
        model = MitigationProgress
        fields = ["q", "mitigation", "risk", "updated_since"]
