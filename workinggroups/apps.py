from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkinggroupsConfig(AppConfig):
    name = "workinggroups"
    verbose_name = _("Working groups")

    def ready(self) -> None:
        from shrhub.context_processors import register_navigation
        from shrhub.registry import register_demo_seeder, register_home_panels

        from .demo import seed_working_groups
        from .panels import workinggroup_panels

        register_navigation(
            _("Working groups"),
            [
                (_("Groups and their health"), "workinggroups:workinggroup_list", "workinggroups.view_workinggroup"),
                (_("Meetings"), "workinggroups:meeting_list", "workinggroups.view_meeting"),
                (_("Action tracker"), "workinggroups:actionitem_list", "workinggroups.view_actionitem"),
                (_("Key issues"), "workinggroups:keyissue_list", "workinggroups.view_keyissue"),
                (_("Members"), "workinggroups:membership_list", "workinggroups.view_membership"),
            ],
        )
        register_home_panels(workinggroup_panels)
        register_demo_seeder("workinggroups", seed_working_groups, order=40)

        from .personal_data import register as register_personal_data

        register_personal_data()
