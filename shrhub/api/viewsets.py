"""The model viewset base of every app's API: reads through selectors, writes through services, audited."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, ClassVar

from django.contrib.postgres.expressions import ArraySubquery
from django.db import connections, transaction
from django.db.models import ManyToManyField, Model, OuterRef, Prefetch, QuerySet
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from shrhub.types import AnyUser

from ..audit import history_entries
from ..models import DomainModel, link_table, log_reads, related_model_of, visible_rows
from ..services import lock_version
from .serializers import HistoryEntrySerializer, PrefetchedManyRelatedField, many_values_attribute
from .validation import (
    ignored_value_message,
    page_size_message,
    parse_if_match,
    refuse_json_type_errors,
    require_if_match,
)

# Writes of one record that must be based on the version the client read, when the record is versioned.
VERSIONED_WRITES = frozenset({"update", "partial_update", "destroy"})


class DomainViewSet(viewsets.ModelViewSet):
    """A model's API: reads through its selector, writes through its services, audited.

    Subclasses set ``selector`` (``(user) -> QuerySet``), ``filterset_class``, ``serializer_class``,
    and ``create_service``/``update_service``/``delete_service`` (the same functions the pages call).
    Updates (PUT, PATCH) and deletes of a versioned record (a ``DomainModel``: it has ``version``) must send
    ``If-Match`` with the record's ETag (its version): without it, or with ``*``, they answer 428 before anything
    is read or written; with a stale one 412, and nothing changes.
    """

    selector: Callable[..., QuerySet]
    # What the serializer reads beyond the selector's own loading. A to-many field the API sends as ids or
    # slugs is loaded for the page's rows with one query on its link table (``load_many_values``); anything
    # else with ``prefetch_related``.
    prefetch: tuple[str, ...] = ()
    # To-many fields sent as ids or slugs of the related records the user may see (``visible_to``) only.
    visible_many: tuple[str, ...] = ()
    create_service: Callable[..., Any]
    update_service: Callable[..., Any]
    delete_service: Callable[..., Any]
    http_method_names = ["get", "post", "put", "patch", "delete", "head", "options"]

    list_params = frozenset({"cursor", "page_size", "ordering", "format"})
    # Actions that may send If-Match (``parse_if_match``; documented as optional) besides the required ones.
    if_match_actions: frozenset[str] = frozenset()
    # Further actions that must be based on a version the client read (``require_if_match``): a missing If-Match
    # or ``*`` answers 428. Updates and deletes of a versioned record always are (``VERSIONED_WRITES``).
    if_match_required_actions: frozenset[str] = frozenset()
    expected_version: int | None = None  # from If-Match, for versioned writes
    _many_value_fields: ClassVar[dict[str, str]]  # set per class by many_value_fields()

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        super().initial(request, *args, **kwargs)
        if self.action == "list":
            self.reject_unknown_params(request)
        elif (
            self.action in VERSIONED_WRITES
            and self.requires_if_match()
            and (request.method or "").lower() in self.http_method_names
        ):
            # After authentication and permissions (401/403 first), before the record is looked up: the answer
            # is the same whether or not the record exists. A method the view does not offer stays a 405.
            self.expected_version = require_if_match(request)

    @classmethod
    def record_model(cls) -> type[Model]:
        """The model whose records the viewset serves (its ``queryset``'s)."""
        if cls.queryset is None:
            raise TypeError(f"{cls.__name__} declares no queryset.")
        return cls.queryset.model

    @classmethod
    def is_versioned(cls) -> bool:
        """Whether the viewset's records carry a ``version`` (stale writes are refused)."""
        return any(field.name == "version" for field in cls.record_model()._meta.concrete_fields)

    def requires_if_match(self, action: str | None = None) -> bool:
        """Whether ``action`` (default: this request's) must send ``If-Match`` with the version it is based on."""
        action = action or self.action
        return action in self.if_match_required_actions or (action in VERSIONED_WRITES and self.is_versioned())

    def honours_if_match(self, action: str | None = None) -> bool:
        """Whether ``action`` reads ``If-Match`` at all (required or optional)."""
        action = action or self.action
        return action in self.if_match_actions or self.requires_if_match(action)

    def reject_unknown_params(self, request: Request) -> None:
        """A misspelt filter must not silently return everything: unknown query parameters answer 400 (so do
        filters on restricted fields the user may not see), and so do values a filter would silently ignore
        (an empty date or number, a boolean other than ``true``/``false``)."""
        filterset_class = getattr(self, "filterset_class", None)
        filters = {}
        if filterset_class is not None and hasattr(filterset_class, "filters_for"):
            filters = filterset_class.filters_for(request.user)  # without building a FilterSet just for this
        elif filterset_class is not None:
            filters = filterset_class(queryset=filterset_class._meta.model.objects.none(), request=request).filters
        known = set(self.list_params) | set(filters)
        errors: dict[str, list[str]] = {}
        for name, values in request.query_params.lists():
            if name not in known:
                errors[name] = [_("Unknown filter.")]
                continue
            message = ignored_value_message(filters.get(name), name, values) or page_size_message(
                self.paginator, name, values
            )
            if message:
                errors[name] = [message]
        if errors:
            raise ValidationError(dict(sorted(errors.items())))

    def get_serializer(self, *args: Any, **kwargs: Any) -> serializers.BaseSerializer[Any]:
        serializer = super().get_serializer(*args, **kwargs)
        if "data" in kwargs:
            refuse_json_type_errors(serializer, kwargs["data"])
        return serializer

    def get_queryset(self) -> QuerySet:
        queryset = type(self).selector(user=self.request.user)
        loaded = self.many_value_fields() if self.loads_many_values() else {}
        if loaded and connections[queryset.db].vendor == "postgresql":
            # The values come with the rows themselves: ARRAY(SELECT ...) per field, no query of their own.
            queryset = queryset.annotate(
                **{many_values_attribute(name): ArraySubquery(self._links(name, OuterRef("pk"))) for name in loaded}
            )
        rest = [
            self.related_prefetch(name, self.request.user)
            for name in (*self.prefetch, *self.visible_many)
            if name not in loaded
        ]
        return queryset.prefetch_related(*rest) if rest else queryset

    @classmethod
    def related_prefetch(cls, name: str, user: AnyUser) -> Prefetch:
        """A to-many relation loaded in the order the loaded-ids path (``_links``) writes it — the related model's
        own order, else its primary key — so that every answer lists the same ids in the same order; only the
        records the user may see for ``visible_many`` fields."""
        related = cls._related_model(name)
        queryset = visible_rows(related, user) if name in cls.visible_many else related._default_manager.all()
        return Prefetch(name, queryset=queryset.order_by(*cls._related_order(name)))

    @classmethod
    def _related_order(cls, name: str) -> list[str]:
        """The order a to-many relation's records are listed in: the related model's own, else its primary key."""
        ordering = cls._related_model(name)._meta.ordering or ()
        return [term for term in ordering if isinstance(term, str)] or ["pk"]

    def loads_many_values(self) -> bool:
        """Lists and details load their to-many ids and slugs themselves; other actions use ``prefetch_related``."""
        return self.action == "retrieve" or (self.action == "list" and self.paginator is not None)

    @classmethod
    def _related_model(cls, name: str) -> type[Model]:
        return related_model_of(cls.record_model()._meta.get_field(name))

    @classmethod
    def many_value_fields(cls) -> dict[str, str]:
        """``{field: value path on the link table}`` for the ``prefetch`` and ``visible_many`` names that are
        forward many-to-many fields the serializer sends as primary keys or slugs."""
        found = cls.__dict__.get("_many_value_fields")
        if found is not None:
            return found
        serializer = cls.serializer_class(context={}) if cls.serializer_class is not None else None
        if not isinstance(serializer, serializers.Serializer):
            raise TypeError(f"{cls.__name__} declares no serializer of fields.")
        fields = serializer.fields
        found = {}
        for name in (*cls.prefetch, *cls.visible_many):
            model_field = cls.record_model()._meta.get_field(name)
            serializer_field = fields.get(name)
            if not isinstance(model_field, ManyToManyField) or not isinstance(
                serializer_field, PrefetchedManyRelatedField
            ):
                continue
            child, target = serializer_field.child_relation, model_field.m2m_reverse_field_name()
            if isinstance(child, serializers.PrimaryKeyRelatedField) and child.pk_field is None:
                found[name] = f"{target}_id"
            elif isinstance(child, serializers.SlugRelatedField):
                found[name] = f"{target}__{child.slug_field}"
        cls._many_value_fields = found
        return found

    def _links(self, name: str, owners: Any) -> QuerySet:
        """``(owner id, value)`` rows of a to-many field's link table for ``owners`` (an OuterRef or ids), in the
        related model's order, limited to visible related records for ``visible_many`` fields."""
        model_field = type(self).record_model()._meta.get_field(name)
        if not isinstance(model_field, ManyToManyField):
            raise TypeError(f"{name} is not a many-to-many field.")
        through, source, target = link_table(model_field)
        lookup = f"{source}_id__in" if isinstance(owners, list) else f"{source}_id"
        links = through._default_manager.filter(**{lookup: owners})
        if name in self.visible_many:
            visible = visible_rows(related_model_of(model_field), self.request.user)
            links = links.filter(**{f"{target}__in": visible.values("pk")})
        terms = self._related_order(name)
        order = [f"-{target}__{term[1:]}" if term.startswith("-") else f"{target}__{term}" for term in terms]
        value = self.many_value_fields()[name]
        if isinstance(owners, list):
            return links.order_by(*order).values_list(f"{source}_id", value)
        return links.order_by(*order).values(value)

    def load_many_values(self, rows: list[Model]) -> None:
        """The to-many ids and slugs of ``rows``, where the rows did not bring them: one query per field on its
        link table, instead of a prefetch that builds a manager and a queryset for every row."""
        missing = [
            name for name in self.many_value_fields() if rows and many_values_attribute(name) not in rows[0].__dict__
        ]
        if not missing:
            return
        by_id = {row.pk: row.__dict__ for row in rows}
        for name in missing:
            attribute = many_values_attribute(name)
            for row in by_id.values():
                row[attribute] = []
            for owner, value in self._links(name, list(by_id)):
                by_id[owner][attribute].append(value)

    def paginate_queryset(self, queryset: QuerySet[Any, Any] | Sequence[Any]) -> list[Any] | None:
        page = super().paginate_queryset(queryset)
        if page is not None:
            self.load_many_values(page)
            self.log_reads(page)
        return page

    def get_object(self) -> Model:
        obj = super().get_object()
        if self.request.method in {"GET", "HEAD"}:  # a detail, its history, a custom read action
            self.log_reads([obj])
        return obj

    def log_reads(self, rows: list[Model]) -> None:
        """Log the restricted and confidential rows this request returns (one entry, see ``log_reads``)."""
        match = self.request.resolver_match
        log_reads(self.request.user, rows, via="api", view=match.view_name if match else self.request.path)

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        instance = self.get_object()
        self.load_many_values([instance])
        response = Response(self.get_serializer(instance).data)
        version = response.data.get("version") if isinstance(response.data, dict) else None
        if version is not None:
            response["ETag"] = f'"{version}"'
        return response

    def update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        response = super().update(request, *args, **kwargs)
        version = response.data.get("version") if isinstance(response.data, dict) else None
        if version is not None:
            response["ETag"] = f'"{version}"'
        return response

    def perform_create(self, serializer: serializers.BaseSerializer[Any]) -> None:
        serializer.instance = type(self).create_service(actor=self.request.user, **serializer.validated_data)
        self.reload_many_values(serializer.instance)

    def perform_update(self, serializer: serializers.BaseSerializer[Any]) -> None:
        serializer.instance = type(self).update_service(
            actor=self.request.user,
            instance=serializer.instance,
            expected_version=self.expected_version if self.requires_if_match() else parse_if_match(self.request),
            **serializer.validated_data,
        )
        self.reload_many_values(serializer.instance)

    def reload_many_values(self, instance: Model) -> None:
        """The to-many ids of a record just written, read again as a detail reads them (in one order, whatever
        order the link table returns): values loaded with the row before the write may be stale."""
        for name in self.many_value_fields():
            instance.__dict__.pop(many_values_attribute(name), None)
        self.load_many_values([instance])

    def perform_destroy(self, instance: Model) -> None:
        with transaction.atomic():
            if self.requires_if_match() and isinstance(instance, DomainModel):
                lock_version(instance, self.expected_version)  # a stale version: 412, nothing deleted
            type(self).delete_service(actor=self.request.user, instance=instance)

    @extend_schema(responses=HistoryEntrySerializer(many=True))
    @action(detail=True, methods=["get"], pagination_class=None, filterset_class=None)
    def history(self, request: Request, pk: str | None = None) -> Response:
        """The record's audit trail, newest first: who changed which fields, and when."""
        instance = self.get_object()
        return Response(HistoryEntrySerializer(history_entries(instance, request.user), many=True).data)


class AnnotatedViewSet(DomainViewSet):
    """Answers writes with the record as the list shows it (the selector's annotations included: overdue flags,
    counts)."""

    def perform_create(self, serializer: Any) -> None:
        super().perform_create(serializer)
        serializer.instance = self.get_queryset().get(pk=serializer.instance.pk)

    def perform_update(self, serializer: Any) -> None:
        super().perform_update(serializer)
        serializer.instance = self.get_queryset().get(pk=serializer.instance.pk)
