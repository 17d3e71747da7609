from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AnalysisConfig(AppConfig):
    name = "analysis"
    verbose_name = _("Situation and risks")

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        post_migrate.connect(_instruments, sender=self, dispatch_uid="analysis.instruments")

        from shrhub.context_processors import register_navigation
        from shrhub.registry import (
            register_demo_seeder,
            register_detail_sections,
            register_finding_reviews,
            register_page_sections,
            register_warning_provider,
        )

        from .demo import seed_analysis, seed_legal
        from .panels import agreement_sections, readiness_sections, stakeholder_sections
        from .personal_data import register as register_personal_data
        from .proposals import reviewed
        from .warnings import risk_warnings

        register_navigation(
            _("Agreements and risks"),
            [
                (_("Coordination risks"), "analysis:coordinationrisk_list", "analysis.view_coordinationrisk"),
                (_("Findings to review"), "analysis:proposal_list", "analysis.view_findingreview"),
                (_("Mitigations"), "analysis:mitigation_list", "analysis.view_mitigation"),
                (_("Situation analyses"), "analysis:situationanalysis_list", "analysis.view_situationanalysis"),
                (_("Legal framework"), "analysis:legal_countries", "analysis.view_nationallaw"),
            ],
        )
        register_detail_sections("stakeholders.stakeholder", stakeholder_sections)
        register_detail_sections("commitments.agreement", agreement_sections)
        register_page_sections("commitments.readiness", readiness_sections)
        register_finding_reviews(reviewed)
        register_warning_provider(risk_warnings)
        register_demo_seeder("analysis", seed_analysis, order=70)
        register_demo_seeder("legal framework", seed_legal, order=75)
        register_personal_data()


def _instruments(using: str = "default", **kwargs: Any) -> None:
    """After migrate or flush: the seeded instruments exist (unless the app was just migrated back to zero)."""
    from django.db import connections

    from .legal import ensure_instruments
    from .models import Instrument

    if Instrument._meta.db_table in connections[using].introspection.table_names():
        ensure_instruments(using=using)
