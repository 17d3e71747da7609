"""The one way domain records are written: validated, atomic, versioned and audited with their author."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any, TypeVar

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.utils import bulk_update_with_history, get_history_manager_for_model

from shrhub.types import AnyUser

from .hiding import keep_hidden_links
from .models import DomainModel, Jurisdiction, concrete_field, link_table

M = TypeVar("M", bound=models.Model)


class StaleVersion(ValidationError):
    """The record changed since the editor loaded it; the edit is refused, not merged."""

    def __init__(self, instance: DomainModel, expected: int) -> None:
        self.instance = instance
        self.expected = expected
        super().__init__(
            gettext(
                "This record was changed by someone else (now version %(version)s, your edit was based "
                "on version %(expected)s). Review their change and apply yours again."
            )
            % {"version": instance.version, "expected": expected},
            code="stale",
        )


def split_m2m(model: type[models.Model], data: Mapping[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """Separate many-to-many values (set after saving) from plain field values."""
    m2m_names = {f.name for f in model._meta.many_to_many}
    plain = {k: v for k, v in data.items() if k not in m2m_names}
    m2m = {k: v for k, v in data.items() if k in m2m_names}
    return plain, m2m


def lock_version(instance: DomainModel, expected_version: int | None) -> None:
    """Lock a stored versioned record's row until the transaction ends and put its stored version on
    ``instance``; raise ``StaleVersion`` (nothing changed) when ``expected_version`` is given and differs.

    Call it inside the transaction that writes or deletes the record, so no other write slips in between."""
    rows = type(instance)._base_manager.select_for_update().filter(pk=instance.pk)
    current = rows.values_list("version", flat=True).first()
    if current is None:
        return
    instance.version = current
    if expected_version is not None and current != expected_version:
        raise StaleVersion(instance, expected_version)


@transaction.atomic
def save_object(
    instance: M,
    *,
    actor: AnyUser | None,
    data: Mapping[str, Any] | None = None,
    expected_version: int | None = None,
    reason: str = "",
    exclude_clean: Iterable[str] = (),
) -> M:
    """Apply ``data`` to ``instance``, validate it fully, save it and record who did it.

    Raises ``ValidationError`` (field messages) on bad input and ``StaleVersion`` when
    ``expected_version`` is older than the stored one; nothing is written in either case.
    """
    plain, m2m = split_m2m(type(instance), data or {})
    keep_hidden_links(instance, plain, m2m, actor)
    check_user_references(instance, {**plain, **m2m})
    if isinstance(instance, DomainModel):
        if instance.pk is not None:
            lock_version(instance, expected_version)  # DomainModel.save() then moves the version on by one
        instance._validated_for = actor  # a duplicate of a record the actor may not see is refused unnamed
    for name, value in plain.items():
        setattr(instance, name, value)
    instance.full_clean(exclude=list(exclude_clean))
    stamp_audit(instance, actor, reason)
    history = getattr(instance, "history", None)
    last_before = (
        history.order_by("-history_id").values_list("history_id", flat=True).first()
        if (history is not None and instance.pk is not None)
        else None
    )
    instance.save()
    for name, values in m2m.items():
        getattr(instance, name).set(values)
    _keep_author_cleared(instance, actor)
    if m2m and history is not None:
        _collapse_history(history, after=last_before)
    return instance


# The reason every save in the current context records when its service gives none (an import's batch).
CHANGE_REASON: ContextVar[str] = ContextVar("change_reason", default="")


@contextmanager
def change_reason(reason: str) -> Iterator[None]:
    """Record ``reason`` in the history of every record saved inside the block (unless its service says why)."""
    token = CHANGE_REASON.set(reason)
    try:
        yield
    finally:
        CHANGE_REASON.reset(token)


def stamp_audit(row: models.Model, actor: AnyUser | None, reason: str = "", *, audited: bool = True) -> None:
    """Tell the audit trail (simple_history) who makes the next save or delete of ``row`` and why, or
    (``audited=False``) to record nothing. It reads these attributes off the instance; no model declares them."""
    row._history_user = actor  # type: ignore[attr-defined]  # read by simple_history, declared by no model
    reason = reason or CHANGE_REASON.get()
    if reason:
        row._change_reason = reason  # type: ignore[attr-defined]  # read by simple_history, declared by no model
    if not audited:
        row.skip_history_when_saving = True  # type: ignore[attr-defined]  # read by simple_history, as above


NOT_ASSIGNABLE = _("Choose an active account of someone who uses the Hub (this one is inactive or API-only).")
NOT_ACTIVE = _("Choose an active account (this one is inactive).")


def stored_user_ids(instance: models.Model, name: str) -> set[int]:
    """The users a stored record names in field ``name`` (a foreign key or a many-to-many), as ids."""
    if instance.pk is None:
        return set()
    field = instance._meta.get_field(name)
    rows = type(instance)._base_manager.filter(pk=instance.pk)
    if isinstance(field, models.ManyToManyField):
        return set(rows.exclude(**{f"{name}__isnull": True}).values_list(name, flat=True))
    return {pk for pk in rows.values_list(concrete_field(type(instance), name).attname, flat=True) if pk is not None}


def check_user_references(instance: models.Model, data: Mapping[str, Any]) -> None:
    """Every user ``data`` newly names in a field of ``user_references`` follows the one rule
    (``shrhub.selectors.assignable_users``); users the record already names stay. ``ValidationError`` per field."""
    from .models import ACCESS
    from .selectors import assignable_users

    errors = {}
    for name, kind in getattr(type(instance), "user_references", {}).items():
        if name not in data or data[name] is None:
            continue
        values = data[name] if instance._meta.get_field(name).many_to_many else [data[name]]
        wanted = {getattr(value, "pk", value) for value in values} - stored_user_ids(instance, name)
        if not wanted:
            continue
        allowed = assignable_users(access_only=kind == ACCESS).filter(pk__in=wanted).values_list("pk", flat=True)
        if set(allowed) != wanted:
            errors[name] = NOT_ACTIVE if kind == ACCESS else NOT_ASSIGNABLE
    if errors:
        raise ValidationError(errors)


def _keep_author_cleared(instance: models.Model, actor: AnyUser | None) -> None:
    """Whoever raises a record above what their role may see stays named on it, so they never lose it."""
    from .models import ConfidentialModel, account, confidentiality_q

    author = account(actor)
    if not isinstance(instance, ConfidentialModel) or author is None:
        return
    visible = type(instance)._base_manager.filter(pk=instance.pk).filter(confidentiality_q(type(instance), author))
    if not visible.exists():
        instance.cleared_users.add(author)


def _collapse_history(history: Any, *, after: int | None) -> None:
    """One audit entry per save: m2m signals add an entry per field; keep the last, typed as the first.
    ``history`` is the record's own history manager (simple_history's ``instance.history``)."""
    rows = history.order_by("history_id")
    if after is not None:
        rows = rows.filter(history_id__gt=after)
    rows = list(rows)
    if len(rows) < 2:
        return
    first, last = rows[0], rows[-1]
    if last.history_type != first.history_type:
        type(last).objects.filter(pk=last.pk).update(history_type=first.history_type)
    type(last).objects.filter(pk__in=[r.pk for r in rows[:-1]]).delete()


@transaction.atomic
def write_fields(
    rows: models.QuerySet[M] | Iterable[M],
    values: Mapping[str, Any] | Callable[[M], Mapping[str, Any]],
    *,
    actor: AnyUser | None,
    reason: str = "",
    audited: bool = True,
) -> list[M]:
    """The one way to set fields on stored rows outside a form (derived values, erasure, catalogue reloads,
    links removed with a deleted record): never a raw ``QuerySet.update()``, which would skip all of this.

    Guarantees, per row whose stored values differ from ``values`` (a mapping, or a function of the row giving
    one; a many-to-many field takes the full list of what it should hold): the row is locked until the
    transaction ends, re-read, given the values and saved — its ``version`` moves on (so a stale edit cannot
    write the old value back), ``updated_at`` moves (so ``?updated_since=`` returns it) and, for an audited
    model, one history entry by ``actor`` (``None``: the system, as a catalogue load) with ``reason`` is kept.
    Rows already holding the values are left as they are. No ``full_clean()``: callers write values that are
    valid by construction, and some must land even on locked records (approved minutes). ``audited=False`` is
    only for fields the model's history leaves out (``excluded_fields``): an entry would show no change, only
    that something its reader may not see changed. Returns the rows changed.
    """
    if isinstance(rows, models.QuerySet):
        model, pks = rows.model, list(rows.values_list("pk", flat=True))
    else:
        rows = list(rows)
        if not rows:
            return []
        model, pks = type(rows[0]), [row.pk for row in rows]
    changed = []
    for row in model._base_manager.select_for_update().filter(pk__in=pks).order_by("pk"):
        plain, m2m = split_m2m(model, values(row) if callable(values) else values)
        plain = {name: value for name, value in plain.items() if not _holds(row, name, value)}
        m2m = {name: wanted for name, wanted in m2m.items() if not _holds_all(row, name, wanted)}
        if plain or m2m:
            _write_row(row, plain, m2m, actor=actor, reason=reason, audited=audited)
            changed.append(row)
    return changed


def _write_row(
    row: models.Model,
    plain: Mapping[str, Any],
    m2m: Mapping[str, Any],
    *,
    actor: AnyUser | None,
    reason: str,
    audited: bool,
) -> None:
    for name, value in plain.items():
        setattr(row, name, value)
    stamp_audit(row, actor, reason, audited=audited)
    history = getattr(row, "history", None)
    last_before = history.order_by("-history_id").values_list("history_id", flat=True).first() if history else None
    row.save()
    for name, wanted in m2m.items():
        getattr(row, name).set(wanted)
    if m2m and history is not None:
        _collapse_history(history, after=last_before)


def _holds_all(row: models.Model, name: str, wanted: Iterable[Any]) -> bool:
    """Whether the row's many-to-many field ``name`` holds exactly ``wanted`` (rows or ids)."""
    stored = set(getattr(row, name).values_list("pk", flat=True))
    return stored == {getattr(value, "pk", value) for value in wanted}


def _holds(row: models.Model, name: str, value: Any) -> bool:
    """Whether the row already stores ``value`` in field ``name`` (a foreign key by name or ``<name>_id``,
    given as a row or an id)."""
    if isinstance(value, models.Model):
        value = value.pk
    return getattr(row, concrete_field(type(row), name).attname) == value


@transaction.atomic
def delete_object(instance: models.Model, *, actor: AnyUser | None, reason: str = "") -> None:
    """Delete a record, keeping a final audit entry with its author."""
    stamp_audit(instance, actor, reason)
    instance.delete()


def jurisdiction_create(*, actor: AnyUser, **data: Any) -> Jurisdiction:
    """A new node of the jurisdiction tree (its level must fit its parent's)."""
    return save_object(Jurisdiction(), actor=actor, data=data)


def jurisdiction_update(
    *, actor: AnyUser, instance: Jurisdiction, expected_version: int | None = None, **data: Any
) -> Jurisdiction:
    return save_object(instance, actor=actor, data=data, expected_version=expected_version)


def jurisdiction_delete(*, actor: AnyUser, instance: Jurisdiction) -> None:
    delete_object(instance, actor=actor)


# Accounts ---------------------------------------------------------------------------------------------------


@transaction.atomic
def user_set_roles(*, actor: AnyUser, user: User, roles: Iterable[str]) -> None:
    """Give ``user`` exactly ``roles`` (names from the role table, ``shrhub.roles.Role``); groups that are not
    roles are left as they are. Access to the admin site (staff) follows the administrator role (superusers
    keep it). Each role added or removed is an entry in the user's history, with ``actor``."""
    from django.contrib.auth.models import Group

    from .roles import Role

    wanted = set(roles)
    unknown = wanted - set(Role.values)
    if unknown:
        raise ValidationError({"roles": gettext("Not a role: %(roles)s.") % {"roles": ", ".join(sorted(unknown))}})
    stamp_audit(user, actor)
    held = {group.name: group for group in user.groups.filter(name__in=Role.values)}
    removed = [group for name, group in held.items() if name not in wanted]
    added = list(Group.objects.filter(name__in=wanted - set(held)))
    if removed:
        user.groups.remove(*removed)
    if added:
        user.groups.add(*added)
    staff = user.is_superuser or Role.ADMINISTRATOR in wanted
    if user.is_staff != staff:
        user.is_staff = staff
        user.save(update_fields=["is_staff"])
    user.__dict__.pop("_shrhub_roles", None)  # role_of() reads afresh


def bulk_create_audited(
    model: type[models.Model],
    objs: list[models.Model],
    m2m: dict[str, list[list[int]]] | None = None,
    *,
    reason: str,
    batch_size: int = 500,
) -> None:
    """Insert ``objs`` in batches with one "created" audit row each (change reason ``reason``), plus their
    many-to-many rows and the audit trail's snapshot of them — for bulk loads (demo data) that bypass the
    services.

    This is ``simple_history.utils.bulk_create_with_history`` for databases that return primary keys from a
    bulk insert (PostgreSQL, SQLite ≥ 3.35), keeping the historical rows so that the many-to-many values can
    be attached to them (the helper drops them, and the history pages would show empty sets). ``m2m`` maps a
    field name to the target ids of each object, in the order of ``objs``. Foreign keys assigned before their
    target was saved are resolved by Django's bulk insert itself.
    """
    if not objs:
        return
    model._default_manager.bulk_create(objs, batch_size=batch_size)
    if objs[0].pk is None:  # pragma: no cover - both supported databases return keys
        raise RuntimeError(f"{model.__name__}: the database did not return primary keys from bulk_create")
    records = get_history_manager_for_model(model).bulk_history_create(
        objs, batch_size=batch_size, default_change_reason=reason
    )
    for name, targets in (m2m or {}).items():
        _bulk_create_m2m(model, name, objs, records, targets, batch_size)


def bulk_update_audited(
    model: type[models.Model], objs: list[models.Model], fields: list[str], *, reason: str, batch_size: int = 500
) -> None:
    """Write ``fields`` of ``objs`` in batches with one "changed" audit row each (change reason ``reason``):
    ``bulk_create_audited``'s counterpart, for a bulk load completing rows it has just inserted."""
    if objs:
        bulk_update_with_history(objs, model, fields, batch_size=batch_size, default_change_reason=reason)


def _bulk_create_m2m(
    model: type[models.Model],
    name: str,
    objs: list[models.Model],
    records: list[Any],
    targets: list[list[int]],
    batch_size: int,
) -> None:
    """The many-to-many rows of field ``name`` for ``objs``, and their snapshot in each one's audit row."""
    m2m_field = model._meta.get_field(name)
    if not isinstance(m2m_field, models.ManyToManyField):
        raise TypeError(f"{model.__name__}.{name} is not a many-to-many field.")
    through, own_name, other_name = link_table(m2m_field)
    own, other = f"{own_name}_id", f"{other_name}_id"
    rows, owners = [], []
    for obj, record, ids in zip(objs, records, targets, strict=True):
        for target_id in ids:
            rows.append(through(**{own: obj.pk, other: target_id}))
            owners.append(record)
    if not rows:
        return
    through._default_manager.bulk_create(rows, batch_size=batch_size)
    snapshot_model = getattr(type(records[0]), name).model
    snapshot_model.objects.bulk_create(
        [
            snapshot_model(
                history_id=record.history_id, id=row.pk, **{own: getattr(row, own), other: getattr(row, other)}
            )
            for row, record in zip(rows, owners, strict=True)
        ],
        batch_size=batch_size,
    )
