"""One FilterSet per list of the legal framework, shared by its page and its API: by country, by what the entry
is (area, status, initiative), by when it was last verified, and a search."""

from __future__ import annotations

import datetime

import django_filters
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from shrhub.filtersets import DomainFilterSet, any_of, search_words
from shrhub.filtersets import visible as visible_choices
from shrhub.models import Jurisdiction, JurisdictionLevel

from .choices import IhlApplies, Initiative, InstrumentState, LawArea, PlanStatus
from .models import ActionPlan, IhlAssessment, InitiativeCommitment, Instrument, InstrumentStatus, NationalLaw

ENTRY_FIELDS = ["q", "country", "not_verified_since"]


class LegalEntryFilterSet(DomainFilterSet):
    """What every list of the legal framework filters on."""

    country = django_filters.ModelChoiceFilter(
        queryset=visible_choices(Jurisdiction, level=JurisdictionLevel.NATIONAL), label=_("Country")
    )
    not_verified_since = django_filters.DateFilter(
        method="filter_not_verified_since", label=_("Not verified since (never verified included)")
    )

    def filter_not_verified_since(self, queryset: QuerySet, name: str, value: datetime.date | None) -> QuerySet:
        if value is None:
            return queryset
        return queryset.filter(Q(verified_on__lt=value) | Q(verified_on__isnull=True))


def _ordering(*extra: tuple[str, str]) -> django_filters.OrderingFilter:
    return django_filters.OrderingFilter(fields=(*extra, ("verified_on", "verified"), ("updated_at", "updated")))


class NationalLawFilterSet(LegalEntryFilterSet):
    search_fields = ("title", "reference", "summary", "vps_connection")
    area = any_of(LawArea.choices, label=_("Area"))
    ordering = _ordering(("title", "title"), ("area", "area"))

    class Meta:
        model = NationalLaw
        fields = [*ENTRY_FIELDS, "area", "updated_since"]


class InstrumentStatusFilterSet(LegalEntryFilterSet):
    search_fields = ("instrument__name", "instrument__short_name", "notes")
    state = any_of(InstrumentState.choices, label=_("Status"))
    area = any_of(LawArea.choices, field_name="instrument__area", label=_("Area"))
    instrument = django_filters.ModelChoiceFilter(queryset=Instrument.objects.all(), label=_("Instrument"))
    ordering = _ordering(("instrument__order", "instrument"), ("since", "since"))

    class Meta:
        model = InstrumentStatus
        fields = [*ENTRY_FIELDS, "state", "area", "instrument", "updated_since"]


class IhlAssessmentFilterSet(LegalEntryFilterSet):
    search_fields = ("reasoning", "areas")
    applies = any_of(IhlApplies.choices, label=_("International humanitarian law"))
    current = django_filters.BooleanFilter(field_name="is_current", label=_("Current assessment only"))
    ordering = _ordering(("assessed_on", "assessed"))

    class Meta:
        model = IhlAssessment
        fields = [*ENTRY_FIELDS, "applies", "current", "updated_since"]


class ActionPlanFilterSet(LegalEntryFilterSet):
    search_fields = ("title", "summary", "security_elements")
    status = any_of(PlanStatus.choices, label=_("Status"))
    ordering = _ordering(("adopted_on", "adopted"), ("title", "title"))

    class Meta:
        model = ActionPlan
        fields = [*ENTRY_FIELDS, "status", "updated_since"]


class InitiativeCommitmentFilterSet(LegalEntryFilterSet):
    search_fields = ("other_initiative", "commitments")
    initiative = any_of(Initiative.choices, label=_("Initiative"))
    ordering = _ordering(("initiative", "initiative"), ("since", "since"))

    class Meta:
        model = InitiativeCommitment
        fields = [*ENTRY_FIELDS, "initiative", "updated_since"]


class InstrumentFilterSet(django_filters.FilterSet):
    """The seeded international instruments (reference data, not versioned: no ``updated_since``)."""

    q = django_filters.CharFilter(method="filter_search", label=_("Search"))
    area = any_of(LawArea.choices, label=_("Area"))

    class Meta:
        model = Instrument
        fields = ["q", "area"]

    def filter_search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        for word in search_words(value):
            queryset = queryset.filter(
                Q(name__icontains=word) | Q(short_name__icontains=word) | Q(code__icontains=word)
            )
        return queryset
