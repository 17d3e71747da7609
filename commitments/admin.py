"""Agreement admin for administrators; every change is audited with its author. Progress notes are read-only."""

from __future__ import annotations

from django.contrib import admin

from shrhub.admin import DomainAdmin, ReadOnlyAdmin

from .models import Agreement, Obligation, ObligationProgress, Rollout


@admin.register(Agreement)
class AgreementAdmin(DomainAdmin):
    list_display = ("title", "kind", "jurisdiction", "made_on", "status", "confidentiality")
    list_filter = ("kind", "status", "confidentiality")
    search_fields = ("title", "summary")
    raw_id_fields = ("parties", "meetings", "engagements", "superseded_by")


@admin.register(Obligation)
class ObligationAdmin(DomainAdmin):
    list_display = ("__str__", "agreement", "owner", "owner_stakeholder", "due_on", "status")
    list_filter = ("status",)
    search_fields = ("description",)
    raw_id_fields = ("agreement", "owner_stakeholder")


@admin.register(ObligationProgress)
class ObligationProgressAdmin(ReadOnlyAdmin):
    list_display = ("__str__", "obligation", "new_status", "author", "created_at")


@admin.register(Rollout)
class RolloutAdmin(DomainAdmin):
    list_display = ("body", "agreement", "state", "as_of")
    list_filter = ("state",)
    raw_id_fields = ("agreement", "body", "engagements")


from .advocacy import admin as advocacy_admin  # noqa: E402, F401  (registers the case for the VPs)
