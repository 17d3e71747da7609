"""API foundations every app's viewsets build on: permissions, paging, errors, history and versions."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from .audit import history_entries
from .drf import parse_if_match
from .models import AccessLog, hidden_fields, log_access


class DomainSerializer(serializers.ModelSerializer):
    """A model serializer that never sends (nor accepts) restricted fields the requesting user may not see."""

    def get_fields(self) -> dict[str, serializers.Field]:
        fields = super().get_fields()
        request = self.context.get("request")
        user = getattr(request, "user", None)
        for name in hidden_fields(self.Meta.model, user):
            fields.pop(name, None)
        return fields


class HistoryEntrySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    when = serializers.DateTimeField()
    action = serializers.CharField()
    user = serializers.CharField()
    user_id = serializers.IntegerField(allow_null=True)
    reason = serializers.CharField()
    changes = serializers.SerializerMethodField()

    def get_changes(self, entry) -> list[dict[str, Any]]:
        return [{"field": c.field, "old": _jsonable(c.old), "new": _jsonable(c.new)} for c in entry.changes]


def _jsonable(value: Any) -> Any:
    if value is None or isinstance(value, bool | int | float | str | list):
        return value
    return str(value)


class DomainViewSet(viewsets.ModelViewSet):
    """A model's API: reads through its selector, writes through its services, audited.

    Subclasses set ``selector`` (``(user) -> QuerySet``), ``filterset_class``, ``serializer_class``,
    and ``create_service``/``update_service``/``delete_service`` (the same functions the pages call).
    Updates may send ``If-Match`` with the record's ETag (its version); a stale one answers 412.
    """

    selector: Callable[..., QuerySet]
    prefetch: tuple[str, ...] = ()  # what the serializer reads beyond the selector's own loading
    create_service: Callable[..., Any]
    update_service: Callable[..., Any]
    delete_service: Callable[..., Any]
    http_method_names = ["get", "post", "put", "patch", "delete", "head", "options"]

    list_params = frozenset({"cursor", "page_size", "ordering", "format"})

    def initial(self, request: Request, *args, **kwargs) -> None:
        super().initial(request, *args, **kwargs)
        if self.action == "list":
            self.reject_unknown_params(request)

    def reject_unknown_params(self, request: Request) -> None:
        """A misspelt filter must not silently return everything: unknown query parameters answer 400 (so do
        filters on restricted fields the user may not see)."""
        filterset_class = getattr(self, "filterset_class", None)
        known = set(self.list_params)
        if filterset_class is not None:
            known |= set(filterset_class(queryset=filterset_class._meta.model.objects.none(), request=request).filters)
        unknown = sorted(set(request.query_params) - known)
        if unknown:
            raise ValidationError({name: ["Unknown filter."] for name in unknown})

    def get_queryset(self) -> QuerySet:
        queryset = type(self).selector(user=self.request.user)
        return queryset.prefetch_related(*self.prefetch) if self.prefetch else queryset

    def get_object(self):
        obj = super().get_object()
        if self.action == "retrieve" and getattr(obj, "is_sensitive", False):
            log_access(self.request.user, AccessLog.Action.VIEW, obj, via="api")
        return obj

    def retrieve(self, request: Request, *args, **kwargs) -> Response:
        response = super().retrieve(request, *args, **kwargs)
        version = response.data.get("version") if isinstance(response.data, dict) else None
        if version is not None:
            response["ETag"] = f'"{version}"'
        return response

    def update(self, request: Request, *args, **kwargs) -> Response:
        response = super().update(request, *args, **kwargs)
        version = response.data.get("version") if isinstance(response.data, dict) else None
        if version is not None:
            response["ETag"] = f'"{version}"'
        return response

    def perform_create(self, serializer) -> None:
        serializer.instance = type(self).create_service(actor=self.request.user, **serializer.validated_data)

    def perform_update(self, serializer) -> None:
        serializer.instance = type(self).update_service(
            actor=self.request.user,
            instance=serializer.instance,
            expected_version=parse_if_match(self.request),
            **serializer.validated_data,
        )

    def perform_destroy(self, instance) -> None:
        type(self).delete_service(actor=self.request.user, instance=instance)

    @extend_schema(responses=HistoryEntrySerializer(many=True))
    @action(detail=True, methods=["get"], pagination_class=None, filterset_class=None)
    def history(self, request: Request, pk: str | None = None) -> Response:
        """The record's audit trail, newest first: who changed which fields, and when."""
        instance = self.get_object()
        return Response(HistoryEntrySerializer(history_entries(instance, request.user), many=True).data)
