"""Reading the audit trail: who changed which fields of a record, and when."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db import models

from .models import hidden_fields, user_label

ACTIONS = {"+": "created", "~": "changed", "-": "deleted"}
HIDDEN_FIELDS = {"version", "updated_at", "created_at"}


@dataclass
class Change:
    field: str
    label: str
    old: Any
    new: Any


@dataclass
class HistoryEntry:
    id: int
    when: datetime
    action: str
    user: str
    user_id: int | None
    reason: str
    changes: list[Change] = field(default_factory=list)


def _label(model: type[models.Model], name: str) -> str:
    try:
        return str(model._meta.get_field(name).verbose_name)
    except Exception:
        return name


def _value(record, name: str) -> Any:
    return getattr(record, name, None)


def history_entries(instance: models.Model, user=None) -> list[HistoryEntry]:
    """Every audit entry of ``instance``, newest first, each with the fields it changed. Restricted fields
    the ``user`` may not see are left out of the changes (pass ``user=None`` only for internal use)."""
    model = type(instance)
    records = list(instance.history.select_related("history_user").order_by("history_date", "history_id"))
    hidden = HIDDEN_FIELDS | (hidden_fields(model, user) if user is not None else set())
    tracked = [f.attname for f in model._meta.concrete_fields if f.attname not in hidden]
    m2m_fields = list(getattr(records[0], "_history_m2m_fields", [])) if records else []
    m2m_names = [f.name for f in m2m_fields]
    entries: list[HistoryEntry] = []
    previous = None
    previous_m2m: dict[str, set] = {}
    for record in records:
        changes: list[Change] = []
        current_m2m = {}
        for m2m_field in m2m_fields:
            target = m2m_field.m2m_reverse_field_name()
            rows = getattr(record, m2m_field.name).select_related(target)
            current_m2m[m2m_field.name] = {str(getattr(row, target)) for row in rows}
        for name in tracked:
            new = _value(record, name)
            old = _value(previous, name) if previous is not None else None
            if record.history_type == "-" or (previous is not None and old == new):
                continue
            if previous is None and new in (None, ""):
                continue
            changes.append(Change(name, _label(model, name.removesuffix("_id")), old, new))
        for name in m2m_names:
            old_set, new_set = previous_m2m.get(name, set()), current_m2m[name]
            if old_set != new_set:
                changes.append(Change(name, _label(model, name), sorted(old_set), sorted(new_set)))
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
        previous, previous_m2m = record, current_m2m
    entries.reverse()
    return entries
