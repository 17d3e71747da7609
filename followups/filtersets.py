"""One FilterSet per follow-up list, shared by its page and its API endpoint."""

from __future__ import annotations

import django_filters
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from shrhub.filtersets import DomainFilterSet, MineFilter, active_users, by_id
from stakeholders.models import Engagement, Stakeholder
from workinggroups.choices import OPEN_ACTION_STATUSES

from .models import FollowUp, FollowUpProgress, FollowUpStatus


class OwnedItemFilterSet(DomainFilterSet):
    """The tracker's filters, the same on every owned, dated item (follow-ups, obligations, mitigations): open,
    overdue (the selector's ``is_overdue_now``), mine, by owner, owned, by due date."""

    status = django_filters.MultipleChoiceFilter(choices=FollowUpStatus.choices, label=_("Status"))
    open = django_filters.BooleanFilter(method="filter_open", label=_("Open (not done or dropped)"))
    overdue = django_filters.BooleanFilter(field_name="is_overdue_now", label=_("Overdue"))
    owner = django_filters.ModelChoiceFilter(queryset=active_users, label=_("Owner"))
    mine = MineFilter(field_name="owner", label=_("Mine (I own it)"))
    owned = django_filters.BooleanFilter(
        field_name="owner", lookup_expr="isnull", exclude=True, label=_("Has an owner")
    )
    due_after = django_filters.DateFilter(field_name="due_on", lookup_expr="gte", label=_("Due from"))
    due_before = django_filters.DateFilter(field_name="due_on", lookup_expr="lte", label=_("Due until"))
    ordering = django_filters.OrderingFilter(
        fields=(
            ("due_on", "due"),
            ("status", "status"),
            ("updated_at", "updated"),
        )
    )
    TRACKER_FIELDS = ["status", "open", "overdue", "owner", "mine", "owned", "due_after", "due_before"]

    def filter_open(self, queryset: QuerySet, name: str, value: bool | None) -> QuerySet:
        if value is None:
            return queryset
        statuses = sorted(OPEN_ACTION_STATUSES)
        return queryset.filter(status__in=statuses) if value else queryset.exclude(status__in=statuses)


class FollowUpFilterSet(OwnedItemFilterSet):
    """The follow-up tracker: open, overdue, mine, by owner, by engagement or stakeholder, by due date."""

    search_fields = ("description",)
    engagement = by_id(Engagement, label=_("Engagement"))
    stakeholder = by_id(Stakeholder, field_name="engagement__stakeholders", label=_("Stakeholder"))

    class Meta:
        model = FollowUp
        fields = [
            "q",
            "engagement",
            "stakeholder",
            "status",
            "open",
            "overdue",
            "owner",
            "mine",
            "owned",
            "due_after",
            "due_before",
            "updated_since",
        ]


class FollowUpProgressFilterSet(DomainFilterSet):
    search_fields = ("note",)
    follow_up = by_id(FollowUp, label=_("Follow-up"))
    engagement = by_id(Engagement, field_name="follow_up__engagement", label=_("Engagement"))
    ordering = django_filters.OrderingFilter(fields=(("created_at", "created"), ("updated_at", "updated")))

    class Meta:
        model = FollowUpProgress
        fields = ["q", "follow_up", "engagement", "updated_since"]
