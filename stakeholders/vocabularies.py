"""The fixed vocabularies, kept present after every ``migrate`` and ``flush`` (migration 0002 seeded them
first; its frozen copy of these lists stays as it was)."""

from __future__ import annotations

from importlib import import_module
from typing import Any

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
