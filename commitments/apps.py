from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommitmentsConfig(AppConfig):
    name = "commitments"
    verbose_name = _("Agreements")

    def ready(self) -> None:
        from shrhub.context_processors import register_navigation
        from shrhub.registry import (
            register_demo_seeder,
            register_detail_sections,
            register_page_sections,
            register_warning_provider,
        )

        from .demo import seed_agreements, seed_audiences
        from .panels import (
            audience_sections,
            coordination_sections,
            engagement_sections,
            meeting_sections,
            readiness_sections,
            stakeholder_sections,
        )
        from .personal_data import register as register_personal_data
        from .warnings import agreement_warnings, audience_warnings

        register_navigation(
            _("Agreements and risks"),
            [
                (_("Agreements"), "commitments:agreement_list", "commitments.view_agreement"),
                (_("Obligations"), "commitments:obligation_list", "commitments.view_obligation"),
                (_("Kept informed"), "commitments:audience_list", "commitments.view_audience"),
            ],
        )
        register_detail_sections("stakeholders.engagement", engagement_sections)
        register_detail_sections("workinggroups.meeting", meeting_sections)
        register_detail_sections("stakeholders.stakeholder", stakeholder_sections)
        register_page_sections("insights.coordination", coordination_sections)
        register_page_sections("commitments.readiness", readiness_sections)
        register_detail_sections("workinggroups.workinggroup", audience_sections)
        register_detail_sections("commitments.agreement", audience_sections)
        register_warning_provider(agreement_warnings)
        register_warning_provider(audience_warnings)
        register_demo_seeder("commitments", seed_agreements, order=60)
        register_demo_seeder("audiences", seed_audiences, order=62)
        register_personal_data()
        self.register_advocacy()

    def register_advocacy(self) -> None:
        """The case for the VPs (``commitments.advocacy``): menu, sections, warnings, demo, personal data."""
        from shrhub.context_processors import register_navigation
        from shrhub.registry import register_demo_seeder, register_detail_sections, register_warning_provider

        from .advocacy import panels
        from .advocacy.demo import seed_advocacy
        from .advocacy.personal_data import register
        from .advocacy.warnings import advocacy_warnings

        register_navigation(
            _("Agreements and risks"),
            [
                (_("Standards raised"), "commitments:advocacy_list", "commitments.view_advocacy"),
                (_("Commitments"), "commitments:commitmentassessment_list", "commitments.view_commitmentassessment"),
                (_("Benefit arguments"), "commitments:benefitargument_list", "commitments.view_benefitargument"),
            ],
        )
        register_navigation(
            _("Insights"), [(_("Readiness by level"), "commitments:readiness", "shrhub.view_manager_views")]
        )
        register_detail_sections("stakeholders.engagement", panels.engagement_sections)
        register_detail_sections("stakeholders.stakeholder", panels.stakeholder_sections)
        register_warning_provider(advocacy_warnings)
        register_demo_seeder("advocacy", seed_advocacy, order=65)
        register()
