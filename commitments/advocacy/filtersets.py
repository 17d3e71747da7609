"""One FilterSet per list of the case for the VPs, shared by its page and its API endpoint."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import Exists, OuterRef, QuerySet, Subquery
from django.utils.translation import gettext_lazy as _

from shrhub.filtersets import DomainFilterSet, JurisdictionTreeFilter, any_of, by_id
from shrhub.models import JurisdictionLevel
from stakeholders.choices import Sector
from stakeholders.models import Engagement, Stakeholder

from ..choices import Benefit, CommitmentLevel, Response, Standard
from ..models import Advocacy, ArgumentPut, BenefitArgument, CommitmentAssessment


class BenefitArgumentFilterSet(DomainFilterSet):
    """The team's arguments by benefit, and whether still offered."""

    search_fields = ("name", "case")
    benefit = any_of(Benefit.choices, label=_("Benefit"))
    retired = django_filters.BooleanFilter(label=_("Retired"))
    ordering = django_filters.OrderingFilter(
        fields=(("name", "name"), ("benefit", "benefit"), ("updated_at", "updated"))
    )

    class Meta:
        model = BenefitArgument
        fields = ["q", "benefit", "retired", "updated_since"]


class AdvocacyFilterSet(DomainFilterSet):
    """Standards raised: by the agency's country or jurisdiction (with everything under it) and level, the agency,
    the engagement, the standard, the overall response, an argument put (and how that argument was received), and
    the engagement's date."""

    search_fields = ("response_notes", "other_standard", "agency__name", "engagement__title")
    jurisdiction = JurisdictionTreeFilter(field_name="agency__jurisdiction_id")
    level = any_of(JurisdictionLevel.choices, field_name="agency__level", label=_("Agency's level"))
    agency = by_id(Stakeholder, label=_("Agency"))
    engagement = by_id(Engagement, label=_("Engagement"))
    standard = any_of(Standard.choices, label=_("Standard raised"))
    response = any_of(Response.choices, label=_("Overall response"))
    argument = by_id(BenefitArgument, field_name="arguments__argument", label=_("Argument put"))
    argument_response = django_filters.MultipleChoiceFilter(
        choices=Response.choices, method="filter_argument_response", label=_("Response to the argument")
    )
    raised_after = django_filters.DateFilter(
        field_name="engagement__occurred_on", lookup_expr="gte", label=_("Raised from")
    )
    raised_before = django_filters.DateFilter(
        field_name="engagement__occurred_on", lookup_expr="lte", label=_("Raised until")
    )
    ordering = django_filters.OrderingFilter(
        fields=(
            ("engagement__occurred_on", "raised"),
            ("agency__name", "agency"),
            ("response", "response"),
            ("updated_at", "updated"),
        )
    )

    class Meta:
        model = Advocacy
        fields = [
            "q",
            "jurisdiction",
            "level",
            "agency",
            "engagement",
            "standard",
            "response",
            "argument",
            "argument_response",
            "raised_after",
            "raised_before",
            "updated_since",
        ]

    def filter_argument_response(self, queryset: QuerySet, name: str, value: list[str]) -> QuerySet:
        """Standards raised where an argument got one of these responses; with ``argument``, that argument did (a
        cell of the arguments × response table)."""
        if not value:
            return queryset
        puts = ArgumentPut.objects.filter(advocacy=OuterRef("pk"), response__in=value)
        argument = self.form.cleaned_data.get("argument")
        if argument is not None:
            puts = puts.filter(argument=argument)
        return queryset.filter(Exists(puts))


class CommitmentAssessmentFilterSet(DomainFilterSet):
    """Commitment assessments by level, current only, the stakeholder, its jurisdiction (with everything under it),
    its level of government and sector, and the date assessed."""

    search_fields = ("evidence", "stakeholder__name")
    level = any_of(CommitmentLevel.choices, label=_("Commitment"))
    current = django_filters.BooleanFilter(method="filter_current", label=_("Current only"))
    stakeholder = by_id(Stakeholder, label=_("Stakeholder"))
    jurisdiction = JurisdictionTreeFilter(field_name="stakeholder__jurisdiction_id")
    government_level = any_of(JurisdictionLevel.choices, field_name="stakeholder__level", label=_("Level"))
    sector = any_of(Sector.choices, field_name="stakeholder__sector", label=_("Sector"))
    assessed_after = django_filters.DateFilter(field_name="assessed_on", lookup_expr="gte", label=_("Assessed from"))
    assessed_before = django_filters.DateFilter(field_name="assessed_on", lookup_expr="lte", label=_("Assessed until"))
    ordering = django_filters.OrderingFilter(
        fields=(("assessed_on", "assessed"), ("level", "level"), ("updated_at", "updated"))
    )

    class Meta:
        model = CommitmentAssessment
        fields = [
            "q",
            "level",
            "current",
            "stakeholder",
            "jurisdiction",
            "government_level",
            "sector",
            "assessed_after",
            "assessed_before",
            "updated_since",
        ]

    def filter_current(self, queryset: QuerySet, name: str, value: Any) -> QuerySet:
        """``true``: each stakeholder's latest assessment only; ``false``: the earlier ones."""
        if value is None:
            return queryset
        latest = CommitmentAssessment.objects.filter(stakeholder=OuterRef("stakeholder")).order_by(
            "-assessed_on", "-id"
        )
        condition = {"pk": Subquery(latest.values("pk")[:1])}
        return queryset.filter(**condition) if value else queryset.exclude(**condition)
