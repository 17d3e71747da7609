"""API foundations every app's viewsets build on: permissions, paging, errors, history and versions."""

from __future__ import annotations

import copy
import datetime
from collections.abc import Callable
from typing import Any, ClassVar

import django_filters
from django.contrib.auth import get_user_model
from django.contrib.postgres.expressions import ArraySubquery
from django.core.exceptions import FieldDoesNotExist
from django.db import connections, transaction
from django.db.models import ForeignKey, ManyToManyField, Model, OuterRef, Prefetch, QuerySet
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.fields import SkipField
from rest_framework.relations import MANY_RELATION_KWARGS, PKOnlyObject
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.settings import ISO_8601, api_settings

from .audit import Related, history_entries
from .drf import parse_if_match, require_if_match
from .models import hidden_fields, log_reads
from .services import lock_version


class PrefetchedManyRelatedField(serializers.ManyRelatedField):
    """A to-many field that reads a prefetched relation straight from the prefetch cache.

    DRF builds a related manager and a queryset for every row and field just to reach rows already loaded: on
    a page of 50 rows with three such fields that is most of the serializer's time.
    """

    def get_attribute(self, instance: Model) -> Any:
        cache = getattr(instance, "_prefetched_objects_cache", None)
        if cache and len(self.source_attrs) == 1 and self.source_attrs[0] in cache:
            return cache[self.source_attrs[0]]
        return super().get_attribute(instance)


class PrefetchAwareMany:
    """Mixin for relational fields: ``many=True`` makes a ``PrefetchedManyRelatedField``."""

    @classmethod
    def many_init(cls, *args, **kwargs) -> PrefetchedManyRelatedField:
        list_kwargs = {"child_relation": cls(*args, **kwargs)}
        list_kwargs.update({key: value for key, value in kwargs.items() if key in MANY_RELATION_KWARGS})
        return PrefetchedManyRelatedField(**list_kwargs)


class PrimaryKeyRelatedField(PrefetchAwareMany, serializers.PrimaryKeyRelatedField):
    """DRF's primary-key relation, reading prefetched to-many relations from the prefetch cache."""


class SlugRelatedField(PrefetchAwareMany, serializers.SlugRelatedField):
    """DRF's slug relation, reading prefetched to-many relations from the prefetch cache."""


class UserReferenceField(PrimaryKeyRelatedField):
    """A user by id in a field of the model's ``user_references``: accepts exactly the users the service accepts
    (``shrhub.selectors.assignable_users``), plus those the record already names."""

    def __init__(self, **kwargs: Any):
        self.access_only = kwargs.pop("access_only", False)
        if not kwargs.get("read_only"):
            kwargs.setdefault("queryset", get_user_model().objects.none())
        super().__init__(**kwargs)

    def get_queryset(self) -> QuerySet:
        from .selectors import assignable_users
        from .services import stored_user_ids

        bound = self.parent if isinstance(self.parent, serializers.ManyRelatedField) else self
        instance = getattr(bound.parent, "instance", None)
        kept = stored_user_ids(instance, bound.source) if isinstance(instance, Model) else set()
        return assignable_users(access_only=self.access_only, keep=kept)


# Serializer fields whose output, for a value already of a JSON type, is that value (``str(v)`` of a str,
# ``int(v)`` of an int, a choice's own value...): the fast path copies such values without calling them.
PLAIN_FIELDS = (
    serializers.CharField,
    serializers.IntegerField,
    serializers.BooleanField,
    serializers.ChoiceField,
)
JSON_TYPES = (str, int, bool)
COPY, DATE, DATETIME, MANY, FIELD = "copy", "date", "datetime", "many", "field"
MANY_VALUES = "many_values_"  # + field name: the ids or slugs of a to-many field, loaded with the row


def many_values_attribute(name: str) -> str:
    return f"{MANY_VALUES}{name}"


def _iso(field: serializers.Field, default: str | None) -> bool:
    output = getattr(field, "format", default)
    return isinstance(output, str) and output.lower() == ISO_8601


class DomainSerializer(serializers.ModelSerializer):
    """A model serializer that never sends (nor accepts) restricted fields the requesting user may not see.

    Two things DRF redoes for every request are done once: the fields a ``ModelSerializer`` derives from its
    model are built once per class (and copied, as DRF copies declared fields), and reading is planned once per
    serializer: plain values are copied as they are, a foreign key's id is read from its column and dates are
    written in ISO 8601 with the timezone looked up once, exactly as DRF would write them but without its
    per-field calls; every other field goes through DRF. On a list of 50 rows this is the difference between
    the serializer dominating a request and not showing in its profile.
    """

    serializer_related_field = PrimaryKeyRelatedField
    _field_templates: ClassVar[dict[type, dict[str, serializers.Field]]] = {}

    def get_fields(self) -> dict[str, serializers.Field]:
        template = DomainSerializer._field_templates.get(type(self))
        if template is None:
            template = DomainSerializer._field_templates[type(self)] = super().get_fields()
        fields = copy.deepcopy(template)
        request = self.context.get("request")
        user = getattr(request, "user", None)
        for name in hidden_fields(self.Meta.model, user):
            fields.pop(name, None)
        return fields

    def to_representation(self, instance: Model) -> dict[str, Any]:
        plan = self.__dict__.get("_read_plan")
        if plan is None:
            plan = self._read_plan = self._plan_reading()
        data: dict[str, Any] = {}
        for name, kind, attname, field, zone in plan:
            if kind is MANY:
                loaded = instance.__dict__.get(attname)
                if loaded is not None:
                    data[name] = loaded
                    continue
            elif kind is not FIELD:
                value = getattr(instance, attname)
                if value is None or (kind is COPY and type(value) in JSON_TYPES):
                    data[name] = value
                elif kind is DATE and type(value) is datetime.date:
                    data[name] = value.isoformat()
                elif kind is DATETIME and type(value) is datetime.datetime and value.tzinfo is not None:
                    text = value.astimezone(zone).isoformat()
                    data[name] = text[:-6] + "Z" if text.endswith("+00:00") else text
                else:
                    data[name] = field.to_representation(value)
                continue
            try:
                attribute = field.get_attribute(instance)
            except SkipField:
                continue
            check = attribute.pk if isinstance(attribute, PKOnlyObject) else attribute
            data[name] = None if check is None else field.to_representation(attribute)
        return data

    def _plan_reading(self) -> list[tuple[str, str, str | None, serializers.Field, Any]]:
        """``(output name, kind, model attribute, field, timezone)`` for every readable field, in order."""
        return [(field.field_name, *self._plan_field(field)) for field in self._readable_fields]

    def _plan_field(self, field: serializers.Field) -> tuple[str, str | None, serializers.Field, Any]:
        """How to read one field: straight from a model attribute when DRF's output is a plain function of it."""
        generic = (FIELD, None, field, None)
        if isinstance(field, PrefetchedManyRelatedField):
            return MANY, many_values_attribute(field.field_name), field, None
        if len(field.source_attrs) != 1:
            return generic
        try:
            model_field = self.Meta.model._meta.get_field(field.source_attrs[0])
        except FieldDoesNotExist:
            return generic
        if isinstance(field, PLAIN_FIELDS) and not model_field.is_relation:
            return COPY, model_field.attname, field, None
        if (
            isinstance(field, serializers.PrimaryKeyRelatedField)
            and not getattr(field, "masked", False)  # a masked link is read as its reader may see it
            and field.pk_field is None
            and isinstance(model_field, ForeignKey)
            and model_field.target_field.primary_key
        ):
            return COPY, model_field.attname, field, None  # DRF sends PKOnlyObject(pk=<the column>).pk
        if isinstance(field, serializers.DateTimeField) and not model_field.is_relation:
            zone = field.timezone if hasattr(field, "timezone") else field.default_timezone()
            if _iso(field, api_settings.DATETIME_FORMAT) and zone is not None:
                return DATETIME, model_field.attname, field, zone
        elif isinstance(field, serializers.DateField) and not model_field.is_relation:
            return (DATE, model_field.attname, field, None) if _iso(field, api_settings.DATE_FORMAT) else generic
        return generic


class HistoryEntrySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    when = serializers.DateTimeField()
    action = serializers.CharField()
    user = serializers.CharField()
    user_id = serializers.IntegerField(allow_null=True)
    reason = serializers.CharField()
    changes = serializers.SerializerMethodField()

    def get_changes(self, entry) -> list[dict[str, Any]]:
        """Each change as ``{"field", "old", "new"}``; a related record is ``{"id", "name", "hidden"}`` (a list of
        them for a many-to-many field), and one the user may not see is ``{"id": null, "name": "a record you
        cannot see", "hidden": true}``, once per list (see ``shrhub.audit``)."""
        return [{"field": c.field, "old": _jsonable(c.old), "new": _jsonable(c.new)} for c in entry.changes]


def _jsonable(value: Any) -> Any:
    if isinstance(value, Related):
        return {"id": value.pk, "name": value.label, "hidden": value.hidden}
    if isinstance(value, tuple | list):
        return [_jsonable(item) for item in value]
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)


# Writes of one record that must be based on the version the client read, when the record is versioned.
VERSIONED_WRITES = frozenset({"update", "partial_update", "destroy"})

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


def refuse_json_type_errors(serializer: serializers.Serializer, data: Any) -> None:
    """A 400 with a message per field whose JSON value has another type than the field declares."""
    errors = json_type_errors(serializer, data)
    if errors:
        raise ValidationError(errors)


def validated_payload(serializer: serializers.Serializer) -> dict[str, Any]:
    """Validate the body of a custom action (a serializer built by hand) as ``DomainViewSet`` validates its own:
    JSON types taken at their word, then the fields' rules; a 400 with field messages otherwise."""
    refuse_json_type_errors(serializer, getattr(serializer, "initial_data", None))
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


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

    def initial(self, request: Request, *args, **kwargs) -> None:
        super().initial(request, *args, **kwargs)
        if self.action == "list":
            self.reject_unknown_params(request)
        elif (
            self.action in VERSIONED_WRITES
            and self.requires_if_match()
            and request.method.lower() in self.http_method_names
        ):
            # After authentication and permissions (401/403 first), before the record is looked up: the answer
            # is the same whether or not the record exists. A method the view does not offer stays a 405.
            self.expected_version = require_if_match(request)

    @classmethod
    def is_versioned(cls) -> bool:
        """Whether the viewset's records carry a ``version`` (stale writes are refused)."""
        return any(field.name == "version" for field in cls.queryset.model._meta.concrete_fields)

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
        if hasattr(filterset_class, "filters_for"):
            filters = filterset_class.filters_for(request.user)  # without building a FilterSet just for this
        elif filterset_class is not None:
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
    def related_prefetch(cls, name: str, user) -> Prefetch:
        """A to-many relation loaded in the order the loaded-ids path (``_links``) writes it — the related model's
        own order, else its primary key — so that every answer lists the same ids in the same order; only the
        records the user may see for ``visible_many`` fields."""
        related = cls._related_model(name)
        queryset = related.objects.visible_to(user) if name in cls.visible_many else related._default_manager.all()
        return Prefetch(name, queryset=queryset.order_by(*cls._related_order(name)))

    @classmethod
    def _related_order(cls, name: str) -> list[str]:
        """The order a to-many relation's records are listed in: the related model's own, else its primary key."""
        return list(cls._related_model(name)._meta.ordering) or ["pk"]

    def loads_many_values(self) -> bool:
        """Lists and details load their to-many ids and slugs themselves; other actions use ``prefetch_related``."""
        return self.action == "retrieve" or (self.action == "list" and self.paginator is not None)

    @classmethod
    def _related_model(cls, name: str) -> type[Model]:
        return cls.queryset.model._meta.get_field(name).related_model

    @classmethod
    def many_value_fields(cls) -> dict[str, str]:
        """``{field: value path on the link table}`` for the ``prefetch`` and ``visible_many`` names that are
        forward many-to-many fields the serializer sends as primary keys or slugs."""
        found = cls.__dict__.get("_many_value_fields")
        if found is not None:
            return found
        fields = cls.serializer_class(context={}).fields
        found = {}
        for name in (*cls.prefetch, *cls.visible_many):
            model_field = cls.queryset.model._meta.get_field(name)
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
        model_field = type(self).queryset.model._meta.get_field(name)
        source, target = model_field.m2m_field_name(), model_field.m2m_reverse_field_name()
        lookup = f"{source}_id__in" if isinstance(owners, list) else f"{source}_id"
        links = model_field.remote_field.through.objects.filter(**{lookup: owners})
        if name in self.visible_many:
            visible = model_field.related_model.objects.visible_to(self.request.user)
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

    def paginate_queryset(self, queryset: QuerySet) -> list[Model] | None:
        page = super().paginate_queryset(queryset)
        if page is not None:
            self.load_many_values(page)
            self.log_reads(page)
        return page

    def get_object(self):
        obj = super().get_object()
        if self.request.method in {"GET", "HEAD"}:  # a detail, its history, a custom read action
            self.log_reads([obj])
        return obj

    def log_reads(self, rows: list[Model]) -> None:
        """Log the restricted and confidential rows this request returns (one entry, see ``log_reads``)."""
        match = self.request.resolver_match
        log_reads(self.request.user, rows, via="api", view=match.view_name if match else self.request.path)

    def retrieve(self, request: Request, *args, **kwargs) -> Response:
        instance = self.get_object()
        self.load_many_values([instance])
        response = Response(self.get_serializer(instance).data)
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
            expected_version=self.expected_version if self.requires_if_match() else parse_if_match(self.request),
            **serializer.validated_data,
        )

    def perform_destroy(self, instance) -> None:
        with transaction.atomic():
            if self.requires_if_match():
                lock_version(instance, self.expected_version)  # a stale version: 412, nothing deleted
            type(self).delete_service(actor=self.request.user, instance=instance)

    @extend_schema(responses=HistoryEntrySerializer(many=True))
    @action(detail=True, methods=["get"], pagination_class=None, filterset_class=None)
    def history(self, request: Request, pk: str | None = None) -> Response:
        """The record's audit trail, newest first: who changed which fields, and when."""
        instance = self.get_object()
        return Response(HistoryEntrySerializer(history_entries(instance, request.user), many=True).data)
