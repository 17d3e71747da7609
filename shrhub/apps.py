from django.apps import AppConfig
from django.db.models.signals import post_migrate


class ShrhubConfig(AppConfig):
    name = "shrhub"
    verbose_name = "SHR Hub"

    def ready(self) -> None:
        from .context_processors import register_navigation
        from .permissions import sync_role_permissions

        register_navigation(
            "Administration",
            [
                ("Jurisdictions", "shrhub:jurisdiction_list", "shrhub.view_jurisdiction"),
                ("API tokens", "token_list", "shrhub.view_apitoken"),
                ("Access log", "access_log", "shrhub.view_audit_log"),
            ],
        )

        post_migrate.connect(sync_role_permissions, dispatch_uid="shrhub.sync_role_permissions")
