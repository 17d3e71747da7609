"""Writes to agreements, their obligations and their roll-out: validated, atomic and audited with their author.
Pages, API and admin call these.

Rules that read other rows live here: a roll-out names an organisation below the agreement's level, in the
jurisdiction the agreement was reached at or under it; a working-group agreement comes from a meeting, a
commitment made in an engagement from an engagement. Obligations follow the tracker's closing rule
(``followups.services``)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from followups.services import owned_item_create, owned_item_update, progress_note_create
from shrhub import clock
from shrhub.models import LEVEL_RANK
from shrhub.services import delete_object, save_object
from shrhub.types import AnyUser
from stakeholders.choices import StakeholderKind
from stakeholders.models import Engagement, Stakeholder, StakeholderQuerySet
from workinggroups.models import Meeting, WorkingGroup

from .choices import AgreementKind, AgreementStatus, InformMeans, RolloutState
from .models import Agreement, Audience, Obligation, ObligationProgress, Rollout
from .selectors import TARGET_FIELDS, ProcessTarget, process_of, proposed_audience


def _check_evidence(agreement: Agreement) -> None:
    """A working-group agreement names the meeting that decided it; a commitment made in an engagement names the
    engagement (the kinds are defined by where they were reached). Read from the saved links, so that a link left
    out of the data (a new agreement without it, an edit that does not touch it) and a link its editor cannot see
    (kept by ``save_object``) count as they stand."""
    if (
        agreement.kind == AgreementKind.WORKING_GROUP
        and not Agreement.meetings.through.objects.filter(agreement_id=agreement.pk).exists()
    ):
        raise ValidationError({"meetings": _("Name the meeting that decided this working-group agreement.")})
    if (
        agreement.kind == AgreementKind.ENGAGEMENT
        and not Agreement.engagements.through.objects.filter(agreement_id=agreement.pk).exists()
    ):
        raise ValidationError({"engagements": _("Name the engagement in which the commitment was made.")})


@transaction.atomic
def agreement_create(*, actor: AnyUser | None, **data: Any) -> Agreement:
    """Record an agreement (a clause, an MoU, a working-group decision, a commitment made in an engagement)."""
    agreement = save_object(Agreement(), actor=actor, data=data)
    _check_evidence(agreement)  # refused: the transaction is rolled back, nothing is written
    return agreement


@transaction.atomic
def agreement_update(
    *, actor: AnyUser | None, instance: Agreement, expected_version: int | None = None, **data: Any
) -> Agreement:
    agreement = save_object(instance, actor=actor, data=data, expected_version=expected_version)
    _check_evidence(agreement)
    return agreement


def agreement_delete(*, actor: AnyUser | None, instance: Agreement) -> None:
    """Delete an agreement entered by mistake, with its obligations and roll-out (an agreement that ended is
    lapsed or superseded, not deleted)."""
    delete_object(instance, actor=actor)


def agreement_from_meeting(meeting: Meeting) -> dict[str, Any]:
    """What a new agreement recorded from a meeting's decisions starts with (the meeting page's "Record as an
    agreement")."""
    group = meeting.group
    return {
        "kind": AgreementKind.WORKING_GROUP,
        "title": meeting.title,
        "summary": meeting.effective_decisions,
        "made_on": meeting.date,
        "jurisdiction": group.jurisdiction_id,
        "status": AgreementStatus.IN_FORCE,
        "meetings": [meeting.pk],
    }


def agreement_from_engagement(engagement: Engagement) -> dict[str, Any]:
    """What a new agreement recorded from an engagement's commitments starts with."""
    return {
        "kind": AgreementKind.ENGAGEMENT,
        "title": engagement.title,
        "summary": engagement.outcome or engagement.summary,
        "made_on": engagement.occurred_on,
        "jurisdiction": engagement.jurisdiction_id,
        "status": AgreementStatus.IN_FORCE,
        "engagements": [engagement.pk],
    }


# Obligations: the tracker's rules.


@transaction.atomic
def obligation_create(*, actor: AnyUser | None, **data: Any) -> Obligation:
    """An obligation under an agreement, owned by company staff or a stakeholder (or nobody yet), due on a date."""
    return owned_item_create(Obligation(), actor=actor, data=data)


@transaction.atomic
def obligation_update(
    *, actor: AnyUser | None, instance: Obligation, expected_version: int | None = None, **data: Any
) -> Obligation:
    return owned_item_update(instance, actor=actor, data=data, expected_version=expected_version)


def obligation_delete(*, actor: AnyUser | None, instance: Obligation) -> None:
    delete_object(instance, actor=actor)


@transaction.atomic
def obligationprogress_create(
    *, actor: AnyUser | None, obligation: Obligation, note: str, new_status: str = "", **extra: Any
) -> ObligationProgress:
    """A progress note on an obligation; a ``new_status`` moves the obligation too."""
    return progress_note_create(
        ObligationProgress(obligation=obligation), actor=actor, note_text=note, new_status=new_status, extra=extra
    )


# Roll-out.


def eligible_bodies(agreement: Agreement) -> StakeholderQuerySet:
    """The organisations that may be in an agreement's roll-out: below its level, in its jurisdiction or under it."""
    jurisdiction = agreement.jurisdiction
    lower = [level for level, rank in LEVEL_RANK.items() if rank > LEVEL_RANK[jurisdiction.level]]
    return Stakeholder.objects.filter(
        kind=StakeholderKind.ORGANISATION, level__in=lower, jurisdiction_id__in=jurisdiction.descendant_ids()
    )


def _check_body(data: Mapping[str, Any], instance: Rollout) -> None:
    agreement = data.get("agreement") or (instance.agreement if instance.agreement_id else None)
    body = data.get("body") or (instance.body if instance.body_id else None)
    if agreement is None or body is None:
        return
    if not eligible_bodies(agreement).filter(pk=body.pk).exists():
        raise ValidationError(
            {"body": _("Choose an organisation below the agreement's level, in the jurisdiction it was reached at.")}
        )


@transaction.atomic
def rollout_create(*, actor: AnyUser | None, **data: Any) -> Rollout:
    """Add a body to an agreement's roll-out (dated today unless a date is given)."""
    data.setdefault("as_of", clock.today())
    instance = Rollout()
    _check_body(data, instance)
    return save_object(instance, actor=actor, data=data)


@transaction.atomic
def rollout_update(
    *, actor: AnyUser | None, instance: Rollout, expected_version: int | None = None, **data: Any
) -> Rollout:
    """Record where a body now stands; a change of state without a new date is dated today."""
    if "state" in data and data["state"] != instance.state and data.get("as_of") in (None, instance.as_of):
        data["as_of"] = clock.today()
    _check_body(data, instance)
    return save_object(instance, actor=actor, data=data, expected_version=expected_version)


def rollout_delete(*, actor: AnyUser | None, instance: Rollout) -> None:
    delete_object(instance, actor=actor)


def suggested_bodies(agreement: Agreement, *, user: AnyUser) -> list[Stakeholder]:
    """The bodies that must apply an agreement, derived from the registry and not yet in its roll-out: the
    organisations under its parties (their regional and local offices, down the "part of" chain), and those
    below its level holding a mandate area one of its parties holds. Only what ``user`` may see."""
    eligible = eligible_bodies(agreement).visible_to(user)
    party_ids = set(agreement.parties.visible_to(user).values_list("pk", flat=True))
    if not party_ids:
        return []
    under = Q(parent_id__in=party_ids) | Q(parent__parent_id__in=party_ids)
    areas = Stakeholder.mandate_areas.through.objects.filter(stakeholder_id__in=party_ids).values("mandatearea_id")
    same_mandate = Q(mandate_areas__in=areas)
    taken = Rollout.objects.filter(agreement=agreement).values("body_id")
    return list(eligible.filter(under | same_mandate).exclude(pk__in=taken).distinct().order_by("level", "name"))


@transaction.atomic
def rollout_add_suggested(*, actor: AnyUser, agreement: Agreement) -> list[Rollout]:
    """Put every suggested body in the agreement's roll-out, not yet aware."""
    return [
        rollout_create(actor=actor, agreement=agreement, body=body, state=RolloutState.UNAWARE)
        for body in suggested_bodies(agreement, user=actor)
    ]


# Keeping people informed ------------------------------------------------------------------------------------

NOT_FOUND = _("Not found.")
PROPOSED_MEANS = InformMeans.BRIEFING  # what a member added from the map starts with
PROPOSED_EVERY_DAYS = 90


def _check_targets(data: Mapping[str, Any], actor: AnyUser | None) -> None:
    """A working group, an agreement or a stakeholder the actor may not see cannot be named: it is "not found",
    as if it did not exist (the forms and the API offer and accept only visible ones; this holds for any caller).
    The system (``actor=None``: the demo) sees everything."""
    if actor is None:
        return
    errors = {}
    for field, model in (("working_group", WorkingGroup), ("agreement", Agreement), ("stakeholder", Stakeholder)):
        value = data.get(field)
        if value is None:
            continue
        pk = getattr(value, "pk", value)
        if not model.objects.visible_to(actor).filter(pk=pk).exists():
            errors[field] = NOT_FOUND
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def audience_create(*, actor: AnyUser | None, **data: Any) -> Audience:
    """Someone to keep informed of a process (a country's in-country process, a working group, an agreement), by
    which means and how often."""
    _check_targets(data, actor)
    return save_object(Audience(), actor=actor, data=data)


@transaction.atomic
def audience_update(
    *, actor: AnyUser | None, instance: Audience, expected_version: int | None = None, **data: Any
) -> Audience:
    _check_targets(data, actor)
    return save_object(instance, actor=actor, data=data, expected_version=expected_version)


def audience_delete(*, actor: AnyUser | None, instance: Audience) -> None:
    delete_object(instance, actor=actor)


@transaction.atomic
def audience_add_proposed(
    *, actor: AnyUser, target: ProcessTarget, stakeholders: Iterable[Stakeholder] | None = None
) -> list[Audience]:
    """Put the stakeholders the map proposes for a process (``selectors.proposed_audience``: all of them, or those
    of ``stakeholders``) in its audience, to be briefed every 90 days. A stakeholder that is not proposed (any
    more, or to this actor) is refused whole: nothing is added."""
    proposed = {stakeholder.pk: stakeholder for stakeholder in proposed_audience(target, user=actor)}
    chosen = list(proposed.values())
    if stakeholders is not None:
        wanted = {stakeholder.pk for stakeholder in stakeholders}
        if not wanted <= proposed.keys():
            raise ValidationError({"stakeholder": _("This stakeholder is not proposed for this process.")})
        chosen = [stakeholder for stakeholder in chosen if stakeholder.pk in wanted]
    process = process_of(target)
    return [
        audience_create(
            actor=actor,
            process=process,
            stakeholder=stakeholder,
            means=PROPOSED_MEANS,
            every_days=PROPOSED_EVERY_DAYS,
            **{TARGET_FIELDS[process]: target},
        )
        for stakeholder in chosen
    ]
