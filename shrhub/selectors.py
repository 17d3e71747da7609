"""Reads of shared records."""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth import get_user_model
from django.db.models import F, Func, IntegerField, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce

from shrhub.types import AnyUser

from .models import Jurisdiction
from .roles import PAGE_ROLES


def jurisdiction_list(*, user: AnyUser) -> QuerySet[Jurisdiction]:
    """Jurisdictions the user may see, with their parent loaded."""
    return Jurisdiction.objects.visible_to(user).select_related("parent")


def count_of(queryset: QuerySet) -> Coalesce:
    """A correlated ``COUNT(*)`` of ``queryset`` (already filtered on ``OuterRef``), 0 when empty: one subquery
    per row, so a list stays at a constant number of queries.

    A count shows only what the user may see, as every read does: pass a queryset that starts from
    ``visible_to(user)``. A count of hidden rows would say that they exist (and, watched over time, when)."""
    counted = queryset.order_by().annotate(_n=Func(F("pk"), function="COUNT")).values("_n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def assignable_users(*, access_only: bool = False, keep: Iterable[int] = ()) -> QuerySet:
    """The one rule for who a record may name (``user_references`` on a model), by name.

    Anyone a record gives work to or counts as taking part (an owner, a lead, a participant, a staff member of
    a group) is an active account of someone who uses the pages: a superuser or a holder of a page role, never an
    API-only integration account. A grant of access (``access_only``: the users named on a confidential record)
    may name any active account, an integration's included, so that its feed reads the record. ``keep``: ids the
    record already names, which stay acceptable (an owner who left does not block editing the rest)."""
    rule = Q(is_active=True)
    if not access_only:
        rule &= Q(is_superuser=True) | Q(pk__in=get_user_model().objects.filter(groups__name__in=sorted(PAGE_ROLES)))
    kept = [pk for pk in keep if pk is not None]
    if kept:
        rule |= Q(pk__in=kept)
    return get_user_model().objects.filter(rule).order_by("first_name", "last_name", "username")
