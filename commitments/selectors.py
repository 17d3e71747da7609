"""Reads of agreements, obligations and roll-outs: every list starts from ``visible_to(user)`` and loads what its
page shows at a constant number of queries; the roll-out gaps feed the coordination view and the warnings."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import BooleanField, Case, Count, Exists, OuterRef, Prefetch, Q, QuerySet, Value, When

from shrhub import clock
from shrhub.models import JurisdictionLevel
from shrhub.selectors import count_of
from shrhub.types import AnyUser
from stakeholders.models import Engagement, Stakeholder
from stakeholders.selectors import without_documents
from workinggroups.choices import OPEN_ACTION_STATUSES
from workinggroups.models import Meeting

from .choices import KNOWN_STATES, LIVE_AGREEMENT_STATUSES, RolloutState
from .models import Agreement, Obligation, ObligationProgress, Rollout


def agreement_list(*, user: AnyUser) -> QuerySet[Agreement]:
    """Agreements with their jurisdiction, the count of their open obligations and of their roll-out by state
    (``open_obligations``, ``bodies``, ``bodies_known``, ``bodies_contradicting``), as the user may see them."""
    obligations = Obligation.objects.visible_to(user).filter(status__in=sorted(OPEN_ACTION_STATUSES))
    rollouts = Rollout.objects.visible_to(user)
    return (
        Agreement.objects.visible_to(user)
        .select_related("jurisdiction")
        .annotate(
            open_obligations=count_of(obligations.filter(agreement=OuterRef("pk"))),
            bodies=count_of(rollouts.filter(agreement=OuterRef("pk"))),
            bodies_known=count_of(rollouts.filter(agreement=OuterRef("pk"), state__in=sorted(KNOWN_STATES))),
            bodies_contradicting=count_of(rollouts.filter(agreement=OuterRef("pk"), state=RolloutState.CONTRADICTING)),
        )
    )


def visible_engagements(user: AnyUser) -> QuerySet[Engagement]:
    """The engagements ``user`` may see, newest first: the evidence a page lists (a masked link's prefetch must be
    filtered, or a hidden engagement shows)."""
    return without_documents(Engagement.objects.visible_to(user)).order_by("-occurred_on", "-id")


def agreement_detail(*, user: AnyUser) -> QuerySet[Agreement]:
    """One agreement with its visible parties, evidence, obligations (with owners) and roll-out (with bodies)."""
    return agreement_list(user=user).prefetch_related(
        Prefetch("parties", queryset=Stakeholder.objects.visible_to(user).order_by("name")),
        Prefetch(
            "meetings", queryset=Meeting.objects.visible_to(user).select_related("group").order_by("-starts_at", "-id")
        ),
        Prefetch("engagements", queryset=visible_engagements(user)),
        Prefetch("obligations", queryset=obligation_list(user=user).order_by("due_on", "id")),
        Prefetch("rollouts", queryset=rollout_list(user=user).order_by("body__level", "body__name", "id")),
    )


def obligation_list(*, user: AnyUser, today: datetime.date | None = None) -> QuerySet[Obligation]:
    """Obligations with agreement and owners loaded, ``is_overdue_now`` and their visible note count."""
    today = today or clock.today()
    return (
        Obligation.objects.visible_to(user)
        .select_related("agreement", "owner", "owner_stakeholder")
        .annotate(
            is_overdue_now=Case(
                When(status__in=sorted(OPEN_ACTION_STATUSES), due_on__lt=today, then=Value(True)),
                default=Value(False),
                output_field=BooleanField(),
            ),
            note_count=count_of(ObligationProgress.objects.visible_to(user).filter(obligation=OuterRef("pk"))),
        )
    )


def obligation_detail(*, user: AnyUser) -> QuerySet[Obligation]:
    return obligation_list(user=user).prefetch_related(
        Prefetch("progress_notes", queryset=ObligationProgress.objects.visible_to(user).select_related("author"))
    )


def obligationprogress_list(*, user: AnyUser) -> QuerySet[ObligationProgress]:
    return ObligationProgress.objects.visible_to(user).select_related("obligation__agreement", "author")


def rollout_list(*, user: AnyUser) -> QuerySet[Rollout]:
    return Rollout.objects.visible_to(user).select_related("agreement", "body", "body__jurisdiction")


def rollout_detail(*, user: AnyUser) -> QuerySet[Rollout]:
    """One roll-out row with the engagements its reader may see."""
    return rollout_list(user=user).prefetch_related(Prefetch("engagements", queryset=visible_engagements(user)))


@dataclass(frozen=True)
class RolloutGap:
    """A live agreement reached above the local level, and the bodies that must apply it but are not aware of it
    (``no_rollout``: nobody below it is listed at all), or contradict it."""

    agreement: Agreement
    unaware: list[Rollout]
    contradicting: list[Rollout]
    no_rollout: bool


def live_agreements_above_local(*, user: AnyUser) -> QuerySet[Agreement]:
    return (
        agreement_list(user=user)
        .filter(status__in=sorted(LIVE_AGREEMENT_STATUSES))
        .exclude(jurisdiction__level=JurisdictionLevel.LOCAL)
    )


def rollout_gaps(*, user: AnyUser, jurisdiction_ids: list[int] | None = None) -> list[RolloutGap]:
    """Live national and regional agreements with no body aware of them locally, with bodies not aware, or with
    bodies contradicting them: what the coordination view shows and the warnings count. Two queries."""
    agreements = live_agreements_above_local(user=user)
    if jurisdiction_ids is not None:
        agreements = agreements.filter(
            Q(jurisdiction_id__in=jurisdiction_ids)
            | Exists(Rollout.objects.filter(agreement=OuterRef("pk"), body__jurisdiction_id__in=jurisdiction_ids))
        )
    agreements = agreements.prefetch_related(
        Prefetch("rollouts", queryset=rollout_list(user=user).order_by("body__name", "id"))
    )
    gaps = []
    for agreement in agreements.order_by("-made_on", "-id"):
        rollouts = list(agreement.rollouts.all())
        unaware = [r for r in rollouts if r.state == RolloutState.UNAWARE]
        contradicting = [r for r in rollouts if r.state == RolloutState.CONTRADICTING]
        if unaware or contradicting or not rollouts:
            gaps.append(RolloutGap(agreement, unaware, contradicting, not rollouts))
    return gaps


def agreement_counts(*, user: AnyUser) -> dict[str, int]:
    """How many agreements the user may see, by status (the list page's summary)."""
    rows = Agreement.objects.visible_to(user).values("status").annotate(n=Count("pk")).order_by()
    return {row["status"]: row["n"] for row in rows}
