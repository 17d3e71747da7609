from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class ShrhubConfig(AppConfig):
    name = "shrhub"
    verbose_name = "SHR Hub"

    def ready(self) -> None:
        from . import (
            preferences,  # noqa: F401 - copies a user's language and zone into the session at login
            two_factor,  # noqa: F401 - registers the check of OTP_REQUIRED_ROLES
        )
        from .context_processors import register_navigation
        from .permissions import sync_role_permissions

        register_navigation(
            _("Administration"),
            [
                (_("Jurisdictions"), "shrhub:jurisdiction_list", "shrhub.view_jurisdiction"),
                (_("API tokens"), "token_list", "shrhub.view_apitoken"),
                (_("Access log"), "access_log", "shrhub.view_audit_log"),
                (_("Two-factor authentication"), "two_factor_users", "auth.change_user"),
                (_("Users and roles"), "admin:auth_user_changelist", "auth.change_user"),
            ],
        )

        post_migrate.connect(sync_role_permissions, dispatch_uid="shrhub.sync_role_permissions")

        from .personal_data import admin_log_erase
        from .registry import register_personal_data

        register_personal_data("admin log", erase=admin_log_erase)

        from .imports.personal_data import imports_erase, imports_summary

        register_personal_data("imports", erase=imports_erase, summary=imports_summary)
