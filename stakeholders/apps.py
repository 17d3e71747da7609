from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StakeholdersConfig(AppConfig):
    name = "stakeholders"
    verbose_name = _("Stakeholder registry")

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        post_migrate.connect(_vocabularies, sender=self, dispatch_uid="stakeholders.vocabularies")

        from shrhub.context_processors import register_navigation
        from shrhub.registry import register_demo_seeder, register_home_panels, register_warning_provider

        from .demo import seed_registry
        from .insights.manager_views import MANAGER_VIEWS, PERMISSION, insight_warnings
        from .panels import registry_panels

        register_navigation(
            _("Registry"),
            [
                (_("Stakeholders"), "stakeholders:stakeholder_list", "stakeholders.view_stakeholder"),
                (_("Positions"), "stakeholders:position_list", "stakeholders.view_position"),
                (_("Tenures"), "stakeholders:tenure_list", "stakeholders.view_tenure"),
                (_("Assessments"), "stakeholders:assessment_list", "stakeholders.view_assessment"),
                (_("Mapping rounds"), "stakeholders:mappinground_list", "stakeholders.view_mappinground"),
                (_("Relationships"), "stakeholders:relationship_list", "stakeholders.view_relationship"),
                (_("Engagements"), "stakeholders:engagement_list", "stakeholders.view_engagement"),
                # Every role that imports anything logs engagements (shrhub.imports.kinds).
                (_("Import a spreadsheet"), "imports", "stakeholders.add_engagement"),
            ],
        )
        register_navigation(_("Insights"), [(view.label, view.route, PERMISSION) for view in MANAGER_VIEWS])
        register_home_panels(registry_panels)
        register_warning_provider(insight_warnings)
        register_demo_seeder("registry", seed_registry, order=20)

        from .personal_data import register as register_personal_data

        register_personal_data()


def _vocabularies(sender: Any, using: str = "default", **kwargs: Any) -> None:
    """After migrate or flush: the vocabularies exist (unless the app was just migrated back to zero)."""
    from django.db import connections

    from .models import VulnerableGroup
    from .vocabularies import ensure_vocabularies

    if VulnerableGroup._meta.db_table in connections[using].introspection.table_names():
        ensure_vocabularies(using=using)
