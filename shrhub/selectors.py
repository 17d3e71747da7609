"""Reads of shared records."""

from __future__ import annotations

from django.db.models import F, Func, IntegerField, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce

from .models import Jurisdiction


def jurisdiction_list(*, user) -> QuerySet[Jurisdiction]:
    """Jurisdictions the user may see, with their parent loaded."""
    return Jurisdiction.objects.visible_to(user).select_related("parent")


def count_of(queryset: QuerySet) -> Coalesce:
    """A correlated ``COUNT(*)`` of ``queryset`` (already filtered on ``OuterRef``), 0 when empty: one subquery
    per row, so a list stays at a constant number of queries.

    A count shows only what the user may see, as every read does: pass a queryset that starts from
    ``visible_to(user)``. A count of hidden rows would say that they exist (and, watched over time, when)."""
    counted = queryset.order_by().annotate(_n=Func(F("pk"), function="COUNT")).values("_n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))
