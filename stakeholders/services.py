"""Writes to the registry: validated, atomic and audited with their author. Pages and the API call these."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import ProtectedError, Q, QuerySet
from django.utils.translation import gettext as _

from shrhub import clock
from shrhub.models import HIDDEN_OBSTACLE, Confidentiality, sees
from shrhub.roles import functions_of
from shrhub.services import delete_object, save_object, write_fields
from shrhub.types import AnyUser

from .choices import Stance
from .models import (
    TIER_LEVELS,
    Assessment,
    Engagement,
    InformationSource,
    MappingAnswer,
    MappingRound,
    Position,
    Relationship,
    Stakeholder,
    Tenure,
    current_assessment_pointers,
)

# Stakeholders ---------------------------------------------------------------------------------------------


def stakeholder_create(*, actor: AnyUser, **data: Any) -> Stakeholder:
    """A new organisation or person."""
    return save_object(Stakeholder(), actor=actor, data=data)


def stakeholder_update(
    *, actor: AnyUser, instance: Stakeholder, expected_version: int | None = None, **data: Any
) -> Stakeholder:
    return save_object(instance, actor=actor, data=data, expected_version=expected_version)


STAKEHOLDER_DELETED = "a stakeholder it involved was deleted"


@transaction.atomic
def stakeholder_delete(*, actor: AnyUser, instance: Stakeholder) -> None:
    """Delete a stakeholder with its assessments and relationships; refused while it holds or has offices.

    An engagement involves at least one stakeholder: deleting the only one of an engagement is refused
    (``ProtectedError`` naming the engagements, told to each user as ``describe_blockers`` allows). From
    engagements that involve others too it is removed first, each as a change of that engagement (version,
    ``updated_at`` and history by ``actor``), not silently by the database."""
    engagements = Engagement._base_manager.filter(stakeholders=instance)
    alone = [e for e in engagements.prefetch_related("stakeholders") if len(e.stakeholders.all()) == 1]
    if alone:
        raise ProtectedError("The stakeholder is the only one an engagement involves.", set(alone))
    write_fields(
        engagements,
        lambda engagement: {"stakeholders": engagement.stakeholders.exclude(pk=instance.pk)},
        actor=actor,
        reason=STAKEHOLDER_DELETED,
    )
    delete_object(instance, actor=actor)


# Positions and tenures ------------------------------------------------------------------------------------


def position_create(*, actor: AnyUser, **data: Any) -> Position:
    return save_object(Position(), actor=actor, data=data)


def position_update(
    *, actor: AnyUser, instance: Position, expected_version: int | None = None, **data: Any
) -> Position:
    return save_object(instance, actor=actor, data=data, expected_version=expected_version)


def position_delete(*, actor: AnyUser, instance: Position) -> None:
    delete_object(instance, actor=actor)


def _check_no_overlap(tenure: Tenure, *, actor: AnyUser) -> None:
    """A position's tenures never overlap: an office has one holder at a time. The clashing tenure is described
    only to an actor who may see it and its holder; anyone else is told that a hidden record is in the way."""
    if not tenure.position_id or not tenure.started_on:
        return
    far_future = datetime.date.max
    end = tenure.ended_on or far_future
    overlapping = Tenure.objects.filter(position_id=tenure.position_id).exclude(pk=tenure.pk)
    overlapping = overlapping.filter(started_on__lte=end).filter(
        Q(ended_on__isnull=True) | Q(ended_on__gte=tenure.started_on)
    )
    clash = overlapping.select_related("holder").first()
    if clash is not None:
        if not (sees(actor, clash) and sees(actor, clash.holder)):
            raise ValidationError({"started_on": HIDDEN_OBSTACLE})
        dates = {"holder": clash.holder, "start": f"{clash.started_on:%Y-%m-%d}"}
        if clash.ended_on:
            message = _("Overlaps %(holder)s's tenure (%(start)s to %(end)s).") % {
                **dates,
                "end": f"{clash.ended_on:%Y-%m-%d}",
            }
        else:
            message = _("Overlaps %(holder)s's tenure (%(start)s to today).") % dates
        raise ValidationError({"started_on": message})


def _lock_position(position_id: int | None) -> None:
    """Serialise tenure writes per position so two concurrent hand-overs cannot both pass the overlap check."""
    if position_id:
        list(Position.objects.select_for_update().filter(pk=position_id).values_list("pk", flat=True))


@transaction.atomic
def tenure_create(*, actor: AnyUser, **data: Any) -> Tenure:
    """Record who held an office from when to when; never overlapping another holder."""
    tenure = Tenure(**{k: v for k, v in data.items() if k in {"position", "started_on", "ended_on"}})
    _lock_position(tenure.position_id)
    _check_no_overlap(tenure, actor=actor)
    return save_object(Tenure(), actor=actor, data=data)


@transaction.atomic
def tenure_update(*, actor: AnyUser, instance: Tenure, expected_version: int | None = None, **data: Any) -> Tenure:
    probe = Tenure(
        pk=instance.pk, position_id=instance.position_id, started_on=instance.started_on, ended_on=instance.ended_on
    )
    for name in ("position", "started_on", "ended_on"):
        if name in data:
            setattr(probe, name, data[name])
    _lock_position(probe.position_id)
    _check_no_overlap(probe, actor=actor)
    return save_object(instance, actor=actor, data=data, expected_version=expected_version)


def tenure_delete(*, actor: AnyUser, instance: Tenure) -> None:
    delete_object(instance, actor=actor)


@transaction.atomic
def tenure_hand_over(*, actor: AnyUser, position: Position, new_holder: Stakeholder, on: datetime.date) -> Tenure:
    """Staff turnover in one step: the current holder's tenure ends the day before ``on``; the new one
    starts ``on``."""
    current = Tenure.objects.select_for_update().filter(position=position, ended_on__isnull=True).first()
    if current is not None:
        if on <= current.started_on:
            raise ValidationError({"started_on": _("The hand-over must come after the current tenure started.")})
        save_object(current, actor=actor, data={"ended_on": on - datetime.timedelta(days=1)})
    return tenure_create(actor=actor, position=position, holder=new_holder, started_on=on)


# Assessments ----------------------------------------------------------------------------------------------


def refresh_current_assessment(
    stakeholder_id: int, *, actor: AnyUser | None = None, excluding: int | None = None
) -> None:
    """Point the stakeholder at its latest assessment (by date, then id) at each confidentiality tier, leaving out
    ``excluding`` (an assessment about to be deleted).

    The pointers are derived: each reader sees the latest assessment of their level. Moving them is not an edit
    of the stakeholder, so its version stays (an editor's open form is not refused because someone assessed the
    stakeholder meanwhile). ``updated_at`` moves only with the internal pointer, which every reader of the
    stakeholder sees, so incremental sync returns the stakeholder to everyone whose current assessment changed;
    a restricted or confidential assessment leaves no trace on the stakeholder, whose timing would tell readers
    who may not see it that one was made. Readers above internal sync those through the assessments
    (``/api/v1/assessments/?updated_since=``). No history entry either: the stakeholder's history leaves the
    pointers out; the assessment's own history records the change and its author. This is the one write of a
    versioned row that bypasses ``write_fields``, for these reasons."""
    pointers = current_assessment_pointers(excluding=excluding)
    rows = Stakeholder._base_manager.filter(pk=stakeholder_id)
    with transaction.atomic():
        # The row lock serialises two assessments saved at once: the second reads the first's once it commits.
        if rows.select_for_update().values("pk").first() is None:
            return
        _move_pointers(rows, pointers)


def _move_pointers(rows: QuerySet[Stakeholder], pointers: Mapping[str, Any]) -> None:
    """Write the pointers that differ from the latest assessment at their tier (see ``refresh_current_assessment``)."""
    latest = (
        rows.annotate(**{f"latest_{name}": subquery for name, subquery in pointers.items()})
        .values(*pointers, *(f"latest_{name}" for name in pointers))
        .first()
    )
    if latest is None:
        return
    moved = {name: latest[f"latest_{name}"] for name in pointers if latest[name] != latest[f"latest_{name}"]}
    if "current_internal_assessment_id" in moved:
        moved["updated_at"] = clock.now()
    if moved:
        rows.update(**moved)


@transaction.atomic
def assessment_create(*, actor: AnyUser, **data: Any) -> Assessment:
    """A new dated judgement; the author is the actor unless given; it becomes current if it is the latest.

    Whoever records it, it is published at once: its sources name the author's corporate function (their
    role's, ``shrhub.roles.ROLE_FUNCTIONS``), so the coverage view shows which functions the map rests on. An
    author who may not read stance labels gives none: the stance is carried from the stakeholder's latest
    assessment at the new one's level (they are not shown it), so their judgement of influence, interest and
    agendas does not wipe the map's stance."""
    data.setdefault("author", actor if getattr(actor, "is_authenticated", False) else None)
    if data["author"] is not None:
        data["sources"] = _with_author_function(data.get("sources", []), data["author"])
    if "stance" not in data and "stakeholder" in data:
        data["stance"] = _carried_stance(data["stakeholder"], data.get("confidentiality", Confidentiality.INTERNAL))
    assessment = save_object(Assessment(), actor=actor, data=data)
    refresh_current_assessment(assessment.stakeholder_id, actor=actor)
    return assessment


def _with_author_function(sources: Iterable[InformationSource], author: AnyUser) -> list[InformationSource]:
    """The sources given, plus the corporate functions the author works in."""
    chosen = list(sources)
    functions = InformationSource.objects.filter(code__in=functions_of(author)).exclude(
        pk__in=[source.pk for source in chosen]
    )
    return [*chosen, *functions]


def _carried_stance(stakeholder: Stakeholder, confidentiality: str) -> str:
    """The stance of the stakeholder's latest assessment at a level no higher than ``confidentiality``."""
    latest = (
        Assessment.objects.filter(stakeholder=stakeholder, confidentiality__in=TIER_LEVELS[confidentiality])
        .order_by("-assessed_on", "-id")
        .values_list("stance", flat=True)
        .first()
    )
    return latest or Stance.UNKNOWN


@transaction.atomic
def assessment_update(
    *, actor: AnyUser, instance: Assessment, expected_version: int | None = None, **data: Any
) -> Assessment:
    previous_stakeholder = instance.stakeholder_id
    assessment = save_object(instance, actor=actor, data=data, expected_version=expected_version)
    refresh_current_assessment(assessment.stakeholder_id, actor=actor)
    if previous_stakeholder != assessment.stakeholder_id:
        refresh_current_assessment(previous_stakeholder, actor=actor)
    return assessment


@transaction.atomic
def assessment_delete(*, actor: AnyUser, instance: Assessment) -> None:
    """Delete an assessment; the stakeholder's current assessment moves to the next latest first (through the
    service, so the change is versioned and audited, not left to the database's ``SET NULL``)."""
    refresh_current_assessment(instance.stakeholder_id, actor=actor, excluding=instance.pk)
    delete_object(instance, actor=actor)


# Mapping rounds -------------------------------------------------------------------------------------------


@transaction.atomic
def mappinground_create(*, actor: AnyUser, answers: Mapping[int, str] | None = None, **data: Any) -> MappingRound:
    """A new mapping round with its answers to the catalogue's mapping questions."""
    mapping_round = save_object(MappingRound(), actor=actor, data=data)
    mappinground_save_answers(actor=actor, mapping_round=mapping_round, answers=answers or {})
    return mapping_round


@transaction.atomic
def mappinground_update(
    *,
    actor: AnyUser,
    instance: MappingRound,
    expected_version: int | None = None,
    answers: Mapping[int, str] | None = None,
    **data: Any,
) -> MappingRound:
    mapping_round = save_object(instance, actor=actor, data=data, expected_version=expected_version)
    if answers is not None:
        mappinground_save_answers(actor=actor, mapping_round=mapping_round, answers=answers)
    return mapping_round


def mappinground_delete(*, actor: AnyUser, instance: MappingRound) -> None:
    delete_object(instance, actor=actor)


@transaction.atomic
def mappinground_save_answers(*, actor: AnyUser, mapping_round: MappingRound, answers: Mapping[int, str]) -> None:
    """Store the round's answer to each question (keyed by question id); unchanged answers are not rewritten."""
    existing = {a.question_id: a for a in mapping_round.answers.all()}
    for question_id, text in answers.items():
        text = (text or "").strip()
        answer = existing.get(question_id)
        if answer is None:
            if text:
                save_object(
                    MappingAnswer(mapping_round=mapping_round),
                    actor=actor,
                    data={"question_id": question_id, "answer": text},
                )
        elif answer.answer != text:
            save_object(answer, actor=actor, data={"answer": text})


def mappinganswer_create(*, actor: AnyUser, **data: Any) -> MappingAnswer:
    return save_object(MappingAnswer(), actor=actor, data=data)


def mappinganswer_update(
    *, actor: AnyUser, instance: MappingAnswer, expected_version: int | None = None, **data: Any
) -> MappingAnswer:
    return save_object(instance, actor=actor, data=data, expected_version=expected_version)


def mappinganswer_delete(*, actor: AnyUser, instance: MappingAnswer) -> None:
    delete_object(instance, actor=actor)


# Relationships and engagements ----------------------------------------------------------------------------


def relationship_create(*, actor: AnyUser, **data: Any) -> Relationship:
    return save_object(Relationship(), actor=actor, data=data)


def relationship_update(
    *, actor: AnyUser, instance: Relationship, expected_version: int | None = None, **data: Any
) -> Relationship:
    return save_object(instance, actor=actor, data=data, expected_version=expected_version)


def relationship_delete(*, actor: AnyUser, instance: Relationship) -> None:
    delete_object(instance, actor=actor)


def _check_engagement(data: Mapping) -> None:
    if "stakeholders" in data and not list(data["stakeholders"]):
        raise ValidationError({"stakeholders": _("An engagement involves at least one stakeholder.")})


def engagement_create(*, actor: AnyUser, **data: Any) -> Engagement:
    """A logged contact with at least one stakeholder."""
    if "stakeholders" not in data:
        raise ValidationError({"stakeholders": _("An engagement involves at least one stakeholder.")})
    _check_engagement(data)
    return save_object(Engagement(), actor=actor, data=data)


def engagement_update(
    *, actor: AnyUser, instance: Engagement, expected_version: int | None = None, **data: Any
) -> Engagement:
    _check_engagement(data)
    return save_object(instance, actor=actor, data=data, expected_version=expected_version)


def engagement_delete(*, actor: AnyUser, instance: Engagement) -> None:
    delete_object(instance, actor=actor)
