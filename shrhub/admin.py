"""Admin for shared records. Admin edits are audited like any other (django-simple-history)."""

from django.contrib import admin
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice
from simple_history.admin import SimpleHistoryAdmin

from .models import ApiToken, Jurisdiction


class DomainAdmin(SimpleHistoryAdmin):
    """Admin base for domain models: timestamps and version are read-only; reads go through the same rows."""

    readonly_fields = ("version", "created_at", "updated_at")


@admin.register(Jurisdiction)
class JurisdictionAdmin(DomainAdmin):
    list_display = ("name", "code", "level", "parent")
    list_filter = ("level",)
    search_fields = ("name", "code")
    autocomplete_fields = ("parent",)


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Read and revoke only: tokens are issued on the API tokens page, which shows the key once."""

    list_display = ("name", "user", "prefix", "can_write", "expires_at", "last_used_at", "revoked_at")
    readonly_fields = ("user", "name", "prefix", "created_at", "created_by", "expires_at", "last_used_at")
    fields = (
        "user",
        "name",
        "prefix",
        "can_write",
        "created_at",
        "created_by",
        "expires_at",
        "last_used_at",
        "revoked_at",
    )

    def has_add_permission(self, request) -> bool:
        return False


# Second factors are enrolled by their owner and reset by an administrator on /accounts/two-factor/users/, where
# a reason is asked and the reset audited; django-otp's own admin pages would change them without either.
for device_model in (TOTPDevice, StaticDevice):
    if admin.site.is_registered(device_model):
        admin.site.unregister(device_model)
