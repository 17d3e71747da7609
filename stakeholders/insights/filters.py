"""The filters every manager view shares, and the ``Scope`` they resolve to.

The FilterSet is the registry's ``StakeholderFilterSet`` narrowed to what the manager views offer
(jurisdiction with everything under it, level, sector) plus the mapping round, so that a page, its exports
and its API twin read the same parameters the same way.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import Any
from urllib.parse import urlencode

import django_filters
from django import forms
from django.db.models import OuterRef, QuerySet, Subquery
from django.utils.translation import gettext_lazy as _

from shrhub import clock
from shrhub.filtersets import JurisdictionTreeFilter, visible
from shrhub.models import Jurisdiction, JurisdictionLevel

from ..choices import Sector
from ..filtersets import StakeholderFilterSet
from ..models import Assessment, MappingRound, Stakeholder

DEFAULT_WINDOW_DAYS = 90


class InvalidFilters(Exception):
    """The filters did not validate; ``errors`` maps each parameter to its messages."""

    def __init__(self, errors: Mapping[str, list[str]], filterset: Any = None) -> None:
        super().__init__("invalid filters")
        self.filterset = filterset
        self.errors = {key: [str(message) for message in messages] for key, messages in errors.items()}


class IntegerFilter(django_filters.Filter):
    field_class = forms.IntegerField


def _keep(queryset: QuerySet, name: str, value: Any) -> QuerySet:
    """Parameters that choose what is read (a round, a window), not which stakeholders are in scope."""
    return queryset


class InsightFilterSet(StakeholderFilterSet):
    """Jurisdiction (with everything under it), level, sector and mapping round.

    Without a round, each stakeholder is read through its current assessment; with one, through its latest
    assessment made in that round (stakeholders the round did not assess count as not assessed).
    """

    # The registry list's other filters are not offered here.
    q = kind = parent = stance = influence_min = assessed = vulnerable_group = mandate_area = None
    relationship_owner = mine = vps_participant = None  # type: ignore[assignment]  # not offered here either
    updated_since = ordering = None
    level = django_filters.MultipleChoiceFilter(choices=JurisdictionLevel.choices, widget=forms.CheckboxSelectMultiple)
    sector = django_filters.MultipleChoiceFilter(choices=Sector.choices, widget=forms.SelectMultiple(attrs={"size": 6}))
    mapping_round = django_filters.ModelChoiceFilter(
        queryset=visible(MappingRound), method=_keep, label=_("Mapping round"), empty_label=_("Current assessments")
    )

    class Meta:
        model = Stakeholder
        fields = ["jurisdiction", "level", "sector", "mapping_round"]


class JurisdictionChainFilter(JurisdictionTreeFilter):
    """A jurisdiction, everything under it and the jurisdictions above it: the national ministry belongs to
    the coordination picture of every region."""

    def filter(self, qs: QuerySet, value: Jurisdiction | None) -> QuerySet:
        if not value:
            return qs
        ids = value.descendant_ids() + [ancestor.pk for ancestor in value.ancestors()]
        return qs.filter(**{f"{self.field_name}__in": ids})


class CoordinationFilterSet(InsightFilterSet):
    """The shared filters, with the jurisdiction's chain upwards kept, and the engagement window in days."""

    jurisdiction = JurisdictionChainFilter(
        field_name="jurisdiction_id", label=_("Jurisdiction (with everything under and above it)")
    )
    days = IntegerFilter(method=_keep, label=_("Engagement window (days)"), min_value=1, max_value=730, required=False)

    class Meta(InsightFilterSet.Meta):
        fields = ["jurisdiction", "level", "sector", "mapping_round", "days"]


class CoverageFilterSet(InsightFilterSet):
    """The shared filters and the window (days) in which a key position's new holder should have been met."""

    days = IntegerFilter(method=_keep, label=_("Window (days)"), min_value=1, max_value=730, required=False)

    class Meta(InsightFilterSet.Meta):
        fields = ["jurisdiction", "level", "sector", "mapping_round", "days"]


class RoundChangesFilterSet(InsightFilterSet):
    """The shared filters without a single round: two rounds to compare instead (defaults: the latest round
    and the one before it over the same jurisdiction)."""

    mapping_round = None
    before = django_filters.ModelChoiceFilter(queryset=visible(MappingRound), method=_keep, label=_("Earlier round"))
    after = django_filters.ModelChoiceFilter(queryset=visible(MappingRound), method=_keep, label=_("Later round"))

    class Meta(InsightFilterSet.Meta):
        fields = ["jurisdiction", "level", "sector", "before", "after"]


FILTER_KEYS = ("jurisdiction", "level", "sector", "mapping_round", "days", "before", "after")


@dataclass
class Scope:
    """What a manager view looks at: the stakeholders the user may see that match the filters, and which
    assessment stands for each of them (current, or the latest of a mapping round)."""

    user: Any
    filterset: InsightFilterSet
    stakeholders: QuerySet[Stakeholder]
    jurisdiction: Jurisdiction | None = None
    levels: tuple[str, ...] = ()
    sectors: tuple[str, ...] = ()
    mapping_round: MappingRound | None = None
    today: datetime.date = field(default_factory=clock.today)
    options: dict[str, Any] = field(default_factory=dict)
    query: str = ""

    def assessments(self) -> QuerySet[Assessment]:
        """One assessment per assessed stakeholder in scope: its current one, or its latest in the round."""
        readable = Assessment.objects.visible_to(self.user)
        if self.mapping_round is None:
            current = self.stakeholders.filter(seen_assessment__isnull=False).values("seen_assessment")  # type: ignore[misc]  # seen_assessment: the relation visible_to() adds
            return readable.filter(pk__in=current)
        latest = (
            Assessment.objects.filter(stakeholder=OuterRef("stakeholder"), mapping_round=self.mapping_round)
            .order_by("-assessed_on", "-id")
            .values("pk")[:1]
        )
        return readable.filter(
            mapping_round=self.mapping_round, stakeholder__in=self.stakeholders.values("pk"), pk=Subquery(latest)
        )

    def includes_level(self, level: str) -> bool:
        return not self.levels or level in self.levels

    def link(self, path: str, **extra: Any) -> str:
        """``path`` with the scope's own filters (and ``extra``) as its query string."""
        query = self.query
        if extra:
            more = urlencode([(k, v) for k, v in extra.items() if v not in (None, "")], doseq=True)
            query = f"{query}&{more}" if query and more else (query or more)
        return f"{path}?{query}" if query else path

    def list_link(self, path: str, **extra: Any) -> str:
        """A registry list filtered like this scope (jurisdiction, level, sector), plus ``extra``."""
        pairs: list[tuple[str, Any]] = []
        if self.jurisdiction is not None:
            pairs.append(("jurisdiction", self.jurisdiction.pk))
        pairs += [("level", level) for level in self.levels]
        pairs += [("sector", sector) for sector in self.sectors]
        pairs += [(k, v) for k, v in extra.items() if v not in (None, "")]
        return f"{path}?{urlencode(pairs)}" if pairs else path


def _params(data: Mapping[str, Any] | None) -> dict[str, list[str]]:
    """Only the filter parameters, as lists (a QueryDict or a plain dict)."""
    if not data:
        return {}
    out: dict[str, list[str]] = {}
    for key in FILTER_KEYS:
        if hasattr(data, "getlist"):
            values = [v for v in data.getlist(key) if v != ""]
        else:
            raw = data.get(key)
            values = [str(v) for v in (raw if isinstance(raw, list | tuple) else [raw]) if v not in (None, "")]
        if values:
            out[key] = values
    return out


def resolve_scope(
    *,
    user: Any,
    data: Mapping[str, Any] | None = None,
    filterset_class: type[InsightFilterSet] = InsightFilterSet,
    request: Any = None,
    today: datetime.date | None = None,
) -> Scope:
    """Validate the filters against what ``user`` may see and return the scope; raises ``InvalidFilters``.

    Costs a fixed number of queries (the jurisdiction subtree is at most three levels deep).
    """
    params = {key: values for key, values in _params(data).items() if key in filterset_class.base_filters}
    form_data: dict[str, Any] = {key: values if len(values) > 1 else values[0] for key, values in params.items()}
    for multi in ("level", "sector"):
        if multi in params:
            form_data[multi] = params[multi]
    base = Stakeholder.objects.visible_to(user)
    filterset = filterset_class(form_data, queryset=base, request=request or SimpleNamespace(user=user))
    if not filterset.is_valid():
        raise InvalidFilters(filterset.errors, filterset)
    cleaned = filterset.form.cleaned_data
    options = {
        key: cleaned.get(key) for key in ("days", "before", "after") if key in filterset.filters and cleaned.get(key)
    }
    pairs = [(key, value) for key, values in params.items() for value in values]
    return Scope(
        user=user,
        filterset=filterset,
        stakeholders=filterset.qs.order_by(),
        jurisdiction=cleaned.get("jurisdiction"),
        levels=tuple(cleaned.get("level") or ()),
        sectors=tuple(cleaned.get("sector") or ()),
        mapping_round=cleaned.get("mapping_round") if "mapping_round" in filterset.filters else None,
        today=today or clock.today(),
        options=options,
        query=urlencode(pairs),
    )
