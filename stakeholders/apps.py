from django.apps import AppConfig


class StakeholdersConfig(AppConfig):
    name = "stakeholders"
    verbose_name = "Stakeholder registry"

    def ready(self) -> None:
        from shrhub.context_processors import register_navigation
        from shrhub.registry import register_demo_seeder, register_home_panels

        from .demo import seed_registry
        from .panels import registry_panels

        register_navigation(
            "Registry",
            [
                ("Stakeholders", "stakeholders:stakeholder_list", "stakeholders.view_stakeholder"),
                ("Positions", "stakeholders:position_list", "stakeholders.view_position"),
                ("Tenures", "stakeholders:tenure_list", "stakeholders.view_tenure"),
                ("Assessments", "stakeholders:assessment_list", "stakeholders.view_assessment"),
                ("Mapping rounds", "stakeholders:mappinground_list", "stakeholders.view_mappinground"),
                ("Relationships", "stakeholders:relationship_list", "stakeholders.view_relationship"),
                ("Engagements", "stakeholders:engagement_list", "stakeholders.view_engagement"),
            ],
        )
        register_home_panels(registry_panels)
        register_demo_seeder("registry", seed_registry, order=20)
