"""Reads of shared records."""

from __future__ import annotations

from django.db.models import QuerySet

from .models import Jurisdiction


def jurisdiction_list(*, user) -> QuerySet[Jurisdiction]:
    """Jurisdictions the user may see, with their parent loaded."""
    return Jurisdiction.objects.visible_to(user).select_related("parent")
