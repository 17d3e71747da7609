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

    def filter_search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        terms = value.split()
        if not terms or not self.search_fields:
            return queryset
        for term in terms[:8]:
            queryset = queryset.filter(
                reduce(or_, (Q(**{f"{field}__icontains": term}) for field in self.search_fields))
            )
        return queryset
