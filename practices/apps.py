from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PracticesConfig(AppConfig):
    name = "practices"
    verbose_name = _("Good-practice catalogue")

    def ready(self) -> None:
        from shrhub.context_processors import register_navigation
        from shrhub.registry import register_demo_seeder, register_home_panels, register_warning_provider

        from .demo import seed_adoptions
        from .panels import adoption_panels, adoption_warnings

        register_navigation(
            _("Catalogue"),
            [
                (_("Challenges"), "practices:catalogue", "practices.view_practice"),
                (_("Search the catalogue"), "practices:practice_list", "practices.view_practice"),
                (_("Methods"), "practices:method_list", "practices.view_method"),
                (_("Case studies"), "practices:case_study_list", "practices.view_practice"),
                (_("Sources cited"), "practices:reference_list", "practices.view_reference"),
                (_("Adoptions"), "practices:adoption_list", "practices.view_adoption"),
                (_("Adoption progress"), "practices:progress_index", "practices.view_adoption"),
            ],
        )
        register_home_panels(adoption_panels)
        register_warning_provider(adoption_warnings)
        register_demo_seeder("practices", seed_adoptions, order=40)

        from shrhub.registry import TextSource, register_personal_data

        from .models import Adoption

        # The catalogue holds nothing about a person; an adoption's notes might name one: listed for redaction.
        register_personal_data("practices", texts=[TextSource(Adoption, ("notes", "not_applicable_reason"))])
