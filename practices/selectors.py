"""Reads of the catalogue and of adoptions."""

from __future__ import annotations

from django.db.models import QuerySet

from .models import MappingQuestion


def round_questions() -> QuerySet[MappingQuestion]:
    """The questions every mapping round answers (the 2016 edition's six), in their printed order."""
    return (
        MappingQuestion.objects.filter(asked_in_rounds=True, withdrawn=False)
        .select_related("method")
        .order_by("method__key", "number")
    )
