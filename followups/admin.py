"""Follow-up admin for administrators; every change is audited with its author. Progress notes are read-only
(they are recorded on the pages or through the API, with their author)."""

from __future__ import annotations

from django.contrib import admin

from shrhub.admin import DomainAdmin, ReadOnlyAdmin

from .models import FollowUp, FollowUpProgress


@admin.register(FollowUpProgress)
class FollowUpProgressAdmin(ReadOnlyAdmin):
    list_display = ("__str__", "follow_up", "new_status", "author", "created_at")


@admin.register(FollowUp)
class FollowUpAdmin(DomainAdmin):
    list_display = ("__str__", "engagement", "owner", "due_on", "status", "closed_on")
    list_filter = ("status",)
    search_fields = ("description",)
    raw_id_fields = ("engagement",)
    autocomplete_fields = ("owner",)
