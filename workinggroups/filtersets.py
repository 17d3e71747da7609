"""One FilterSet per working-group list, shared by its page and its API endpoint."""

from __future__ import annotations

from typing import Any

import django_filters
from django import forms
from django.contrib.auth.models import User
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from practices.models import Practice
from shrhub.filtersets import DomainFilterSet, JurisdictionTreeFilter, active_users, by_id, visible
from stakeholders.models import Stakeholder

from .choices import (
    OPEN_ACTION_STATUSES,
    ActionStatus,
    AttendanceStatus,
    Constituency,
    GroupStatus,
    MeetingStatus,
    MemberRole,
)
from .models import (
    ActionItem,
    ActionProgress,
    AgendaItem,
    Attendance,
    Guest,
    KeyIssue,
    Meeting,
    Membership,
    MinutesAmendment,
    WorkingGroup,
)


def group_filter(field_name: str = "group", **kwargs: Any) -> django_filters.ModelChoiceFilter:
    """A select of the groups the user may see (groups are few)."""
    return django_filters.ModelChoiceFilter(
        field_name=field_name, queryset=visible(WorkingGroup), label=kwargs.pop("label", _("Working group")), **kwargs
    )


class WorkingGroupFilterSet(DomainFilterSet):
    """Filters and sorts groups, including by the health figures of ``selectors.with_health``."""

    search_fields = ("name", "purpose")
    jurisdiction = JurisdictionTreeFilter(field_name="jurisdiction_id")
    status = django_filters.MultipleChoiceFilter(choices=GroupStatus.choices)
    meeting_overdue = django_filters.BooleanFilter(label=_("Overdue for a meeting"))
    has_overdue_actions = django_filters.BooleanFilter(method="filter_overdue_actions", label=_("Has overdue actions"))
    ordering = django_filters.OrderingFilter(
        fields=(
            ("name", "name"),
            ("next_due_on", "next_due"),
            ("last_held_at", "last_held"),
            ("attendance_rate", "attendance"),
            ("open_actions", "open_actions"),
            ("overdue_actions", "overdue_actions"),
            ("completion_rate", "completion"),
            ("updated_at", "updated"),
        )
    )

    class Meta:
        model = WorkingGroup
        fields = ["q", "jurisdiction", "status", "meeting_overdue", "has_overdue_actions", "updated_since"]

    def filter_overdue_actions(self, queryset: QuerySet, name: str, value: bool | None) -> QuerySet:
        if value is None:
            return queryset
        return queryset.filter(overdue_actions__gt=0) if value else queryset.filter(overdue_actions=0)


class MembershipFilterSet(DomainFilterSet):
    search_fields = ("stakeholder__name", "user__username", "user__first_name", "user__last_name", "notes")
    group = group_filter()
    stakeholder = by_id(Stakeholder, label=_("Stakeholder"))
    user = django_filters.ModelChoiceFilter(queryset=active_users, widget=forms.HiddenInput, label=_("Staff member"))
    constituency = django_filters.MultipleChoiceFilter(choices=Constituency.choices)
    role = django_filters.MultipleChoiceFilter(choices=MemberRole.choices)
    current = django_filters.BooleanFilter(field_name="left_on", lookup_expr="isnull", label=_("Current members"))
    ordering = django_filters.OrderingFilter(
        fields=(
            ("group__name", "group"),
            ("constituency", "constituency"),
            ("role", "role"),
            ("joined_on", "joined"),
            ("left_on", "left"),
            ("updated_at", "updated"),
        )
    )

    class Meta:
        model = Membership
        fields = ["q", "group", "stakeholder", "user", "constituency", "role", "current", "updated_since"]


class MeetingFilterSet(DomainFilterSet):
    search_fields = ("title", "location", "minutes", "decisions", "group__name")
    group = group_filter()
    jurisdiction = JurisdictionTreeFilter(field_name="group__jurisdiction_id")
    status = django_filters.MultipleChoiceFilter(choices=MeetingStatus.choices)
    approved = django_filters.BooleanFilter(
        field_name="approved_at", lookup_expr="isnull", exclude=True, label=_("Minutes approved")
    )
    starts_after = django_filters.DateFilter(field_name="starts_at", lookup_expr="date__gte", label=_("From"))
    starts_before = django_filters.DateFilter(field_name="starts_at", lookup_expr="date__lte", label=_("Until"))
    practice = by_id(Practice, field_name="practices", label=_("Practice"))
    ordering = django_filters.OrderingFilter(
        fields=(
            ("starts_at", "starts"),
            ("group__name", "group"),
            ("status", "status"),
            ("updated_at", "updated"),
        )
    )

    class Meta:
        model = Meeting
        fields = [
            "q",
            "group",
            "jurisdiction",
            "status",
            "approved",
            "starts_after",
            "starts_before",
            "practice",
            "updated_since",
        ]


class AgendaItemFilterSet(DomainFilterSet):
    search_fields = ("title",)
    meeting = by_id(Meeting, label=_("Meeting"))
    ordering = django_filters.OrderingFilter(fields=(("position", "position"), ("updated_at", "updated")))

    class Meta:
        model = AgendaItem
        fields = ["q", "meeting", "updated_since"]


class AttendanceFilterSet(DomainFilterSet):
    search_fields = ("membership__stakeholder__name", "membership__user__username")
    meeting = by_id(Meeting, label=_("Meeting"))
    membership = by_id(Membership, label=_("Member"))
    group = group_filter("meeting__group")
    status = django_filters.MultipleChoiceFilter(choices=AttendanceStatus.choices)
    constituency = django_filters.MultipleChoiceFilter(
        field_name="membership__constituency", choices=Constituency.choices
    )
    ordering = django_filters.OrderingFilter(fields=(("meeting__starts_at", "meeting"), ("updated_at", "updated")))

    class Meta:
        model = Attendance
        fields = ["q", "meeting", "membership", "group", "status", "constituency", "updated_since"]


class GuestFilterSet(DomainFilterSet):
    search_fields = ("name", "organisation")
    meeting = by_id(Meeting, label=_("Meeting"))
    group = group_filter("meeting__group")
    ordering = django_filters.OrderingFilter(fields=(("name", "name"), ("updated_at", "updated")))

    class Meta:
        model = Guest
        fields = ["q", "meeting", "group", "updated_since"]


class KeyIssueFilterSet(DomainFilterSet):
    search_fields = ("text", "raised_by__name")
    meeting = by_id(Meeting, label=_("Meeting"))
    group = group_filter("meeting__group")
    raised_by = by_id(Stakeholder, label=_("Raised by"))
    ordering = django_filters.OrderingFilter(
        fields=(("meeting__starts_at", "meeting"), ("raised_by__name", "raised_by"), ("updated_at", "updated"))
    )

    class Meta:
        model = KeyIssue
        fields = ["q", "meeting", "group", "raised_by", "updated_since"]


class MinutesAmendmentFilterSet(DomainFilterSet):
    search_fields = ("reason", "minutes")
    meeting = by_id(Meeting, label=_("Meeting"))

    class Meta:
        model = MinutesAmendment
        fields = ["q", "meeting", "updated_since"]


class ActionItemFilterSet(DomainFilterSet):
    """The action tracker: open, overdue, by owner, by group."""

    search_fields = ("description",)
    group = group_filter()
    meeting = by_id(Meeting, label=_("Meeting"))
    status = django_filters.MultipleChoiceFilter(choices=ActionStatus.choices)
    open = django_filters.BooleanFilter(method="filter_open", label=_("Open (not done or dropped)"))
    overdue = django_filters.BooleanFilter(field_name="is_overdue_now", label=_("Overdue"))
    owner_membership = by_id(Membership, label=_("Owner (seat)"))
    owner_stakeholder = by_id(Stakeholder, field_name="owner_membership__stakeholder", label=_("Owner"))
    owner_user = django_filters.ModelChoiceFilter(
        queryset=active_users, widget=forms.HiddenInput, method="filter_owner_user", label=_("Owner (staff)")
    )
    due_after = django_filters.DateFilter(field_name="due_on", lookup_expr="gte", label=_("Due from"))
    due_before = django_filters.DateFilter(field_name="due_on", lookup_expr="lte", label=_("Due until"))
    ordering = django_filters.OrderingFilter(
        fields=(
            ("due_on", "due"),
            ("status", "status"),
            ("group__name", "group"),
            ("closed_on", "closed"),
            ("updated_at", "updated"),
        )
    )

    class Meta:
        model = ActionItem
        fields = [
            "q",
            "group",
            "meeting",
            "status",
            "open",
            "overdue",
            "owner_membership",
            "owner_stakeholder",
            "owner_user",
            "due_after",
            "due_before",
            "updated_since",
        ]

    @extend_schema_field(OpenApiTypes.INT)  # an account's id (the method itself receives the account)
    def filter_owner_user(self, queryset: QuerySet, name: str, value: User | None) -> QuerySet:
        """A staff member's actions, whether owned directly or through their seat in a group."""
        return queryset.filter(Q(owner_user=value) | Q(owner_membership__user=value)) if value else queryset

    def filter_open(self, queryset: QuerySet, name: str, value: bool | None) -> QuerySet:
        if value is None:
            return queryset
        statuses = sorted(OPEN_ACTION_STATUSES)
        return queryset.filter(status__in=statuses) if value else queryset.exclude(status__in=statuses)


class ActionProgressFilterSet(DomainFilterSet):
    search_fields = ("note",)
    action = by_id(ActionItem, label=_("Action"))
    group = group_filter("action__group")
    ordering = django_filters.OrderingFilter(fields=(("created_at", "created"), ("updated_at", "updated")))

    class Meta:
        model = ActionProgress
        fields = ["q", "action", "group", "updated_since"]
