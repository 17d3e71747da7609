"""The FilterSet base every list shares between its page and its API: search, ordering, updated_since."""

from __future__ import annotations

from functools import reduce
from operator import or_

import django_filters
from django.db.models import Q, QuerySet


class DomainFilterSet(django_filters.FilterSet):
    """``q`` searches ``search_fields``; ``updated_since`` serves incremental sync; ``ordering`` sorts.

    Subclasses declare ``search_fields`` and an ``ordering = django_filters.OrderingFilter(...)``.
    """

    q = django_filters.CharFilter(method="filter_search", label="Search")
    updated_since = django_filters.IsoDateTimeFilter(
        field_name="updated_at", lookup_expr="gte", label="Updated since (ISO 8601)"
    )
    search_fields: tuple[str, ...] = ()
    # Filters and sort keys on restricted values, with the permission needed to use them: a user without it
    # gets neither (the filter is unknown to them), so nothing hidden can be inferred from results.
    restricted_filters: dict[str, str] = {}
    restricted_orderings: dict[str, str] = {}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = getattr(self.request, "user", None)
        for name, perm in self.restricted_filters.items():
            if user is None or not user.has_perm(perm):
                self.filters.pop(name, None)
        ordering = self.filters.get("ordering")
        if ordering is not None:
            for name, perm in self.restricted_orderings.items():
                if user is None or not user.has_perm(perm):
                    ordering.param_map.pop(name, None)
                    ordering.extra["choices"] = [c for c in ordering.extra["choices"] if c[0].lstrip("-") != name]
                    ordering.__dict__.pop("_field", None)  # rebuild the form field with the narrowed choices

    def filter_search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        terms = value.split()
        if not terms or not self.search_fields:
            return queryset
        for term in terms[:8]:
            queryset = queryset.filter(
                reduce(or_, (Q(**{f"{field}__icontains": term}) for field in self.search_fields))
            )
        return queryset
