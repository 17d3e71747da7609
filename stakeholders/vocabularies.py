"""The fixed vocabularies, kept present after every ``migrate`` and ``flush`` (migration 0002 seeded them
first; its frozen copy of these lists stays as it was)."""

from __future__ import annotations

from importlib import import_module
from typing import Any

from django.utils.translation import gettext_noop

_seed = import_module("stakeholders.migrations.0002_vocabularies")


def ensure_vocabularies(*, using: str = "default", **kwargs: Any) -> None:
    """Create missing vocabulary rows (idempotent; never renames or deletes)."""
    from .models import InformationSource, MandateArea, VulnerableGroup

    for order, (code, name) in enumerate(_seed.VULNERABLE_GROUPS):
        VulnerableGroup.objects.using(using).get_or_create(code=code, defaults={"name": name, "order": order})
    for order, (code, name, category) in enumerate(_seed.SOURCES):
        InformationSource.objects.using(using).get_or_create(
            code=code, defaults={"name": name, "category": category, "order": order}
        )
    for order, (code, name) in enumerate(_seed.MANDATE_AREAS):
        MandateArea.objects.using(using).get_or_create(code=code, defaults={"name": name, "order": order})


# The names as the migration seeds them, marked so that the translation catalogues carry them: a row keeps its
# English name in the database and is shown in the reader's language (``LookupModel.__str__``).
SEEDED_NAMES = (
    gettext_noop("Women"),
    gettext_noop("Children"),
    gettext_noop("Elderly people"),
    gettext_noop("Youth"),
    gettext_noop("Indigenous peoples"),
    gettext_noop("Ethnic minorities"),
    gettext_noop("Religious minorities"),
    gettext_noop("Migrant workers"),
    gettext_noop("Security"),
    gettext_noop("Community relations"),
    gettext_noop("Governmental / external affairs"),
    gettext_noop("Environment"),
    gettext_noop("Legal"),
    gettext_noop("Home-state embassy"),
    gettext_noop("Other companies"),
    gettext_noop("Existing host-government contacts"),
    gettext_noop("Local experts (NGOs, academia, media)"),
    gettext_noop("Print and online sources review"),
    gettext_noop("Focus groups, roundtables and town halls"),
    gettext_noop("Judicial accountability"),
    gettext_noop("Monitoring of public security"),
    gettext_noop("Licensing of private security"),
)
