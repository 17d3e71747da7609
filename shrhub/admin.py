"""Admin for shared records. Admin edits are audited like any other (django-simple-history).

Accounts: administrators edit a user's name, e-mail, active status and roles (the role table of
``shrhub.roles``), nothing else: superuser status, raw permissions and groups are not offered, a superuser's
account is not theirs to change, and role groups' permissions come only from the role table (read-only here).
"""

from typing import Any

from django import forms
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.forms import UserChangeForm
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice
from simple_history.admin import SimpleHistoryAdmin

from .models import ApiToken, Jurisdiction, log_reads
from .roles import Role, role_of
from .services import user_set_roles

User = get_user_model()


class DomainAdmin(SimpleHistoryAdmin):
    """Admin base for domain models: timestamps and version are read-only; reads go through the same rows.

    Reads of restricted and confidential records are logged as on pages and in the API: a change list's
    sensitive rows in one entry, a change, history or past-version view of a sensitive record."""

    readonly_fields = ("version", "created_at", "updated_at")

    def changelist_view(self, request: HttpRequest, extra_context: dict[str, Any] | None = None) -> HttpResponse:
        response = super().changelist_view(request, extra_context)
        changelist = (getattr(response, "context_data", None) or {}).get("cl")
        if changelist is not None:
            # Evaluated here and cached on the queryset, so the template does not read the rows again.
            log_reads(request.user, changelist.result_list, via="admin", view=_view_name(request, "changelist"))
        return response

    def change_view(
        self, request: HttpRequest, object_id: str, form_url: str = "", extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        response = super().change_view(request, object_id, form_url, extra_context)
        return _log_shown(request, response, "change")

    def render_history_view(
        self, request: HttpRequest, template: str, context: dict[str, Any], **kwargs: Any
    ) -> HttpResponse:
        """The history list and past-version pages (django-simple-history renders both through here)."""
        shown = context.get("object")
        if shown is not None and request.method == "GET":
            log_reads(request.user, [shown], via="admin", view=_view_name(request, "history"))
        return super().render_history_view(request, template, context, **kwargs)


class ReadOnlyAdminMixin:
    """View only, for admins and inlines: nothing is added, changed or deleted here (the records are made
    elsewhere — by a page, the API, a data file or the role table — which keeps their rules and authors)."""

    def has_add_permission(self, request: HttpRequest, obj: Any | None = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any | None = None) -> bool:
        return False


class ReadOnlyAdmin(ReadOnlyAdminMixin, DomainAdmin):
    """A domain model viewable, never edited, in the admin (reads logged like every ``DomainAdmin``)."""


def _view_name(request: HttpRequest, fallback: str) -> str:
    match = getattr(request, "resolver_match", None)
    return f"{match.view_name if match else 'admin'} ({fallback})"


def _log_shown(request: HttpRequest, response: HttpResponse, what: str) -> HttpResponse:
    """Log the record an admin page showed (``original`` on change pages, ``object`` on history pages)."""
    context = getattr(response, "context_data", None) or {}
    shown = context.get("original") or context.get("object")
    if shown is not None and request.method == "GET":
        log_reads(request.user, [shown], via="admin", view=_view_name(request, what))
    return response


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

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False


# Second factors are enrolled by their owner and reset by an administrator on /accounts/two-factor/users/, where
# a reason is asked and the reset audited; django-otp's own admin pages would change them without either.
for device_model in (TOTPDevice, StaticDevice):
    if admin.site.is_registered(device_model):
        admin.site.unregister(device_model)


# Accounts ---------------------------------------------------------------------------------------------------


class AccountForm(UserChangeForm):
    """A user's details and roles. Only the fields listed here can change: anything else posted (superuser
    status, raw permissions, groups, staff) is ignored."""

    roles = forms.MultipleChoiceField(
        choices=Role.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("What this person may do: see the role table. Administrators also reach this admin site."),
    )

    class Meta(UserChangeForm.Meta):
        fields = ("username", "password", "first_name", "last_name", "email", "is_active")  # type: ignore[assignment]  # the stubs allow only "__all__"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None:
            self.fields["roles"].initial = role_of(self.instance)


admin.site.unregister(User)
admin.site.unregister(Group)


@admin.register(User)
class AccountAdmin(UserAdmin, SimpleHistoryAdmin):
    """Users and their roles; every change (created, activated or deactivated, role added or removed) is in
    the user's history with who made it (the History button)."""

    form = AccountForm
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (_("Person"), {"fields": ("first_name", "last_name", "email")}),
        (_("Access"), {"fields": ("is_active", "roles")}),
        (_("Dates"), {"fields": ("last_login", "date_joined")}),
    )
    readonly_fields = ("last_login", "date_joined")
    list_display = ("username", "first_name", "last_name", "email", "is_active", "is_staff")
    list_filter = ("is_active", "is_staff", "groups")
    filter_horizontal = ()

    def has_change_permission(self, request: HttpRequest, obj: Any | None = None) -> bool:
        if obj is not None and obj.is_superuser and not request.user.is_superuser:
            return False  # nor their password: that would be a way to become them
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any | None = None) -> bool:
        if obj is not None and obj.is_superuser and not request.user.is_superuser:
            return False
        return super().has_delete_permission(request, obj)

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        if "roles" in form.cleaned_data:
            user_set_roles(actor=request.user, user=form.instance, roles=form.cleaned_data["roles"])

    def history_form_view(
        self, request: HttpRequest, object_id: str, version_id: str, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        # Reverting would restore fields this form never offers (an old superuser flag): view only.
        if request.method == "POST":
            raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)

    def revert_disabled(self, request: HttpRequest, obj: Any | None = None) -> bool:
        return True


@admin.register(Group)
class RoleGroupAdmin(ReadOnlyAdminMixin, GroupAdmin):
    """Roles are groups whose permissions come from ``shrhub/roles.py`` (re-synced on every migrate): they
    can be read here, never edited."""
