"""Writes to a country's legal framework: national laws, instrument statuses, IHL assessments, the National Action
Plan and the initiatives the government subscribes to. Validated, atomic and audited with their author; pages, API
and demo call these.

The model holds the rules on the entry's own fields (a national jurisdiction, one status per instrument and one
entry per named initiative, an adopted plan's date); the rule that reads other rows lives here: an entry nobody
is named as having prepared is attributed to whoever writes it, when they may be named (an active account of a
page role, ``shrhub.selectors.assignable_users``)."""

from __future__ import annotations

from typing import Any, TypeVar

from django.db import transaction

from shrhub.models import account
from shrhub.selectors import assignable_users
from shrhub.services import delete_object, save_object
from shrhub.types import AnyUser

from .models import ActionPlan, IhlAssessment, InitiativeCommitment, InstrumentStatus, LegalEntry, NationalLaw

E = TypeVar("E", bound=LegalEntry)


def _with_preparer(instance: LegalEntry, actor: AnyUser | None, data: dict[str, Any]) -> dict[str, Any]:
    """``data`` naming the actor as who prepared the entry when it would otherwise name nobody."""
    given = data.get("prepared_by", ... if instance.pk is None else instance.prepared_by)
    author = account(actor)
    if given not in (None, ...) or author is None:
        return data
    if assignable_users().filter(pk=author.pk).exists():
        return {**data, "prepared_by": author}
    return data


def _create(instance: E, actor: AnyUser | None, data: dict[str, Any]) -> E:
    return save_object(instance, actor=actor, data=_with_preparer(instance, actor, dict(data)))


def _update(instance: E, actor: AnyUser | None, data: dict[str, Any], expected_version: int | None) -> E:
    return save_object(
        instance, actor=actor, data=_with_preparer(instance, actor, dict(data)), expected_version=expected_version
    )


@transaction.atomic
def nationallaw_create(*, actor: AnyUser | None, **data: Any) -> NationalLaw:
    return _create(NationalLaw(), actor, data)


@transaction.atomic
def nationallaw_update(
    *, actor: AnyUser | None, instance: NationalLaw, expected_version: int | None = None, **data: Any
) -> NationalLaw:
    return _update(instance, actor, data, expected_version)


def nationallaw_delete(*, actor: AnyUser | None, instance: NationalLaw) -> None:
    delete_object(instance, actor=actor)


@transaction.atomic
def instrumentstatus_create(*, actor: AnyUser | None, **data: Any) -> InstrumentStatus:
    """Where the State stands with an instrument (once per country and instrument: the model's constraint)."""
    return _create(InstrumentStatus(), actor, data)


@transaction.atomic
def instrumentstatus_update(
    *, actor: AnyUser | None, instance: InstrumentStatus, expected_version: int | None = None, **data: Any
) -> InstrumentStatus:
    return _update(instance, actor, data, expected_version)


def instrumentstatus_delete(*, actor: AnyUser | None, instance: InstrumentStatus) -> None:
    delete_object(instance, actor=actor)


@transaction.atomic
def ihlassessment_create(*, actor: AnyUser | None, **data: Any) -> IhlAssessment:
    """A dated assessment of whether IHL applies; earlier ones are kept (the latest is current)."""
    return _create(IhlAssessment(), actor, data)


@transaction.atomic
def ihlassessment_update(
    *, actor: AnyUser | None, instance: IhlAssessment, expected_version: int | None = None, **data: Any
) -> IhlAssessment:
    return _update(instance, actor, data, expected_version)


def ihlassessment_delete(*, actor: AnyUser | None, instance: IhlAssessment) -> None:
    delete_object(instance, actor=actor)


@transaction.atomic
def actionplan_create(*, actor: AnyUser | None, **data: Any) -> ActionPlan:
    return _create(ActionPlan(), actor, data)


@transaction.atomic
def actionplan_update(
    *, actor: AnyUser | None, instance: ActionPlan, expected_version: int | None = None, **data: Any
) -> ActionPlan:
    return _update(instance, actor, data, expected_version)


def actionplan_delete(*, actor: AnyUser | None, instance: ActionPlan) -> None:
    delete_object(instance, actor=actor)


@transaction.atomic
def initiativecommitment_create(*, actor: AnyUser | None, **data: Any) -> InitiativeCommitment:
    """An initiative the government subscribes to (once per country, unless "other" and named)."""
    return _create(InitiativeCommitment(), actor, _settle_initiative(data))


@transaction.atomic
def initiativecommitment_update(
    *, actor: AnyUser | None, instance: InitiativeCommitment, expected_version: int | None = None, **data: Any
) -> InitiativeCommitment:
    return _update(instance, actor, _settle_initiative(data), expected_version)


def initiativecommitment_delete(*, actor: AnyUser | None, instance: InitiativeCommitment) -> None:
    delete_object(instance, actor=actor)


def _settle_initiative(data: dict[str, Any]) -> dict[str, Any]:
    """A named initiative forgets the name typed for "other" (the list names it)."""
    if data.get("initiative") not in (None, "other"):
        return {**data, "other_initiative": ""}
    return data
