"""The serializer base of every app's API and the relational fields it builds on."""

from __future__ import annotations

import copy
import datetime
from typing import Any, ClassVar

from django.contrib.auth import get_user_model
from django.core.exceptions import FieldDoesNotExist
from django.db.models import Field as ModelField
from django.db.models import ForeignKey, Model, QuerySet
from rest_framework import ISO_8601, serializers
from rest_framework.fields import SkipField
from rest_framework.relations import MANY_RELATION_KWARGS, PKOnlyObject
from rest_framework.settings import api_settings

from ..audit import HistoryEntry, Related
from ..hiding import seen_link_id
from ..models import hidden_fields


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
    def many_init(cls, *args: Any, **kwargs: Any) -> PrefetchedManyRelatedField:
        list_kwargs: dict[str, Any] = {"child_relation": cls(*args, **kwargs)}
        list_kwargs.update({key: value for key, value in kwargs.items() if key in MANY_RELATION_KWARGS})
        return PrefetchedManyRelatedField(**list_kwargs)


class PrimaryKeyRelatedField(PrefetchAwareMany, serializers.PrimaryKeyRelatedField):
    """DRF's primary-key relation, reading prefetched to-many relations from the prefetch cache."""


class SlugRelatedField(PrefetchAwareMany, serializers.SlugRelatedField):
    """DRF's slug relation, reading prefetched to-many relations from the prefetch cache."""


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


def bound(field: serializers.Field) -> tuple[str, str]:
    """A bound field's name on its serializer and its source (DRF sets both in ``bind()``, before any read)."""
    if field.field_name is None or field.source is None:
        raise TypeError(f"{type(field).__name__} is not bound to a serializer yet.")
    return field.field_name, field.source


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
            if kind is MANY and attname is not None:
                loaded = instance.__dict__.get(attname)
                if loaded is not None:
                    data[name] = loaded
                    continue
            elif kind is not FIELD and attname is not None:
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
        return [(bound(field)[0], *self._plan_field(field)) for field in self._readable_fields]

    def _plan_field(self, field: serializers.Field) -> tuple[str, str | None, serializers.Field, Any]:
        """How to read one field: straight from a model attribute when DRF's output is a plain function of it."""
        generic = (FIELD, None, field, None)
        if isinstance(field, PrefetchedManyRelatedField):
            return MANY, many_values_attribute(bound(field)[0]), field, None
        if len(field.source_attrs) != 1:
            return generic
        try:
            model: type[Model] = self.Meta.model
            model_field = model._meta.get_field(field.source_attrs[0])
        except FieldDoesNotExist:
            return generic
        if not isinstance(model_field, ModelField):
            return generic  # a reverse relation: DRF reads it
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

    def get_changes(self, entry: HistoryEntry) -> list[dict[str, Any]]:
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


class VisibleRelatedField(PrimaryKeyRelatedField):
    """A reference to another record: only records the requesting user may see are accepted.

    A hidden record answers exactly like a missing one, so the API never confirms that it exists.
    """

    def get_queryset(self) -> QuerySet[Any, Any] | None:
        queryset = super().get_queryset()
        request = self.context.get("request")
        if request is not None and queryset is not None and hasattr(queryset, "visible_to"):
            return queryset.visible_to(request.user)
        return queryset


class MaskedLinkField(VisibleRelatedField):
    """A link the record keeps to a record its reader may not see (``masked_links``): sent as null to them, and
    kept as it is when they write null (``shrhub.hiding.keep_hidden_links``)."""

    masked = True

    def get_attribute(self, instance: Model) -> PKOnlyObject | None:
        request = self.context.get("request")
        pk = seen_link_id(instance, bound(self)[1], getattr(request, "user", None))
        return None if pk is None else PKOnlyObject(pk=pk)


# The fields every versioned record sends, read-only, last.
META_FIELDS = ["version", "created_at", "updated_at"]


# The fields of a confidential record (``shrhub.models.Confidential``): its level and who else may read it.
class UserReferenceField(PrimaryKeyRelatedField):
    """A user by id in a field of the model's ``user_references``: accepts exactly the users the service accepts
    (``shrhub.selectors.assignable_users``), plus those the record already names."""

    def __init__(self, **kwargs: Any) -> None:
        self.access_only = kwargs.pop("access_only", False)
        if not kwargs.get("read_only"):
            kwargs.setdefault("queryset", get_user_model().objects.none())
        super().__init__(**kwargs)

    def get_queryset(self) -> QuerySet:
        from ..selectors import assignable_users
        from ..services import stored_user_ids

        bound_field = self.parent if isinstance(self.parent, serializers.ManyRelatedField) else self
        instance = getattr(bound_field.parent, "instance", None)
        kept = stored_user_ids(instance, bound(bound_field)[1]) if isinstance(instance, Model) else set()
        return assignable_users(access_only=self.access_only, keep=kept)


CONFIDENTIALITY_FIELDS = ["confidentiality", "cleared_users"]


class ConfidentialSerializer(DomainSerializer):
    """A serializer of a confidential record: ``cleared_users`` are the accounts a grant of access may name
    (``shrhub.selectors.assignable_users(access_only=True)``), by id.

    List ``*CONFIDENTIALITY_FIELDS`` in ``Meta.fields`` (``confidentiality`` is the model's own field)."""

    cleared_users = UserReferenceField(access_only=True, many=True, required=False)
