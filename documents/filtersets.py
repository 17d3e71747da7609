"""Finding documents: by words of the title or file name, the kind of record, the type, the uploader, dates."""

from __future__ import annotations

import django_filters
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from shrhub.filtersets import DomainFilterSet, active_users, any_of

from .files import ACCEPTED
from .models import TARGETS, Attachment

RECORD_KINDS = [(name, getattr(Attachment._meta.get_field(name), "verbose_name", name)) for name in TARGETS]


class RecordKindFilter(django_filters.MultipleChoiceFilter):
    """Documents on any of the chosen kinds of record."""

    def filter(self, qs: QuerySet, value: list[str]) -> QuerySet:
        if not value:
            return qs
        condition = Q()
        for name in value:
            condition |= Q(**{f"{name}__isnull": False})
        return qs.filter(condition)


class AttachmentFilterSet(DomainFilterSet):
    search_fields = ("title", "original_name")
    record = RecordKindFilter(choices=RECORD_KINDS, label=_("On"))
    extension = any_of(sorted((ext, ext.upper()) for ext in ACCEPTED), label=_("Type"))
    uploaded_by = django_filters.ModelChoiceFilter(queryset=active_users, label=_("Uploaded by"))
    dated_after = django_filters.DateFilter(field_name="dated", lookup_expr="gte", label=_("Dated from"))
    dated_before = django_filters.DateFilter(field_name="dated", lookup_expr="lte", label=_("Dated until"))
    ordering = django_filters.OrderingFilter(
        fields=(("dated", "dated"), ("title", "title"), ("size", "size"), ("created_at", "uploaded"))
    )

    class Meta:
        model = Attachment
        fields = ["q", "record", "extension", "uploaded_by", "dated_after", "dated_before", "updated_since"]
