"""Writes of the case for the VPs: validated, atomic and audited with their author. Pages, API, admin and demo call
these.

Rules that read other rows live here: the agency a standard is raised with is one of the engagement's stakeholders;
an argument put is one the team still offers (a retired one stays only where it was already put), once per standard
raised; a standard raised and its arguments are saved together or not at all; an argument that has been put is
retired, never deleted."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from shrhub.services import delete_object, save_object
from shrhub.types import AnyUser

from ..models import Advocacy, ArgumentPut, BenefitArgument, CommitmentAssessment

# Benefit arguments ------------------------------------------------------------------------------------------


@transaction.atomic
def benefitargument_create(*, actor: AnyUser | None, **data: Any) -> BenefitArgument:
    """A new argument in the team's vocabulary."""
    return save_object(BenefitArgument(), actor=actor, data=data)


@transaction.atomic
def benefitargument_update(
    *, actor: AnyUser | None, instance: BenefitArgument, expected_version: int | None = None, **data: Any
) -> BenefitArgument:
    """Reword or retire an argument; where it was put keeps the wording used then."""
    return save_object(instance, actor=actor, data=data, expected_version=expected_version)


@transaction.atomic
def benefitargument_delete(*, actor: AnyUser | None, instance: BenefitArgument) -> None:
    """Delete an argument never put to anyone (one entered by mistake); one that was put is retired instead."""
    if ArgumentPut.objects.filter(argument=instance).exists():
        raise ValidationError(_("This argument has been put to agencies: retire it instead of deleting it."))
    delete_object(instance, actor=actor)


# Standards raised and the arguments put -----------------------------------------------------------------------

ARGUMENT_FIELDS = ("argument", "wording", "response")


def _check_agency(advocacy: Advocacy) -> None:
    """The agency is one of the engagement's stakeholders (whoever may see them: the rule is the engagement's)."""
    if advocacy.engagement_id is None or advocacy.agency_id is None:
        return
    if not advocacy.engagement.stakeholders.filter(pk=advocacy.agency_id).exists():
        raise ValidationError({"agency": _("Choose one of the engagement's stakeholders.")})


def _clean_arguments(rows: Iterable[Mapping[str, Any]], kept: set[int]) -> list[dict[str, Any]]:
    """The arguments put, as dicts of ``ARGUMENT_FIELDS``: each argument once; a retired one only if already put
    here (``kept``); an empty wording takes the argument's general case."""
    cleaned: list[dict[str, Any]] = []
    seen: set[int] = set()
    for row in rows:
        argument = row.get("argument")
        if argument is None:
            continue
        if argument.pk in seen:
            raise ValidationError({"arguments": _("“%(argument)s” is listed twice.") % {"argument": argument}})
        if argument.retired and argument.pk not in kept:
            raise ValidationError(
                {"arguments": _("“%(argument)s” is retired: choose an argument still in use.") % {"argument": argument}}
            )
        seen.add(argument.pk)
        wording = (row.get("wording") or "").strip() or argument.case
        cleaned.append({"argument": argument, "wording": wording, "response": row.get("response") or "no_response"})
    return cleaned


def _save_arguments(advocacy: Advocacy, rows: list[dict[str, Any]], *, actor: AnyUser | None) -> None:
    """Make the advocacy's arguments exactly ``rows``: each changed one saved, each new one added, each left out
    deleted; every write audited."""
    existing = {put.argument_id: put for put in ArgumentPut.objects.filter(advocacy=advocacy)}
    wanted = {row["argument"].pk for row in rows}
    for argument_id, put in existing.items():
        if argument_id not in wanted:
            delete_object(put, actor=actor)
    for row in rows:
        stored = existing.get(row["argument"].pk)
        if stored is None:
            save_object(ArgumentPut(advocacy=advocacy), actor=actor, data=row)
        elif any(getattr(stored, name) != row[name] for name in ("wording", "response")):
            save_object(stored, actor=actor, data={"wording": row["wording"], "response": row["response"]})


@transaction.atomic
def advocacy_save(
    *,
    actor: AnyUser | None,
    instance: Advocacy | None = None,
    expected_version: int | None = None,
    arguments: Iterable[Mapping[str, Any]] | None = None,
    **data: Any,
) -> Advocacy:
    """Record a standard raised with an agency in an engagement (``instance`` None) or change one, with the
    arguments put (``arguments``: rows of ``argument``, ``wording``, ``response``; ``None`` leaves them as they
    are). All or nothing: a refused argument leaves the standard raised unwritten too."""
    advocacy = instance or Advocacy()
    kept = (
        set(ArgumentPut.objects.filter(advocacy=advocacy).values_list("argument_id", flat=True))
        if advocacy.pk
        else set()
    )
    rows = _clean_arguments(arguments, kept) if arguments is not None else None
    if advocacy.pk:
        advocacy = save_object(advocacy, actor=actor, data=data, expected_version=expected_version)
    else:
        advocacy = save_object(advocacy, actor=actor, data=data)
    _check_agency(advocacy)  # refused: the transaction is rolled back
    if rows is not None:
        _save_arguments(advocacy, rows, actor=actor)
    return advocacy


def advocacy_create(*, actor: AnyUser | None, **data: Any) -> Advocacy:
    return advocacy_save(actor=actor, **data)


def advocacy_update(
    *, actor: AnyUser | None, instance: Advocacy, expected_version: int | None = None, **data: Any
) -> Advocacy:
    return advocacy_save(actor=actor, instance=instance, expected_version=expected_version, **data)


@transaction.atomic
def advocacy_delete(*, actor: AnyUser | None, instance: Advocacy) -> None:
    """Delete a standard raised entered by mistake, with its arguments (each deletion audited)."""
    for put in ArgumentPut.objects.filter(advocacy=instance):
        delete_object(put, actor=actor)
    delete_object(instance, actor=actor)


# Commitment assessments ---------------------------------------------------------------------------------------


@transaction.atomic
def commitmentassessment_create(*, actor: AnyUser | None, **data: Any) -> CommitmentAssessment:
    """A dated judgement of a stakeholder's commitment to an in-country process; the author is the actor unless
    given. The latest (by date, then id) is the stakeholder's current commitment."""
    data.setdefault("author", actor if getattr(actor, "is_authenticated", False) else None)
    return save_object(CommitmentAssessment(), actor=actor, data=data)


@transaction.atomic
def commitmentassessment_update(
    *, actor: AnyUser | None, instance: CommitmentAssessment, expected_version: int | None = None, **data: Any
) -> CommitmentAssessment:
    return save_object(instance, actor=actor, data=data, expected_version=expected_version)


def commitmentassessment_delete(*, actor: AnyUser | None, instance: CommitmentAssessment) -> None:
    delete_object(instance, actor=actor)
