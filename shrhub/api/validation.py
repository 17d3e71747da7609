"""Request validation shared by every API view: unknown or silently ignored query parameters, JSON body
types taken at their word, and the version a write is based on (``If-Match``)."""

from __future__ import annotations

import re
from typing import Any

import django_filters
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request

from ..drf import PreconditionRequired

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
            return _("Give a value, or leave the parameter out.")
        if isinstance(filter_, django_filters.BooleanFilter) and value not in {"true", "false"}:
            return _('Expected "true" or "false".')
    return None


def page_size_message(paginator: Any, name: str, values: list[str]) -> str | None:
    """``page_size`` is a whole number from 1 to the paginator's maximum: DRF would silently use its default
    for anything else, and quietly cut larger sizes down."""
    if paginator is None or name != getattr(paginator, "page_size_query_param", None):
        return None
    largest = paginator.max_page_size
    if any(not (v.isascii() and v.isdigit() and len(v) < 10 and 1 <= int(v) <= largest) for v in values):
        return _("Expected a whole number from 1 to %(largest)d.") % {"largest": largest}
    return None


def json_type_errors(serializer: serializers.BaseSerializer[Any], data: Any) -> dict[str, list[str]]:
    """Values of a JSON body whose type is not the one the field (and so the schema) declares. DRF would coerce
    them (``0`` into ``"0"``, ``"12"`` into 12, ``"yes"`` into true); the API takes JSON types at their word.
    Form and multipart bodies carry only strings and are left to the fields."""
    if not isinstance(data, dict) or not isinstance(serializer, serializers.Serializer):
        return {}  # a list serializer's items are checked by their own serializer
    errors: dict[str, list[str]] = {}
    for name, field in serializer.fields.items():
        if field.read_only or name not in data:
            continue
        expected = _json_types(field)
        value = data[name]
        if value is None or expected is None:
            continue
        if not _is_json_type(value, expected):
            errors[name] = [str(_JSON_TYPE_EXPECTED[expected])]
        elif isinstance(field, serializers.ListField | serializers.ManyRelatedField) and isinstance(value, list):
            child = field.child if isinstance(field, serializers.ListField) else field.child_relation
            child_types = _json_types(child)
            if child_types is not None and not all(_is_json_type(item, child_types) for item in value):
                errors[name] = [str(_JSON_LIST_EXPECTED[child_types])]
    return errors


def refuse_json_type_errors(serializer: serializers.BaseSerializer[Any], data: Any) -> None:
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


# Whole sentences per JSON type, so that each translates as a sentence.
_JSON_TYPE_EXPECTED = {
    (str,): gettext_lazy("Expected a string."),
    (int,): gettext_lazy("Expected an integer."),
    (int, float): gettext_lazy("Expected a number."),
    (bool,): gettext_lazy("Expected true or false."),
    (list,): gettext_lazy("Expected a list."),
}
_JSON_LIST_EXPECTED = {
    (str,): gettext_lazy("Expected a list of a string values."),
    (int,): gettext_lazy("Expected a list of an integer values."),
    (int, float): gettext_lazy("Expected a list of a number values."),
    (bool,): gettext_lazy("Expected a list of true or false values."),
    (list,): gettext_lazy("Expected a list of a list values."),
}


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


# The version a write is based on -------------------------------------------------------------------------------

IF_MATCH = re.compile(r'(?:W/)?"([0-9]{1,18})"', re.ASCII)


def parse_if_match(request: Request) -> int | None:
    """``If-Match: "3"`` (or ``W/"3"``) → 3; ``*`` (any version) → None; anything else is a 400, never ignored."""
    raw = request.headers.get("If-Match")
    if raw is None:
        return None
    raw = raw.strip()
    if raw == "*":
        return None
    match = IF_MATCH.fullmatch(raw)
    if match is None:
        raise ValidationError({"If-Match": [_('Expected the ETag of the record, e.g. "3".')]})
    return int(match.group(1))


IF_MATCH_REQUIRED_MESSAGE = gettext_lazy(
    'Send the ETag of the version you read, e.g. "3": this action must be based on it (not *).'
)


def require_if_match(request: Request) -> int:
    """The version an action must be based on, from ``If-Match: "3"``. Missing, or ``*`` (any version), answers
    428 with the message under ``If-Match``; a malformed header 400 (``parse_if_match``)."""
    version = parse_if_match(request)  # None for a missing header and for *
    if version is None:
        raise PreconditionRequired(detail={"If-Match": [IF_MATCH_REQUIRED_MESSAGE]})
    return version
