"""One FilterSet per registry list, shared by its page and its API endpoint."""

from __future__ import annotations

import django_filters
from django import forms
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from practices.models import Practice
from shrhub import clock
from shrhub.filtersets import (
    DomainFilterSet,
    JurisdictionTreeFilter,
    MineFilter,
    active_users,
    any_of,
    by_id,
    visible,
)
from shrhub.models import JurisdictionLevel

from .choices import Confidence, EngagementKind, RelationshipKind, RoundStatus, Sector, StakeholderKind, Stance
from .models import (
    VPS_PARTICIPANT_SECTORS,
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

SCORES = [(n, str(n)) for n in range(1, 6)]


STANCE_PERMISSION = "stakeholders.view_stance"


class StakeholderFilterSet(DomainFilterSet):
    search_fields = ("name", "short_name", "mandate", "description")
    search_documents = ("search_vector",)
    restricted_filters = {"stance": STANCE_PERMISSION}
    restricted_orderings = {"stance": STANCE_PERMISSION}
    kind = django_filters.ChoiceFilter(choices=StakeholderKind.choices)
    sector = any_of(Sector.choices)
    level = any_of(JurisdictionLevel.choices)
    jurisdiction = JurisdictionTreeFilter(field_name="jurisdiction_id")
    parent = by_id(Stakeholder, filters={"kind": StakeholderKind.ORGANISATION}, label=_("Part of"))
    stance = any_of(Stance.choices, field_name="seen_assessment__stance", label=_("Current stance"))
    influence_min = django_filters.TypedChoiceFilter(
        field_name="seen_assessment__influence",
        lookup_expr="gte",
        choices=SCORES,
        coerce=int,
        label=_("Influence at least"),
    )
    assessed = django_filters.BooleanFilter(
        field_name="seen_assessment", lookup_expr="isnull", exclude=True, label=_("Has an assessment")
    )
    vulnerable_group = django_filters.ModelChoiceFilter(
        field_name="vulnerable_groups", queryset=VulnerableGroup.objects.all(), label=_("Represents")
    )
    mandate_area = django_filters.ModelChoiceFilter(
        field_name="mandate_areas", queryset=MandateArea.objects.all(), label=_("Mandate area")
    )
    relationship_owner = django_filters.ModelChoiceFilter(
        queryset=active_users, widget=forms.HiddenInput, label=_("Relationship owner")
    )
    mine = MineFilter(field_name="relationship_owner", label=_("My stakeholders"))
    vps_participant = django_filters.ChoiceFilter(
        choices=[("true", _("Yes")), ("false", _("No")), ("unknown", _("Not known yet"))],
        method="filter_vps_participant",
        label=_("In the Voluntary Principles (embassies' governments, companies)"),
    )
    ordering = django_filters.OrderingFilter(
        fields=(
            ("name", "name"),
            ("sector", "sector"),
            ("level", "level"),
            ("seen_assessment__stance", "stance"),
            ("seen_assessment__influence", "influence"),
            ("seen_assessment__assessed_on", "assessed"),
            ("updated_at", "updated"),
        )
    )

    class Meta:
        model = Stakeholder
        fields = [
            "q",
            "kind",
            "sector",
            "level",
            "jurisdiction",
            "parent",
            "stance",
            "influence_min",
            "assessed",
            "vulnerable_group",
            "mandate_area",
            "relationship_owner",
            "mine",
            "vps_participant",
            "updated_since",
        ]

    def filter_vps_participant(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        """``true``/``false``: embassies whose government takes part (or not) and companies that are members (or
        not); ``unknown``: the embassies and companies nobody has recorded it for yet (for others it does not
        apply)."""
        if value == "unknown":
            return queryset.filter(vps_participant__isnull=True, sector__in=sorted(VPS_PARTICIPANT_SECTORS))
        if value in ("true", "false"):
            return queryset.filter(vps_participant=value == "true")
        return queryset


class PositionFilterSet(DomainFilterSet):
    search_fields = ("title", "organisation__name", "description")
    organisation = by_id(Stakeholder, filters={"kind": StakeholderKind.ORGANISATION}, label=_("Organisation"))
    jurisdiction = JurisdictionTreeFilter(field_name="organisation__jurisdiction_id")
    is_key = django_filters.BooleanFilter(label=_("Key position"))
    vacant = django_filters.BooleanFilter(method="filter_vacant", label=_("Vacant"))
    ordering = django_filters.OrderingFilter(
        fields=(("title", "title"), ("organisation__name", "organisation"), ("updated_at", "updated"))
    )

    class Meta:
        model = Position
        fields = ["q", "organisation", "jurisdiction", "is_key", "vacant", "updated_since"]

    def filter_vacant(self, queryset: QuerySet, name: str, value: bool | None) -> QuerySet:
        if value is None:
            return queryset
        occupied = Tenure.objects.filter(ended_on__isnull=True).values("position_id")
        return queryset.exclude(pk__in=occupied) if value else queryset.filter(pk__in=occupied)


class TenureFilterSet(DomainFilterSet):
    search_fields = ("position__title", "holder__name", "notes")
    position = by_id(Position, label=_("Position"))
    holder = by_id(Stakeholder, filters={"kind": StakeholderKind.PERSON}, label=_("Holder"))
    current = django_filters.BooleanFilter(field_name="ended_on", lookup_expr="isnull", label=_("Current"))
    ordering = django_filters.OrderingFilter(
        fields=(("started_on", "started"), ("ended_on", "ended"), ("updated_at", "updated"))
    )

    class Meta:
        model = Tenure
        fields = ["q", "position", "holder", "current", "updated_since"]


class AssessmentFilterSet(DomainFilterSet):
    search_fields = ("stakeholder__name", "economic_agenda", "social_agenda", "formal_role", "notes")
    search_documents = ("search_vector", ("stakeholder__search_vector", "A"))  # A: the stakeholder's names
    restricted_filters = {"stance": STANCE_PERMISSION}
    restricted_orderings = {"stance": STANCE_PERMISSION}
    stakeholder = by_id(Stakeholder, label=_("Stakeholder"))
    mapping_round = django_filters.ModelChoiceFilter(queryset=visible(MappingRound), label=_("Mapping round"))
    jurisdiction = JurisdictionTreeFilter(field_name="stakeholder__jurisdiction_id")
    stance = any_of(Stance.choices)
    confidence = django_filters.ChoiceFilter(choices=Confidence.choices)
    source = django_filters.ModelChoiceFilter(field_name="sources", queryset=InformationSource.objects.all())
    assessed_after = django_filters.DateFilter(field_name="assessed_on", lookup_expr="gte")
    assessed_before = django_filters.DateFilter(field_name="assessed_on", lookup_expr="lte")
    current = django_filters.BooleanFilter(method="filter_current", label=_("Current view only"))
    review_overdue = django_filters.BooleanFilter(method="filter_review_overdue", label=_("Overdue for review"))
    ordering = django_filters.OrderingFilter(
        fields=(
            ("assessed_on", "assessed"),
            ("stakeholder__name", "stakeholder"),
            ("stance", "stance"),
            ("influence", "influence"),
            ("interest", "interest"),
            ("updated_at", "updated"),
        )
    )

    class Meta:
        model = Assessment
        fields = [
            "q",
            "stakeholder",
            "mapping_round",
            "jurisdiction",
            "stance",
            "confidence",
            "source",
            "assessed_after",
            "assessed_before",
            "current",
            "review_overdue",
            "updated_since",
        ]

    def filter_current(self, queryset: QuerySet, name: str, value: bool | None) -> QuerySet:
        if value is None:
            return queryset
        # The assessments that are current for this reader (never a newer one they may not see).
        user = getattr(self.request, "user", None)
        current = Stakeholder.objects.visible_to(user).filter(seen_assessment__isnull=False).values("seen_assessment")  # type: ignore[misc]  # seen_assessment: the relation visible_to() adds
        return queryset.filter(pk__in=current) if value else queryset.exclude(pk__in=current)

    def filter_review_overdue(self, queryset: QuerySet, name: str, value: bool | None) -> QuerySet:
        if value is None:
            return queryset
        from .selectors import review_overdue_q

        overdue = review_overdue_q()
        return queryset.filter(overdue) if value else queryset.exclude(overdue)


class MappingRoundFilterSet(DomainFilterSet):
    search_fields = ("name", "scope")
    jurisdiction = JurisdictionTreeFilter(field_name="jurisdiction_id")
    status = django_filters.ChoiceFilter(choices=RoundStatus.choices)
    ordering = django_filters.OrderingFilter(
        fields=(("started_on", "started"), ("name", "name"), ("review_due_on", "review"), ("updated_at", "updated"))
    )

    class Meta:
        model = MappingRound
        fields = ["q", "jurisdiction", "status", "updated_since"]


class MappingAnswerFilterSet(DomainFilterSet):
    search_fields = ("answer",)
    mapping_round = by_id(MappingRound, label=_("Mapping round"))

    class Meta:
        model = MappingAnswer
        fields = ["q", "mapping_round", "updated_since"]


class RelationshipFilterSet(DomainFilterSet):
    search_fields = ("source__name", "target__name", "notes")
    source = by_id(Stakeholder, label=_("From"))
    target = by_id(Stakeholder, label=_("To"))
    stakeholder = by_id(Stakeholder, method="filter_stakeholder", label=_("Either end"))
    kind = any_of(RelationshipKind.choices)
    ordering = django_filters.OrderingFilter(
        fields=(("source__name", "source"), ("target__name", "target"), ("kind", "kind"), ("updated_at", "updated"))
    )

    class Meta:
        model = Relationship
        fields = ["q", "source", "target", "stakeholder", "kind", "updated_since"]

    def filter_stakeholder(self, queryset: QuerySet, name: str, value: Stakeholder | None) -> QuerySet:
        return queryset.filter(Q(source=value) | Q(target=value)) if value else queryset


class EngagementFilterSet(DomainFilterSet):
    search_fields = ("title", "summary", "topics", "outcome", "follow_ups")
    search_documents = ("search_vector",)
    kind = any_of(EngagementKind.choices)
    jurisdiction = JurisdictionTreeFilter(field_name="jurisdiction_id")
    stakeholder = by_id(Stakeholder, field_name="stakeholders", label=_("Stakeholder"))
    practice = by_id(Practice, field_name="practices", label=_("Practice"))
    occurred_after = django_filters.DateFilter(field_name="occurred_on", lookup_expr="gte")
    occurred_before = django_filters.DateFilter(field_name="occurred_on", lookup_expr="lte")
    follow_up_overdue = django_filters.BooleanFilter(method="filter_follow_up_overdue", label=_("Follow-up overdue"))
    ordering = django_filters.OrderingFilter(
        fields=(("occurred_on", "occurred"), ("title", "title"), ("kind", "kind"), ("updated_at", "updated"))
    )

    class Meta:
        model = Engagement
        fields = [
            "q",
            "kind",
            "jurisdiction",
            "stakeholder",
            "practice",
            "occurred_after",
            "occurred_before",
            "follow_up_overdue",
            "updated_since",
        ]

    def filter_follow_up_overdue(self, queryset: QuerySet, name: str, value: bool | None) -> QuerySet:
        if value is None:
            return queryset
        overdue = Q(follow_up_due_on__lt=clock.today())
        return queryset.filter(overdue) if value else queryset.exclude(overdue)
