"""API foundations every app's viewsets build on: permissions, paging, errors, history and versions."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import django_filters
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


# Query parameters whose empty value means something (no search, first page, default order).
BLANK_ALLOWED_PARAMS = frozenset({"cursor"})


def blank_allowed(filter_: django_filters.Filter | None, name: str) -> bool:
    """Whether an empty value means something for this parameter (free text, an empty list, the first page)."""
    return name in BLANK_ALLOWED_PARAMS or isinstance(
        filter_, django_filters.CharFilter | django_filters.filters.BaseCSVFilter
    )


def ignored_value_message(filter_: django_filters.Filter | None, name: str, values: list[str]) -> str | None:
    """Why a query parameter's value would be silently ignored by django-filter (so answers 400), or None."""
    for value in values:
        if value == "" and not blank_allowed(filter_, name):
            return "Give a value, or leave the parameter out."
        if isinstance(filter_, django_filters.BooleanFilter) and value not in {"true", "false"}:
            return 'Expected "true" or "false".'
    return None


def page_size_message(paginator: Any, name: str, values: list[str]) -> str | None:
    """``page_size`` is a whole number from 1 to the paginator's maximum: DRF would silently use its default
    for anything else, and quietly cut larger sizes down."""
    if paginator is None or name != getattr(paginator, "page_size_query_param", None):
        return None
    largest = paginator.max_page_size
    if any(not (v.isascii() and v.isdigit() and len(v) < 10 and 1 <= int(v) <= largest) for v in values):
        return f"Expected a whole number from 1 to {largest}."
    return None


def json_type_errors(serializer: serializers.Serializer, data: Any) -> dict[str, list[str]]:
    """Values of a JSON body whose type is not the one the field (and so the schema) declares. DRF would coerce
    them (``0`` into ``"0"``, ``"12"`` into 12, ``"yes"`` into true); the API takes JSON types at their word.
    Form and multipart bodies carry only strings and are left to the fields."""
    if not isinstance(data, dict):
        return {}
    errors: dict[str, list[str]] = {}
    for name, field in serializer.fields.items():
        if field.read_only or name not in data:
            continue
        expected = _json_types(field)
        value = data[name]
        if value is None or expected is None:
            continue
        if not _is_json_type(value, expected):
            errors[name] = [f"Expected {_JSON_TYPE_NAMES[expected]}."]
        elif isinstance(field, serializers.ListField | serializers.ManyRelatedField) and isinstance(value, list):
            child = field.child if isinstance(field, serializers.ListField) else field.child_relation
            child_types = _json_types(child)
            if child_types is not None and not all(_is_json_type(item, child_types) for item in value):
                errors[name] = [f"Expected a list of {_JSON_TYPE_NAMES[child_types]} values."]
    return errors


def _is_json_type(value: Any, types: tuple[type, ...]) -> bool:
    return isinstance(value, types) and (bool in types or not isinstance(value, bool))  # bool is an int subclass


_JSON_TYPE_NAMES = {(str,): "a string", (int,): "an integer", (int, float): "a number", (bool,): "true or false"}
_JSON_TYPE_NAMES |= {(list,): "a list"}


def _json_types(field: serializers.Field) -> tuple[type, ...] | None:
    """The JSON type a field takes, or None where the field checks for itself (choices, nested records…)."""
    if isinstance(field, serializers.BooleanField):
        return (bool,)
    if isinstance(field, serializers.IntegerField):
        return (int,)
    if isinstance(field, serializers.FloatField):
        return (int, float)
    if isinstance(
        field,
        serializers.CharField | serializers.DateField | serializers.DateTimeField | serializers.SlugRelatedField,
    ):
        return (str,)
    if isinstance(field, serializers.PrimaryKeyRelatedField) and field.pk_field is None:
        return (int,)
    if isinstance(field, serializers.ListField | serializers.ManyRelatedField):
        return (list,)
    return None


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
    if_match_actions = frozenset({"update", "partial_update"})  # actions that read If-Match (documented by it)

    def initial(self, request: Request, *args, **kwargs) -> None:
        super().initial(request, *args, **kwargs)
        if self.action == "list":
            self.reject_unknown_params(request)

    def reject_unknown_params(self, request: Request) -> None:
        """A misspelt filter must not silently return everything: unknown query parameters answer 400 (so do
        filters on restricted fields the user may not see), and so do values a filter would silently ignore
        (an empty date or number, a boolean other than ``true``/``false``)."""
        filterset_class = getattr(self, "filterset_class", None)
        filters = {}
        if filterset_class is not None:
            filters = filterset_class(queryset=filterset_class._meta.model.objects.none(), request=request).filters
        known = set(self.list_params) | set(filters)
        errors: dict[str, list[str]] = {}
        for name, values in request.query_params.lists():
            if name not in known:
                errors[name] = ["Unknown filter."]
                continue
            message = ignored_value_message(filters.get(name), name, values) or page_size_message(
                self.paginator, name, values
            )
            if message:
                errors[name] = [message]
        if errors:
            raise ValidationError(dict(sorted(errors.items())))

    def get_serializer(self, *args, **kwargs):
        serializer = super().get_serializer(*args, **kwargs)
        if "data" in kwargs:
            errors = json_type_errors(serializer, kwargs["data"])
            if errors:
                raise ValidationError(errors)
        return serializer

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
