"""Reads of agreements, obligations and roll-outs: every list starts from ``visible_to(user)`` and loads what its
page shows at a constant number of queries; the roll-out gaps feed the coordination view and the warnings."""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.db.models import (
    BooleanField,
    Case,
    Count,
    DateField,
    Exists,
    F,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils.http import urlencode

from shrhub import clock
from shrhub.models import Jurisdiction, JurisdictionLevel
from shrhub.selectors import count_of
from shrhub.types import AnyUser
from stakeholders.insights.figures.rules import HIGH_FROM, grid_cell_of
from stakeholders.models import Engagement, Stakeholder
from stakeholders.selectors import without_documents
from workinggroups.choices import OPEN_ACTION_STATUSES
from workinggroups.models import Meeting, WorkingGroup
from workinggroups.selectors import PlusDays

from .choices import KNOWN_STATES, LIVE_AGREEMENT_STATUSES, Process, RolloutState
from .models import Agreement, Audience, Obligation, ObligationProgress, Rollout


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


# Keeping people informed ------------------------------------------------------------------------------------

# What an audience member is kept informed of: a country's in-country process, a working group, an agreement.
ProcessTarget = Jurisdiction | WorkingGroup | Agreement
TARGET_FIELDS: dict[str, str] = {
    Process.IN_COUNTRY: "country",
    Process.WORKING_GROUP: "working_group",
    Process.AGREEMENT: "agreement",
}
KEEP_INFORMED = "keep_informed"  # the cell of the influence x interest grid the map proposes an audience from


def last_informed_on(user: AnyUser) -> Subquery:
    """The day of the latest engagement ``user`` may see that included the audience member's stakeholder (a
    subquery on the audience row): a hidden engagement never moves it, or the date would reveal it."""
    latest = (
        Engagement.objects.visible_to(user)
        .filter(stakeholders=OuterRef("stakeholder_id"))
        .order_by("-occurred_on")
        .values("occurred_on")[:1]
    )
    return Subquery(latest, output_field=DateField())


def audience_list(*, user: AnyUser, today: datetime.date | None = None) -> QuerySet[Audience]:
    """The audience members ``user`` may see (never one of a hidden stakeholder, group or agreement) with their
    stakeholder, process and owner loaded, and, from the engagements ``user`` may see: ``last_informed_on``,
    ``next_due_on`` (that day plus ``every_days``; today for someone never informed: they are due now) and
    ``overdue`` (never informed, or the due day has passed)."""
    today = today or clock.today()
    rows = Audience.objects.visible_to(user).select_related("stakeholder", "country", "working_group", "agreement")
    return without_documents(rows.select_related("owner"), "stakeholder").annotate(
        last_informed_on=last_informed_on(user),
        next_due_on=Coalesce(PlusDays(F("last_informed_on"), F("every_days")), Value(today, output_field=DateField())),
        overdue=Case(
            When(Q(last_informed_on__isnull=True) | Q(next_due_on__lt=today), then=Value(True)),
            default=Value(False),
            output_field=BooleanField(),
        ),
    )


def audience_of(target: ProcessTarget, *, user: AnyUser) -> QuerySet[Audience]:
    """The audience of one process as ``user`` may see it, the overdue first, then by name."""
    rows = audience_list(user=user).filter(**target_filter(target))
    return rows.order_by("-overdue", "stakeholder__name", "id")  # type: ignore[misc]  # annotated by audience_list


def process_of(target: ProcessTarget) -> str:
    if isinstance(target, WorkingGroup):
        return Process.WORKING_GROUP
    if isinstance(target, Agreement):
        return Process.AGREEMENT
    return Process.IN_COUNTRY


def target_filter(target: ProcessTarget) -> dict[str, Any]:
    """The lookups that select the audience rows of ``target``'s process."""
    process = process_of(target)
    return {"process": process, TARGET_FIELDS[process]: target}


def target_query(target: ProcessTarget) -> str:
    """``process=…&<field>=<pk>``: how a link names a process (the add form, the proposals page)."""
    process = process_of(target)
    return urlencode({"process": str(process), TARGET_FIELDS[process]: str(target.pk)})


def find_target(data: Mapping[str, Any], *, user: AnyUser) -> ProcessTarget | None:
    """The process a request names (``working_group=<pk>``, ``agreement=<pk>`` or ``country=<pk>``, a national
    jurisdiction), if ``user`` may see it; without any, the in-country process of the first country ``user`` may
    see. None for a record that does not exist or is hidden: the caller answers "not found"."""
    for field, rows in (
        ("working_group", WorkingGroup.objects.visible_to(user)),
        ("agreement", Agreement.objects.visible_to(user).select_related("jurisdiction")),
        ("country", Jurisdiction.objects.filter(level=JurisdictionLevel.NATIONAL)),
    ):
        value = str(data.get(field, "") or "")
        if value:
            return rows.filter(pk=value).first() if value.isdigit() else None
    return countries().first()


def countries() -> QuerySet[Jurisdiction]:
    """The national jurisdictions: each runs an in-country process."""
    return Jurisdiction.objects.filter(level=JurisdictionLevel.NATIONAL).order_by("name", "pk")


def process_jurisdiction_ids(target: ProcessTarget) -> list[int]:
    """Where a process's audience is proposed from: a country's whole tree, a working group's jurisdiction, an
    agreement's jurisdiction and everything under it."""
    if isinstance(target, WorkingGroup):
        return [target.jurisdiction_id]
    if isinstance(target, Agreement):
        return target.jurisdiction.descendant_ids()
    return target.descendant_ids()


def proposed_audience(target: ProcessTarget, *, user: AnyUser) -> list[Stakeholder]:
    """Who the stakeholder map says to keep informed of a process and is not yet in its audience: the
    stakeholders in the "keep informed" cell of the influence x interest grid (``grid_cell_of``), read from the
    current assessment ``user`` may see, within the process's jurisdictions (``process_jurisdiction_ids``). Only
    stakeholders ``user`` may see; by name. One query."""
    taken = Audience.objects.filter(**target_filter(target)).values("stakeholder_id")
    candidates = (
        Stakeholder.objects.visible_to(user)
        .filter(jurisdiction_id__in=process_jurisdiction_ids(target), seen_assessment__interest__gte=HIGH_FROM)  # type: ignore[misc]  # seen_assessment: the relation visible_to() adds
        .exclude(pk__in=taken)
        .annotate(map_influence=F("seen_assessment__influence"), map_interest=F("seen_assessment__interest"))
        .only("id", "name", "sector", "level", "jurisdiction_id")
        .order_by("name", "id")
    )
    return [
        stakeholder
        for stakeholder in candidates
        if grid_cell_of(stakeholder.map_influence, stakeholder.map_interest) == KEEP_INFORMED
    ]
