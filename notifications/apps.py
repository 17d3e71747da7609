from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "notifications"
    verbose_name = _("Notifications")

    def ready(self) -> None:
        from shrhub.registry import register_warning_provider

        from .warnings import tracker_warnings

        register_warning_provider(tracker_warnings)
