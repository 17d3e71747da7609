"""Links a record keeps to records its reader may not see (``masked_links`` on a model).

A visible child organisation may sit under a hidden parent; a visible engagement may name a hidden stakeholder
among others. Such a link is shown only to those who may see its target — to everyone else it looks empty —
and an edit by someone who may not see it keeps it as it is (they cannot have meant to remove what they were
never shown). Which rows themselves hide is decided by ``shrhub.models.visibility_q``.
"""

from __future__ import annotations

from typing import Any, TypeVar

from django.db import models
from django.db.models import Case, F, When

from shrhub.types import AnyUser

from .models import concrete_field, related_model_of, visibility_q

SEEN_SUFFIX = "_seen_id"

QS = TypeVar("QS", bound=models.QuerySet[Any, Any])


def seen_attname(name: str) -> str:
    """The annotation ``visible_to`` adds for a masked foreign key: its value, or None when hidden."""
    return f"{name}{SEEN_SUFFIX}"


def masked_foreign_keys(model: type[models.Model]) -> list[models.ForeignKey]:
    return [
        field
        for name in getattr(model, "masked_links", ())
        if isinstance(field := model._meta.get_field(name), models.ForeignKey)
    ]


def masked_many(model: type[models.Model]) -> list[models.ManyToManyField]:
    return [
        field
        for name in getattr(model, "masked_links", ())
        if isinstance(field := model._meta.get_field(name), models.ManyToManyField)
    ]


def visible_ids(model: type[models.Model], user: AnyUser) -> models.QuerySet:
    """The ids of ``model`` that ``user`` may see by level and relations, as a subquery."""
    condition = visibility_q(model, user)
    manager = model._base_manager
    return (manager.all() if condition is None else manager.filter(condition)).values("pk")


def with_seen_links(queryset: QS, user: AnyUser) -> QS:
    """``queryset`` with ``<link>_seen_id`` for each masked foreign key: the target's id when ``user`` may see it,
    else None (one CASE per row, no query of its own)."""
    annotations: dict[str, F | Case] = {}
    for field in masked_foreign_keys(queryset.model):
        if visibility_q(related_model_of(field), user) is None:
            annotations[seen_attname(field.name)] = F(field.attname)
        else:
            seen = When(**{f"{field.name}__in": visible_ids(related_model_of(field), user)}, then=F(field.attname))
            annotations[seen_attname(field.name)] = Case(seen, default=None, output_field=field.target_field)
    return queryset.annotate(**annotations) if annotations else queryset


def seen_link_id(instance: models.Model, name: str, user: AnyUser | None) -> Any:
    """The id ``instance.<name>`` points at if ``user`` may see it, else None (read from the annotation when the
    row came through ``visible_to``, else asked once)."""
    field = concrete_field(type(instance), name)
    value = getattr(instance, field.attname)
    if value is None:
        return None
    annotated = instance.__dict__.get(seen_attname(name), ...)
    if annotated is not ...:
        return annotated
    if user is None:
        return None
    target = related_model_of(field)
    return value if target._base_manager.filter(pk=value, pk__in=visible_ids(target, user)).exists() else None


def seen_link(instance: models.Model, name: str, user: AnyUser | None = None) -> models.Model | None:
    """``instance.<name>`` if its reader may see it, else None (``user`` is needed only for rows that did not
    come through ``visible_to``)."""
    if seen_link_id(instance, name, user) is None:
        return None
    return getattr(instance, name)


def keep_hidden_links(
    instance: models.Model, plain: dict[str, Any], m2m: dict[str, Any], actor: AnyUser | None
) -> None:
    """An edit keeps every link its author cannot see: a hidden target of a masked foreign key is not cleared,
    and the hidden members of a masked many-to-many are added back to what the author chose."""
    if instance.pk is None or actor is None:
        return
    model = type(instance)
    for field in masked_foreign_keys(model):
        for key in (field.name, field.attname):
            if key in plain and _as_id(plain[key]) is None:
                current = model._base_manager.filter(pk=instance.pk).values_list(field.attname, flat=True).first()
                if current is not None and seen_link_id(_row(model, instance.pk), field.name, actor) is None:
                    plain[key] = current if key == field.attname else field.related_model._base_manager.get(pk=current)
    for many in masked_many(model):
        if many.name not in m2m:
            continue
        hidden = (
            getattr(model._base_manager.get(pk=instance.pk), many.name)
            .exclude(pk__in=visible_ids(related_model_of(many), actor))
            .values_list("pk", flat=True)
        )
        chosen = [_as_id(value) for value in m2m[many.name]]
        m2m[many.name] = [*chosen, *(pk for pk in hidden if pk not in chosen)]


def _row(model: type[models.Model], pk: Any) -> models.Model:
    return model._base_manager.get(pk=pk)


def _as_id(value: Any) -> Any:
    return value.pk if isinstance(value, models.Model) else value
