from django.apps import AppConfig
from django.db.models.signals import post_delete
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    """Documents on records (MoUs, minutes, legal summaries, clippings): above every app whose records they sit
    on, which never import it; each record's page shows its documents through a detail section."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "documents"
    verbose_name = _("Documents")

    def ready(self) -> None:
        from shrhub.context_processors import register_navigation
        from shrhub.registry import register_demo_seeder, register_detail_sections

        from . import personal_data, signals
        from .demo import seed_documents
        from .models import TARGETS, Attachment
        from .panels import attachment_sections

        register_navigation(
            _("Agreements and risks"), [(_("Documents"), "documents:attachment_list", "documents.view_attachment")]
        )
        post_delete.connect(signals.remove_file, sender=Attachment, dispatch_uid="documents.remove_file")
        for label in TARGETS.values():
            register_detail_sections(label, attachment_sections)
        personal_data.register()
        register_demo_seeder("documents", seed_documents, order=90)
