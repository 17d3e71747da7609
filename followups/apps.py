from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FollowupsConfig(AppConfig):
    name = "followups"
    verbose_name = _("Follow-ups")

    def ready(self) -> None:
        from shrhub.context_processors import register_navigation
        from shrhub.registry import register_demo_seeder, register_detail_sections

        from .demo import seed_follow_ups
        from .panels import engagement_sections

        register_navigation(
            _("Follow-ups"),
            [(_("Engagement follow-ups"), "followups:followup_list", "followups.view_followup")],
        )
        register_detail_sections("stakeholders.engagement", engagement_sections)
        register_demo_seeder("followups", seed_follow_ups, order=50)

        from .personal_data import register as register_personal_data

        register_personal_data()
