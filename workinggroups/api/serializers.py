"""Explicit API shapes of the working groups. Writes go through the same services as the pages."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from practices.models import Practice
from shrhub.api.serializers import (
    CONFIDENTIALITY_FIELDS,
    META_FIELDS,
    ConfidentialSerializer,
    DomainSerializer,
    MaskedLinkField,
    UserReferenceField,
    VisibleRelatedField,
)
from shrhub.models import Jurisdiction, user_label
from stakeholders.models import Stakeholder

from ..models import (
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


class AgendaField(serializers.ListField):
    """The agenda as a list of item titles, in order."""

    def get_attribute(self, instance: Meeting) -> list[str]:
        return [item.title for item in instance.agenda_items.all()]


# What ``selectors.with_health`` annotates a group with, in the order the API sends it.
HEALTH_FIGURES = (
    "last_held_at",
    "next_planned_at",
    "next_due_on",
    "meeting_overdue",
    "attended",
    "expected",
    "attendance_rate",
    "vulnerable_represented",
    "vulnerable_attend",
    "civil_society_represented",
    "civil_society_attend",
    "open_actions",
    "overdue_actions",
    "done_actions",
    "completion_rate",
)


class WorkingGroupSerializer(DomainSerializer):
    jurisdiction = VisibleRelatedField(queryset=Jurisdiction.objects.all())
    secretariat = MaskedLinkField(queryset=Membership.objects.all(), allow_null=True, required=False)
    health = serializers.SerializerMethodField()

    class Meta:
        model = WorkingGroup
        fields = [
            "id",
            "name",
            "jurisdiction",
            "purpose",
            "established_on",
            "cadence_days",
            "status",
            "standing_agenda",
            "secretariat",
            "neutral_facilitator",
            "time_zone",
            "health",
            *META_FIELDS,
        ]
        read_only_fields = META_FIELDS

    def get_health(self, obj: WorkingGroup) -> dict[str, Any] | None:
        """The figures of ``selectors.with_health`` (present on lists and reads, not on writes)."""
        if not hasattr(obj, "next_due_on"):
            return None
        return {name: getattr(obj, name) for name in HEALTH_FIGURES}


class MembershipSerializer(DomainSerializer):
    group = VisibleRelatedField(queryset=WorkingGroup.objects.all())
    stakeholder = VisibleRelatedField(queryset=Stakeholder.objects.all(), allow_null=True, required=False)
    user = UserReferenceField(allow_null=True, required=False)
    member_name = serializers.CharField(read_only=True)

    class Meta:
        model = Membership
        fields = [
            "id",
            "group",
            "stakeholder",
            "user",
            "member_name",
            "constituency",
            "role",
            "joined_on",
            "left_on",
            "notes",
            *META_FIELDS,
        ]
        read_only_fields = META_FIELDS
        validators: list[Any] = []  # the model's constraints answer with their own messages through the service


class AgendaItemSerializer(DomainSerializer):
    meeting = VisibleRelatedField(queryset=Meeting.objects.all())

    class Meta:
        model = AgendaItem
        fields = ["id", "meeting", "position", "title", *META_FIELDS]
        read_only_fields = META_FIELDS
        validators: list[Any] = []


class KeyIssueSerializer(DomainSerializer):
    meeting = VisibleRelatedField(queryset=Meeting.objects.all())
    raised_by = VisibleRelatedField(queryset=Stakeholder.objects.all(), allow_null=True, required=False)

    class Meta:
        model = KeyIssue
        fields = ["id", "meeting", "text", "raised_by", *META_FIELDS]
        read_only_fields = META_FIELDS


class MeetingSerializer(ConfidentialSerializer):
    group = VisibleRelatedField(queryset=WorkingGroup.objects.all())
    practices = VisibleRelatedField(queryset=Practice.objects.all(), many=True, required=False)
    agenda = AgendaField(
        child=serializers.CharField(max_length=300),
        required=False,
        help_text="The agenda items in order. Left out on create, the group's standing agenda is used.",
    )
    approved_by: serializers.PrimaryKeyRelatedField[Any] = serializers.PrimaryKeyRelatedField(
        read_only=True, allow_null=True
    )
    effective_minutes = serializers.CharField(read_only=True, help_text="The minutes with the latest amendment.")
    effective_decisions = serializers.CharField(read_only=True)
    present_count = serializers.IntegerField(read_only=True)
    recorded_count = serializers.IntegerField(read_only=True)
    amendment_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = Meeting
        fields = [
            "id",
            "group",
            "title",
            "status",
            "starts_at",
            "duration_minutes",
            "location",
            "agenda",
            "minutes",
            "decisions",
            "practices",
            "approved_at",
            "approved_by",
            "effective_minutes",
            "effective_decisions",
            "present_count",
            "recorded_count",
            "amendment_count",
            *CONFIDENTIALITY_FIELDS,
            *META_FIELDS,
        ]
        read_only_fields = ["approved_at", *META_FIELDS]


class AttendanceSerializer(DomainSerializer):
    meeting = VisibleRelatedField(queryset=Meeting.objects.all())
    membership = VisibleRelatedField(queryset=Membership.objects.all())
    member_name = serializers.CharField(source="membership.member_name", read_only=True)
    constituency = serializers.CharField(source="membership.constituency", read_only=True)

    class Meta:
        model = Attendance
        fields = ["id", "meeting", "membership", "member_name", "constituency", "status", *META_FIELDS]
        read_only_fields = META_FIELDS
        validators: list[Any] = []


class GuestSerializer(DomainSerializer):
    meeting = VisibleRelatedField(queryset=Meeting.objects.all())
    stakeholder = VisibleRelatedField(queryset=Stakeholder.objects.all(), allow_null=True, required=False)

    class Meta:
        model = Guest
        fields = ["id", "meeting", "name", "organisation", "stakeholder", *META_FIELDS]
        read_only_fields = META_FIELDS


class MinutesAmendmentSerializer(DomainSerializer):
    author: serializers.PrimaryKeyRelatedField[Any] = serializers.PrimaryKeyRelatedField(
        read_only=True, allow_null=True
    )
    author_name = serializers.SerializerMethodField()
    decisions = serializers.CharField(required=False, allow_blank=True)

    class Meta:
        model = MinutesAmendment
        fields = ["id", "meeting", "reason", "minutes", "decisions", "author", "author_name", "created_at"]
        read_only_fields = ["meeting", "author", "created_at"]

    def get_author_name(self, obj: MinutesAmendment) -> str:
        return user_label(obj.author) if obj.author_id else ""


class ActionItemSerializer(DomainSerializer):
    group = VisibleRelatedField(queryset=WorkingGroup.objects.all(), required=False)
    meeting = VisibleRelatedField(queryset=Meeting.objects.all(), allow_null=True, required=False)
    owner_membership = VisibleRelatedField(queryset=Membership.objects.all(), allow_null=True, required=False)
    owner_user = UserReferenceField(allow_null=True, required=False)
    owner_name = serializers.CharField(read_only=True)
    is_overdue = serializers.SerializerMethodField()
    closed_on = serializers.DateField(allow_null=True, required=False, help_text="Today when closed without one.")

    class Meta:
        model = ActionItem
        fields = [
            "id",
            "group",
            "meeting",
            "description",
            "owner_membership",
            "owner_user",
            "owner_name",
            "due_on",
            "status",
            "closed_on",
            "is_overdue",
            *META_FIELDS,
        ]
        read_only_fields = META_FIELDS

    def get_is_overdue(self, obj: ActionItem) -> bool:
        annotated = getattr(obj, "is_overdue_now", None)
        return obj.is_overdue() if annotated is None else bool(annotated)


class ActionProgressSerializer(DomainSerializer):
    action = VisibleRelatedField(queryset=ActionItem.objects.all())
    author: serializers.PrimaryKeyRelatedField[Any] = serializers.PrimaryKeyRelatedField(
        read_only=True, allow_null=True
    )

    class Meta:
        model = ActionProgress
        fields = ["id", "action", "note", "new_status", "author", *META_FIELDS]
        read_only_fields = ["author", *META_FIELDS]
