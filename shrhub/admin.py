"""Admin for shared records. Admin edits are audited like any other (django-simple-history)."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Jurisdiction


class DomainAdmin(SimpleHistoryAdmin):
    """Admin base for domain models: timestamps and version are read-only; reads go through the same rows."""

    readonly_fields = ("version", "created_at", "updated_at")


@admin.register(Jurisdiction)
class JurisdictionAdmin(DomainAdmin):
    list_display = ("name", "code", "level", "parent")
    list_filter = ("level",)
    search_fields = ("name", "code")
    autocomplete_fields = ("parent",)
