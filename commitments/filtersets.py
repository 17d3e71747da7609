"""One FilterSet per agreements list, shared by its page and its API endpoint."""

from __future__ import annotations

import django_filters
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from followups.filtersets import OwnedItemFilterSet
from shrhub.filtersets import (
    DomainFilterSet,
    JurisdictionTreeFilter,
    MineFilter,
    active_users,
    any_of,
    by_id,
    visible,
)
from shrhub.models import Jurisdiction, JurisdictionLevel
from stakeholders.models import Engagement, Stakeholder
from workinggroups.models import Meeting, WorkingGroup

from .choices import LIVE_AGREEMENT_STATUSES, AgreementKind, AgreementStatus, InformMeans, Process, RolloutState
from .models import Agreement, Audience, Obligation, ObligationProgress, Rollout


class AgreementFilterSet(DomainFilterSet):
    """Agreements by kind, status, level, jurisdiction, party, standards, evidence, and those whose roll-out has a
    gap (a body not aware or contradicting, or nobody listed under a live agreement above the local level)."""

    search_fields = ("title", "summary", "other_standards")
    kind = any_of(AgreementKind.choices, label=_("Kind"))
    status = any_of(AgreementStatus.choices, label=_("Status"))
    live = django_filters.BooleanFilter(method="filter_live", label=_("In force or breached"))
    level = any_of(JurisdictionLevel.choices, field_name="jurisdiction__level", label=_("Reached at level"))
    jurisdiction = JurisdictionTreeFilter(field_name="jurisdiction_id")
    party = by_id(Stakeholder, field_name="parties", label=_("Party"))
    incorporates_vps = django_filters.BooleanFilter(label=_("Incorporates the VPs"))
    meeting = by_id(Meeting, field_name="meetings", label=_("Meeting"))
    engagement = by_id(Engagement, field_name="engagements", label=_("Engagement"))
    rollout_gap = django_filters.BooleanFilter(method="filter_rollout_gap", label=_("Roll-out has a gap"))
    made_after = django_filters.DateFilter(field_name="made_on", lookup_expr="gte", label=_("Made from"))
    made_before = django_filters.DateFilter(field_name="made_on", lookup_expr="lte", label=_("Made until"))
    ordering = django_filters.OrderingFilter(
        fields=(("made_on", "made"), ("title", "title"), ("status", "status"), ("updated_at", "updated"))
    )

    class Meta:
        model = Agreement
        fields = [
            "q",
            "kind",
            "status",
            "live",
            "level",
            "jurisdiction",
            "party",
            "incorporates_vps",
            "meeting",
            "engagement",
            "rollout_gap",
            "made_after",
            "made_before",
            "updated_since",
        ]

    def filter_live(self, queryset: QuerySet, name: str, value: bool | None) -> QuerySet:
        if value is None:
            return queryset
        live = Q(status__in=sorted(LIVE_AGREEMENT_STATUSES))
        return queryset.filter(live) if value else queryset.exclude(live)

    def filter_rollout_gap(self, queryset: QuerySet, name: str, value: bool | None) -> QuerySet:
        """Counts the roll-out rows the reader may see only (a hidden body neither opens nor closes a gap)."""
        if value is None:
            return queryset
        rows = Rollout.objects.visible_to(self.request.user if self.request else None).filter(agreement=OuterRef("pk"))
        lagging = Exists(rows.filter(state__in=[RolloutState.UNAWARE, RolloutState.CONTRADICTING]))
        unlisted = (
            Q(status__in=sorted(LIVE_AGREEMENT_STATUSES))
            & ~Q(jurisdiction__level=JurisdictionLevel.LOCAL)
            & ~Exists(rows)
        )
        gap = Q(lagging) | unlisted
        return queryset.filter(gap) if value else queryset.exclude(gap)


class ObligationFilterSet(OwnedItemFilterSet):
    """Obligations under agreements: the tracker's filters, by agreement, by the stakeholder that owns them."""

    search_fields = ("description",)
    agreement = by_id(Agreement, label=_("Agreement"))
    owner_stakeholder = by_id(Stakeholder, label=_("Owner (stakeholder)"))

    class Meta:
        model = Obligation
        fields = ["q", "agreement", "owner_stakeholder", *OwnedItemFilterSet.TRACKER_FIELDS, "updated_since"]


class ObligationProgressFilterSet(DomainFilterSet):
    search_fields = ("note",)
    obligation = by_id(Obligation, label=_("Obligation"))
    agreement = by_id(Agreement, field_name="obligation__agreement", label=_("Agreement"))
    ordering = django_filters.OrderingFilter(fields=(("created_at", "created"), ("updated_at", "updated")))

    class Meta:
        model = ObligationProgress
        fields = ["q", "obligation", "agreement", "updated_since"]


class RolloutFilterSet(DomainFilterSet):
    """Roll-out rows: by agreement, body, state, the body's level and jurisdiction."""

    search_fields = ("evidence",)
    agreement = by_id(Agreement, label=_("Agreement"))
    body = by_id(Stakeholder, label=_("Body"))
    state = any_of(RolloutState.choices, label=_("State"))
    level = any_of(JurisdictionLevel.choices, field_name="body__level", label=_("Body's level"))
    jurisdiction = JurisdictionTreeFilter(field_name="body__jurisdiction_id")
    ordering = django_filters.OrderingFilter(fields=(("as_of", "as_of"), ("state", "state"), ("updated_at", "updated")))

    class Meta:
        model = Rollout
        fields = ["q", "agreement", "body", "state", "level", "jurisdiction", "updated_since"]


class AudienceFilterSet(DomainFilterSet):
    """Who is kept informed of what: by process and its record, by means, overdue, never informed, by who informs
    them ("mine"). ``overdue`` and ``never_informed`` read the selector's dates, which count only the engagements
    the reader may see."""

    search_fields = ("stakeholder__name", "notes")
    process = any_of(Process.choices, label=_("Process"))
    country = django_filters.ModelChoiceFilter(
        queryset=Jurisdiction.objects.filter(level=JurisdictionLevel.NATIONAL), label=_("Country")
    )
    working_group = django_filters.ModelChoiceFilter(queryset=visible(WorkingGroup), label=_("Working group"))
    agreement = django_filters.ModelChoiceFilter(queryset=visible(Agreement), label=_("Agreement"))
    stakeholder = by_id(Stakeholder, label=_("Kept informed"))
    means = any_of(InformMeans.choices, label=_("By"))
    overdue = django_filters.BooleanFilter(field_name="overdue", label=_("Overdue"))
    never_informed = django_filters.BooleanFilter(
        field_name="last_informed_on", lookup_expr="isnull", label=_("Never informed")
    )
    owner = django_filters.ModelChoiceFilter(queryset=active_users, label=_("Who informs them"))
    mine = MineFilter(field_name="owner", label=_("Mine (I inform them)"))
    ordering = django_filters.OrderingFilter(
        fields=(
            ("next_due_on", "due"),
            ("stakeholder__name", "name"),
            ("every_days", "every"),
            ("updated_at", "updated"),
        )
    )

    class Meta:
        model = Audience
        fields = [
            "q",
            "process",
            "country",
            "working_group",
            "agreement",
            "stakeholder",
            "means",
            "overdue",
            "never_informed",
            "owner",
            "mine",
            "updated_since",
        ]
