"""Jurisdiction pages and API (the tree every app refers to)."""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _

from . import selectors, services
from .api.serializers import META_FIELDS, DomainSerializer
from .api.viewsets import DomainViewSet
from .filtersets import DomainFilterSet
from .forms import JurisdictionForm
from .models import Jurisdiction, JurisdictionLevel
from .tables import Column
from .views import ObjectDeleteView, ObjectDetailView, ObjectEditView, ObjectHistoryView, ObjectListView


class JurisdictionFilterSet(DomainFilterSet):
    search_fields = ("name", "code")
    level = django_filters.MultipleChoiceFilter(choices=JurisdictionLevel.choices)
    parent = django_filters.ModelChoiceFilter(queryset=Jurisdiction.objects.all())
    ordering = django_filters.OrderingFilter(fields=(("name", "name"), ("level", "level"), ("updated_at", "updated")))

    class Meta:
        model = Jurisdiction
        fields = ["q", "level", "parent", "updated_since"]


class JurisdictionSerializer(DomainSerializer):
    class Meta:
        model = Jurisdiction
        fields = ["id", "name", "code", "level", "parent", *META_FIELDS]
        read_only_fields = META_FIELDS


class JurisdictionViewSet(DomainViewSet):
    queryset = Jurisdiction.objects.none()
    selector = selectors.jurisdiction_list
    serializer_class = JurisdictionSerializer
    filterset_class = JurisdictionFilterSet
    create_service = services.jurisdiction_create
    update_service = services.jurisdiction_update
    delete_service = services.jurisdiction_delete


class JurisdictionListView(ObjectListView):
    model = Jurisdiction
    selector = selectors.jurisdiction_list
    filterset_class = JurisdictionFilterSet
    columns = [
        Column(_("Name"), "name", order_by="name", link=True),
        Column(_("Code"), "code"),
        Column(_("Level"), "level", order_by="level"),
        Column(_("Parent"), "parent"),
    ]


class JurisdictionDetailView(ObjectDetailView):
    model = Jurisdiction
    selector = selectors.jurisdiction_list
    template_name = "shrhub/jurisdiction_detail.html"


class JurisdictionEditView(ObjectEditView):
    model = Jurisdiction
    selector = selectors.jurisdiction_list
    form_class = JurisdictionForm
    create_service = services.jurisdiction_create
    update_service = services.jurisdiction_update


class JurisdictionDeleteView(ObjectDeleteView):
    model = Jurisdiction
    selector = selectors.jurisdiction_list
    delete_service = services.jurisdiction_delete
    success_url_name = "shrhub:jurisdiction_list"


class JurisdictionHistoryView(ObjectHistoryView):
    model = Jurisdiction
    selector = selectors.jurisdiction_list
