"""Reading the audit trail: who changed which fields of a record, and when — as the reader may see it.

A record's history names other records (a foreign key's value, a many-to-many snapshot, now and in the
past). Each of those is shown only if the reader may see it today (``visible_to``); one they may not see is
a neutral placeholder, and a change that only a hidden value made is left out, so history never tells who
or what a hidden record is, nor that a hidden value changed.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

from django.contrib.auth import get_user_model
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.utils import get_history_manager_for_model

from shrhub.types import AnyUser

from .models import hidden_fields, related_model_of, user_label

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

ACTIONS = {"+": "created", "~": "changed", "-": "deleted"}
HIDDEN_FIELDS = {"version", "updated_at", "created_at"}
HIDDEN_LABEL = _("a record you cannot see")


@dataclass(frozen=True)
class Related:
    """Another record named in history: its name and page when the reader may see it, else only a placeholder
    (``pk`` is None and ``label`` is ``HIDDEN_LABEL``: nothing of the hidden record, not even its id)."""

    label: StrOrPromise
    url: str = ""
    pk: Any = None

    @property
    def hidden(self) -> bool:
        return self.pk is None

    def __str__(self) -> str:
        return str(self.label)


HIDDEN = Related(HIDDEN_LABEL)


@dataclass
class Change:
    field: str
    label: str
    old: Any
    new: Any
    kind: str = "value"  # "value", "related" (one Related or None) or "many" (a tuple of Related)


@dataclass
class HistoryEntry:
    id: int
    when: datetime
    action: str
    user: str
    user_id: int | None
    reason: str
    changes: list[Change] = field(default_factory=list)


def history_of(instance: models.Model) -> Any:
    """The record's own audit trail: simple_history's ``instance.history`` manager."""
    return instance.history  # type: ignore[attr-defined]  # added to each audited model by simple_history


def _label(model_field: models.Field[Any, Any]) -> str:
    return str(model_field.verbose_name)


def history_entries(instance: models.Model, user: AnyUser | None = None) -> list[HistoryEntry]:
    """Every audit entry of ``instance`` the ``user`` may learn of, newest first, each with the changes they may see.

    Guarantees, for a reader ``user`` (``user=None`` is for internal use only: no filtering at all):
    - restricted fields the user may not see (``hidden_fields``) are left out;
    - every related value (foreign key or many-to-many, current or past) is a ``Related``: named and linked if
      ``TargetModel.objects.visible_to(user)`` holds it, else the placeholder ``HIDDEN``; a list of values holds
      the placeholder once however many are hidden;
    - a change that shows the same before and after (it only touched hidden values) is left out, and so is a
      "changed" entry with nothing left to show when it did change something (a save that changed nothing at all
      stays: it tells nothing hidden);
    - the cost is a constant number of queries: the history rows, one per many-to-many field, one per
      related model — whatever the number of rows and values.
    """
    model = type(instance)
    history_model = get_history_manager_for_model(model).model
    records = list(history_of(instance).select_related("history_user").order_by("history_date", "history_id"))
    if not records:
        return []
    restricted = hidden_fields(model, user) if user is not None else set()
    fields = [f for f in history_model.tracked_fields if f.name not in HIDDEN_FIELDS]
    m2m_fields = list(history_model._history_m2m_fields)
    snapshots = {f.name: _m2m_snapshots(history_model, f, instance.pk) for f in m2m_fields}
    wanted: dict[type[models.Model], set[Any]] = defaultdict(set)
    for model_field in fields:
        if model_field.is_relation and model_field.name not in restricted:
            values = (getattr(record, model_field.attname) for record in records)
            wanted[related_model_of(model_field)].update(pk for pk in values if pk is not None)
    for model_field in m2m_fields:
        if model_field.name not in restricted:
            for ids in snapshots[model_field.name].values():
                wanted[related_model_of(model_field)].update(ids)
    shown = {target: _resolve(target, ids, user) for target, ids in wanted.items()}

    entries: list[HistoryEntry] = []
    previous = None
    for record in records:
        changes, changed_anything = _changes(model, record, previous, fields, m2m_fields, snapshots, restricted, shown)
        if record.history_type == "~" and changed_anything and not changes:
            previous = record
            continue  # only hidden values changed: the entry itself would tell that they did
        entries.append(
            HistoryEntry(
                id=record.history_id,
                when=record.history_date,
                action=ACTIONS.get(record.history_type, record.history_type),
                user=user_label(record.history_user),
                user_id=record.history_user_id,
                reason=record.history_change_reason or "",
                changes=changes,
            )
        )
        previous = record
    entries.reverse()
    return entries


def _changes(
    model: type[models.Model],
    record: Any,
    previous: Any,
    fields: list[models.Field[Any, Any]],
    m2m_fields: list[models.ManyToManyField[Any, Any]],
    snapshots: dict[str, dict[int, frozenset[Any]]],
    restricted: set[str],
    shown: dict[type[models.Model], dict[Any, Related]],
) -> tuple[list[Change], bool]:
    """The changes of ``record`` against ``previous`` (history rows) the reader may see, and whether it changed
    anything at all."""
    if record.history_type == "-":
        return [], False
    plain, plain_changed = _field_changes(record, previous, fields, restricted, shown)
    many, many_changed = _many_changes(record, previous, m2m_fields, snapshots, restricted, shown)
    return [*plain, *many], plain_changed or many_changed


def _field_changes(
    record: Any,
    previous: Any,
    fields: list[models.Field[Any, Any]],
    restricted: set[str],
    shown: dict[type[models.Model], dict[Any, Related]],
) -> tuple[list[Change], bool]:
    changes: list[Change] = []
    changed_anything = False
    for model_field in fields:
        new = getattr(record, model_field.attname)
        old = getattr(previous, model_field.attname) if previous is not None else None
        if previous is None and new in (None, ""):
            continue
        if previous is not None and old == new:
            continue
        changed_anything = True
        if model_field.name in restricted:
            continue
        if model_field.is_relation:
            targets = shown[related_model_of(model_field)]
            old_shown = None if old is None else targets.get(old, HIDDEN)
            new_shown = None if new is None else targets.get(new, HIDDEN)
            if previous is None or old_shown != new_shown:
                changes.append(Change(model_field.name, _label(model_field), old_shown, new_shown, "related"))
        else:
            changes.append(Change(model_field.name, _label(model_field), old, new))
    return changes, changed_anything


def _many_changes(
    record: Any,
    previous: Any,
    m2m_fields: list[models.ManyToManyField[Any, Any]],
    snapshots: dict[str, dict[int, frozenset[Any]]],
    restricted: set[str],
    shown: dict[type[models.Model], dict[Any, Related]],
) -> tuple[list[Change], bool]:
    changes: list[Change] = []
    changed_anything = False
    for model_field in m2m_fields:
        by_record = snapshots[model_field.name]
        new_ids = by_record.get(record.history_id, frozenset())
        old_ids = by_record.get(previous.history_id, frozenset()) if previous is not None else frozenset()
        if old_ids == new_ids:
            continue
        changed_anything = True
        if model_field.name in restricted:
            continue
        targets = shown[related_model_of(model_field)]
        old_shown, new_shown = _many(old_ids, targets), _many(new_ids, targets)
        if old_shown != new_shown:
            changes.append(Change(model_field.name, _label(model_field), old_shown, new_shown, "many"))
    return changes, changed_anything


def _many(ids: Iterable[Any], targets: dict[Any, Related]) -> tuple[Related, ...]:
    """The values of a many-to-many snapshot as the reader sees them, by name.

    However many of them are hidden, the placeholder appears once: a count would let the reader follow hidden
    records being added and removed (2 → 3 hidden says one was linked) and size what they may not see.
    """
    visible = sorted((targets[pk] for pk in ids if pk in targets), key=lambda ref: (ref.label.casefold(), str(ref.pk)))
    hidden = any(pk not in targets for pk in ids)
    return (*visible, HIDDEN) if hidden else tuple(visible)


def _m2m_snapshots(
    history_model: type[models.Model], m2m_field: models.ManyToManyField, pk: Any
) -> dict[int, frozenset]:
    """For every history row of record ``pk``, the target ids its many-to-many field held then (one query)."""
    through = getattr(history_model, m2m_field.name).model
    target = through._meta.get_field(m2m_field.m2m_reverse_field_name()).attname
    by_record: dict[int, set] = defaultdict(set)
    for history_id, target_id in through._default_manager.filter(history__id=pk).values_list("history_id", target):
        by_record[history_id].add(target_id)
    return {history_id: frozenset(ids) for history_id, ids in by_record.items()}


def _resolve(target: type[models.Model], ids: set[Any], user: AnyUser | None) -> dict[Any, Related]:
    """The records among ``ids`` the user may see, by id, named and linked (one query).

    A record missing from the answer — hidden from the user, or deleted since — is shown as the placeholder:
    telling the two apart would confirm that a hidden record still exists.
    """
    if not ids:
        return {}
    if target is get_user_model():
        # Company staff accounts are not domain records (they have no visibility level and pages name them:
        # authors, participants, named users), so history names them as it names its own authors.
        return {u.pk: Related(user_label(u), "", u.pk) for u in target._default_manager.filter(pk__in=ids)}
    manager = target._default_manager
    if user is None:
        queryset = manager.all()
    elif hasattr(manager, "visible_to"):
        queryset = manager.visible_to(user)
    else:
        return {}  # a model that cannot say who sees it shows nobody its records
    # One level of foreign keys covers what names and links read (a position's organisation, a tenure's holder).
    related = [f.name for f in target._meta.concrete_fields if f.many_to_one]
    rows = queryset.filter(pk__in=ids).select_related(*related)
    return {row.pk: Related(str(row), _url(row), row.pk) for row in rows}


def _url(record: models.Model) -> str:
    get_url = getattr(record, "get_absolute_url", None)
    return get_url() if get_url is not None else ""
