"""What an import of one kind of record reads: the API's fields for the importer, and how a cell becomes a value.

A row is validated by the kind's API serializer and written by its services, exactly as a ``POST`` or ``PATCH``
of the API would be (``shrhub.api.viewsets.DomainViewSet``): no second set of rules. The serializer is built for
the importer, so restricted fields they may not see cannot be mapped and links accept only records they may
see. Cells are text, as a form's are: a link by its id, or by the name of a record the importer may see; a list
as ``a; b``; a choice by its code or its label; yes/no in the three languages.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import FieldDoesNotExist
from django.db.models import Model, Q, QuerySet
from django.utils.translation import gettext as _
from rest_framework import serializers
from rest_framework.request import Request

from ..api.viewsets import DomainViewSet
from ..list_exports import exportable, user_request
from ..types import AnyUser
from .files import FORMULA

# The kinds a spreadsheet brings in, in the order the import page offers them.
IMPORTABLE = (
    "stakeholders.stakeholder",
    "stakeholders.position",
    "stakeholders.tenure",
    "stakeholders.relationship",
    "stakeholders.engagement",
    "stakeholders.assessment",
)
# Kinds whose new rows are compared with the records the importer sees by name within a scope (likely duplicates
# to confirm): kind → (name field, scope field).
DUPLICATE_CHECKS = {"stakeholders.stakeholder": ("name", "jurisdiction")}
KEY_COLUMNS = ("id", "external_id", "version")  # matching a row to a record, and refusing a stale one
LABEL_SUFFIX = "_label"  # an export's names of linked records: read-only, never imported
TRUE_WORDS = {"true", "yes", "1", "y", "x", "oui", "vrai", "sí", "si", "verdadero"}
FALSE_WORDS = {"false", "no", "0", "n", "non", "faux", "falso"}
NAME_FIELDS = ("name", "title", "label")
LIST_SEPARATOR = re.compile(r"\s*;\s*")


class CellError(Exception):
    """A cell whose text cannot become a value of its field; the message says why."""


@cache
def importable() -> dict[str, type[DomainViewSet]]:
    """``{"app_label.model_name": viewset}`` of the kinds the product imports."""
    return {label: exportable()[label] for label in IMPORTABLE if label in exportable()}


def folded(text: str) -> str:
    """Text compared without case or accents (``Ministère`` = ``ministere``)."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(char for char in decomposed if not unicodedata.combining(char)).casefold().strip()


class ImportKind:
    """One kind of record as ``user`` imports it: the API's serializer, selector and services for them."""

    def __init__(self, label: str, user: AnyUser) -> None:
        viewset_class = importable()[label]
        request = Request(user_request(user))
        request.user = user
        self.label = label
        self.user = user
        self.viewset = viewset_class(request=request, action="create", format_kwarg=None, args=(), kwargs={})
        self.model = viewset_class.record_model()
        self.serializer_class = self.viewset.get_serializer_class()
        template = self.serializer(None)
        self.fields: dict[str, serializers.Field] = {
            name: field for name, field in template.fields.items() if not field.read_only
        }
        self.readable = list(template.fields)
        self._names: dict[tuple[int, str], Any] = {}  # (field, folded name) → key, found once per batch
        self._keys: dict[int, set[str]] = {}  # field → the codes a vocabulary field accepts

    # What the file's columns may be -------------------------------------------------------------------------------

    @property
    def verbose_name(self) -> str:
        return str(self.model._meta.verbose_name)

    @property
    def verbose_name_plural(self) -> str:
        return str(self.model._meta.verbose_name_plural)

    def key_columns(self) -> list[str]:
        return [name for name in KEY_COLUMNS if name in self.readable]

    def targets(self) -> list[str]:
        """The fields a column may be matched to: the keys, then every field the importer may write."""
        return [*self.key_columns(), *(name for name in self.fields if name not in KEY_COLUMNS)]

    def template_columns(self) -> list[str]:
        """The columns of a blank template: every field the importer may write (``id`` and ``version`` are for
        updating exported rows)."""
        return [name for name in self.targets() if name not in ("id", "version")]

    def field_label(self, name: str) -> str:
        try:
            field = self.model._meta.get_field(name)
        except FieldDoesNotExist:
            return name.replace("_", " ")
        return str(getattr(field, "verbose_name", name))

    def describe(self, name: str) -> str:
        """What a template column takes, in the reader's language."""
        field = self.fields.get(name)
        if name == "external_id":
            return _("Its identifier in your source; rows with a known one update that record.")
        if name == "id":
            return _("The record's id in the Hub (from an export): the row updates it.")
        if name == "version":
            return _("The record's version when exported: a row is refused if the record has changed since.")
        if isinstance(field, serializers.ManyRelatedField):
            return _("Ids or names, separated by “;”.")
        if isinstance(field, serializers.RelatedField):
            return _("An id, or the name of a record you may see.")
        if isinstance(field, serializers.ChoiceField):
            return _("One of: %(values)s.") % {"values": ", ".join(str(value) for value in field.choices)}
        if isinstance(field, serializers.BooleanField):
            return _("yes or no; empty when unknown.")
        if isinstance(field, serializers.DateField):
            return _("A date, as 2026-12-31.")
        return ""

    def auto_mapping(self, headers: list[str]) -> dict[str, str]:
        """Each column matched to the field of the same name or label (any case, any accents); the rest unmapped."""
        by_name: dict[str, str] = {}
        for name in self.targets():
            by_name.setdefault(folded(name), name)
            by_name.setdefault(folded(self.field_label(name)), name)
        mapping: dict[str, str] = {}
        for header in headers:
            target = by_name.get(folded(header))
            if target is not None and not header.endswith(LABEL_SUFFIX) and target not in mapping.values():
                mapping[header] = target
        return mapping

    def clean_mapping(self, mapping: dict[str, str], headers: list[str]) -> dict[str, str]:
        """The mapping limited to the file's columns and the fields the importer may write, each field once."""
        targets, used = set(self.targets()), set()
        chosen = {folded(header): target for header, target in mapping.items()}
        cleaned = {}
        for header in headers:
            target = mapping.get(header, chosen.get(folded(header), ""))
            if target in targets and target not in used:
                cleaned[header] = target
                used.add(target)
        return cleaned

    # Reading and writing records ----------------------------------------------------------------------------------

    def serializer(self, instance: Model | None, **kwargs: Any) -> serializers.ModelSerializer:
        context = self.viewset.get_serializer_context()
        serializer = self.serializer_class(instance, context=context, **kwargs)
        assert isinstance(serializer, serializers.ModelSerializer)
        return serializer

    def visible(self) -> QuerySet:
        return type(self.viewset).selector(user=self.user)

    def representation(self, instance: Model, names: list[str]) -> dict[str, Any]:
        """The record as the API sends it to the importer, limited to ``names``."""
        if hasattr(self.viewset, "reload_many_values"):
            self.viewset.reload_many_values(instance)
        data = self.serializer(instance).data
        return {name: data.get(name) for name in names}

    def create(self, data: dict[str, Any]) -> Model:
        return type(self.viewset).create_service(actor=self.user, **data)

    def update(self, instance: Model, data: dict[str, Any]) -> Model:
        return type(self.viewset).update_service(actor=self.user, instance=instance, **data)

    def delete(self, instance: Model) -> None:
        type(self.viewset).delete_service(actor=self.user, instance=instance)

    def may(self, action: str) -> bool:
        opts = self.model._meta
        return bool(self.user.has_perm(f"{opts.app_label}.{action}_{opts.model_name}"))

    # Cells to values -------------------------------------------------------------------------------------------

    def values(self, cells: dict[str, str]) -> tuple[dict[str, Any], dict[str, list[str]]]:
        """The API data of one row (``{field: cell text}``), and a message per cell that cannot be read."""
        data: dict[str, Any] = {}
        errors: dict[str, list[str]] = {}
        for name, text in cells.items():
            if name in ("id", "version") or name not in self.fields:
                continue
            try:
                value = self.value(self.fields[name], text.strip())
            except CellError as error:
                errors[name] = [str(error)]
                continue
            if value is not OMIT:
                data[name] = value
        return data, errors

    def value(self, field: serializers.Field, text: str) -> Any:
        if text.startswith(FORMULA):
            raise CellError(
                _("This cell holds a formula (%(formula)s): the import reads values only. Paste it as a value.")
                % {"formula": text[len(FORMULA) :][:60]}
            )
        if isinstance(field, serializers.ManyRelatedField):
            items = [item for item in LIST_SEPARATOR.split(text) if item]
            return [self.related(field.child_relation, item) for item in items]
        if not text:
            return self.empty(field)
        if isinstance(field, serializers.RelatedField):
            return self.related(field, text)
        if isinstance(field, serializers.BooleanField):
            return self.boolean(text)
        if isinstance(field, serializers.ChoiceField):
            return self.choice(field, text)
        return text

    @staticmethod
    def empty(field: serializers.Field) -> Any:
        if getattr(field, "allow_null", False):
            return None
        if getattr(field, "allow_blank", False):
            return ""
        if field.required:
            raise CellError(_("This field is required."))
        return OMIT

    @staticmethod
    def boolean(text: str) -> Any:
        word = folded(text)
        if word in TRUE_WORDS or word == folded(_("Yes")):
            return True
        if word in FALSE_WORDS or word == folded(_("No")):
            return False
        raise CellError(_("Write yes or no (or leave it empty when unknown)."))

    @staticmethod
    def choice(field: serializers.ChoiceField, text: str) -> Any:
        if text in field.choices:
            return text
        for value, label in field.choices.items():
            if folded(str(label)) == folded(text) or folded(str(value)) == folded(text):
                return value
        raise CellError(
            _("“%(value)s” is not one of: %(values)s.") % {"value": text, "values": ", ".join(map(str, field.choices))}
        )

    def related(self, field: serializers.RelatedField, text: str) -> Any:
        """A link's value: the key itself when it names a record the field accepts, else the one record of that
        name the importer may see. The same message whether no record has that name or only hidden ones do."""
        queryset = field.get_queryset()
        if queryset is None:
            return text
        key = field.slug_field if isinstance(field, serializers.SlugRelatedField) else "pk"
        if key == "pk" and text.isdigit():
            return int(text)
        if key != "pk":
            keys = self._keys.get(id(field))
            if keys is None:  # a vocabulary: its codes, read once per batch
                keys = self._keys[id(field)] = {str(value) for value in queryset.values_list(key, flat=True)}
            if text in keys:
                return text
        cached = self._names.get((id(field), folded(text)))
        if cached is not None:
            return cached
        found = list(queryset.filter(self.name_filter(queryset.model, text)).values_list(key, flat=True)[:2])
        if len(found) == 1:
            self._names[(id(field), folded(text))] = found[0]
            return found[0]
        what = queryset.model._meta.verbose_name
        if found:
            raise CellError(
                _("Several %(what)s you may see are named “%(name)s”: give its id instead.")
                % {"what": queryset.model._meta.verbose_name_plural, "name": text}
            )
        raise CellError(_("No %(what)s you may see is named “%(name)s”.") % {"what": what, "name": text})

    @staticmethod
    def name_filter(model: type[Model], text: str) -> Q:
        if model is get_user_model():
            first, _space, last = text.partition(" ")
            return Q(username__iexact=text) | Q(first_name__iexact=first, last_name__iexact=last)
        names = [field.name for field in model._meta.concrete_fields if field.name in NAME_FIELDS]
        condition = Q(pk__in=[])
        for name in names:
            condition |= Q(**{f"{name}__iexact": text})
        return condition


class _Omit:
    def __repr__(self) -> str:
        return "OMIT"


OMIT = _Omit()  # an empty cell of a field with a default: the field is left out of the row's data
