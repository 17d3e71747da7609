"""Working-group admin for administrators; every change is audited with its author.

Approved minutes are locked here too: the locked fields of an approved meeting are read-only, its parts
(agenda, attendance, guests, key issues) can no longer be changed or deleted, and should a form get
through anyway, ``Meeting.clean()`` refuses the change. Amendments and progress notes are read-only
(they are recorded on the pages or through the API, with their author).
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.http import HttpRequest

from shrhub.admin import DomainAdmin, ReadOnlyAdmin

from . import services
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


def _approved(meeting: Meeting | None) -> bool:
    return meeting is not None and meeting.pk is not None and meeting.approved_at is not None


@admin.register(WorkingGroup)
class WorkingGroupAdmin(DomainAdmin):
    list_display = ("name", "jurisdiction", "status", "cadence_days", "established_on")
    list_filter = ("status",)
    search_fields = ("name", "purpose")
    autocomplete_fields = ("jurisdiction",)
    raw_id_fields = ("secretariat",)


@admin.register(Membership)
class MembershipAdmin(DomainAdmin):
    list_display = ("__str__", "group", "constituency", "role", "joined_on", "left_on")
    list_filter = ("constituency", "role")
    search_fields = ("stakeholder__name", "user__username", "group__name")
    autocomplete_fields = ("group", "stakeholder", "user")


class LockedInline(admin.TabularInline):
    """Parts of a meeting's record: frozen once its minutes are approved."""

    extra = 0

    def has_add_permission(self, request: HttpRequest, obj: Any | None = None) -> bool:
        return not _approved(obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request: HttpRequest, obj: Any | None = None) -> bool:
        return not _approved(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any | None = None) -> bool:
        return not _approved(obj) and super().has_delete_permission(request, obj)


class AgendaItemInline(LockedInline):
    model = AgendaItem
    fields = ("position", "title")


class KeyIssueInline(LockedInline):
    model = KeyIssue
    fields = ("text", "raised_by")
    autocomplete_fields = ("raised_by",)


class GuestInline(LockedInline):
    model = Guest
    fields = ("name", "organisation", "stakeholder")
    autocomplete_fields = ("stakeholder",)


@admin.register(Meeting)
class MeetingAdmin(DomainAdmin):
    list_display = ("__str__", "group", "status", "starts_at", "approved_at")
    list_filter = ("status",)
    search_fields = ("title", "group__name", "location")
    autocomplete_fields = ("group",)
    filter_horizontal = ("practices",)
    inlines = (AgendaItemInline, KeyIssueInline, GuestInline)

    def get_readonly_fields(self, request: HttpRequest, obj: Meeting | None = None) -> tuple[str, ...]:
        base = (*super().get_readonly_fields(request, obj), "approved_at", "approved_by")
        if _approved(obj):
            return (*base, *(name for name in Meeting.LOCKED_FIELDS if name not in base))
        return base

    def has_delete_permission(self, request: HttpRequest, obj: Meeting | None = None) -> bool:
        return not _approved(obj) and super().has_delete_permission(request, obj)


class MeetingPartAdmin(DomainAdmin):
    """A part of a meeting's record on its own admin page: frozen with the approved minutes."""

    def has_change_permission(self, request: HttpRequest, obj: Any | None = None) -> bool:
        return not _approved(getattr(obj, "meeting", None)) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any | None = None) -> bool:
        return not _approved(getattr(obj, "meeting", None)) and super().has_delete_permission(request, obj)


class AttendanceAdminForm(forms.ModelForm):
    """Applies the service rule: only a member of the meeting's group on its day, at a held meeting."""

    class Meta:
        model = Attendance
        fields = ("meeting", "membership", "status")

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data
        meeting, membership = cleaned.get("meeting"), cleaned.get("membership")
        if meeting is not None and membership is not None:
            try:
                services.check_attendance(meeting, membership)
            except ValidationError as error:
                raise ValidationError(error.messages) from error
        return cleaned


@admin.register(Attendance)
class AttendanceAdmin(MeetingPartAdmin):
    form = AttendanceAdminForm
    list_display = ("membership", "meeting", "status")
    list_filter = ("status",)
    raw_id_fields = ("meeting", "membership")


@admin.register(KeyIssue)
class KeyIssueAdmin(MeetingPartAdmin):
    list_display = ("__str__", "meeting", "raised_by")
    raw_id_fields = ("meeting",)
    autocomplete_fields = ("raised_by",)


@admin.register(AgendaItem)
class AgendaItemAdmin(MeetingPartAdmin):
    list_display = ("__str__", "meeting")
    raw_id_fields = ("meeting",)


@admin.register(Guest)
class GuestAdmin(MeetingPartAdmin):
    list_display = ("name", "organisation", "meeting")
    raw_id_fields = ("meeting",)
    autocomplete_fields = ("stakeholder",)


@admin.register(MinutesAmendment)
class MinutesAmendmentAdmin(ReadOnlyAdmin):
    list_display = ("__str__", "author", "created_at")


@admin.register(ActionProgress)
class ActionProgressAdmin(ReadOnlyAdmin):
    list_display = ("__str__", "action", "new_status", "author", "created_at")


@admin.register(ActionItem)
class ActionItemAdmin(DomainAdmin):
    list_display = ("__str__", "group", "due_on", "status", "closed_on")
    list_filter = ("status",)
    search_fields = ("description",)
    raw_id_fields = ("meeting", "owner_membership")
    autocomplete_fields = ("group", "owner_user")
