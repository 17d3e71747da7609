"""Reads of the situation analyses, risks and mitigations: every list starts from ``visible_to(user)`` and
loads what its page shows at a constant number of queries."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import BooleanField, Case, F, OuterRef, Prefetch, QuerySet, Value, When

from practices.models import Practice
from shrhub import clock
from shrhub.selectors import count_of
from shrhub.types import AnyUser
from stakeholders.models import Stakeholder
from workinggroups.choices import OPEN_ACTION_STATUSES

from .choices import LIVE_RISK_STATUSES, Impact, Likelihood, Pestles
from .models import CoordinationRisk, Finding, Mitigation, MitigationProgress, SituationAnalysis


def situationanalysis_list(*, user: AnyUser) -> QuerySet[SituationAnalysis]:
    """Editions with jurisdiction, author and approver loaded, and their visible finding count."""
    return (
        SituationAnalysis.objects.visible_to(user)
        .select_related("jurisdiction", "author", "approved_by", "previous")
        .annotate(finding_count=count_of(Finding.objects.visible_to(user).filter(analysis=OuterRef("pk"))))
    )


def situationanalysis_detail(*, user: AnyUser) -> QuerySet[SituationAnalysis]:
    """One edition with its findings (sources, stakeholders, mandate areas) and its stakeholders."""
    seen = Stakeholder.objects.visible_to(user).order_by("name")
    findings = (
        Finding.objects.visible_to(user)
        .order_by("heading", "id")
        .prefetch_related("sources", "mandate_areas", Prefetch("stakeholders", queryset=seen))
    )
    return situationanalysis_list(user=user).prefetch_related(
        Prefetch("findings", queryset=findings), Prefetch("stakeholders", queryset=seen)
    )


def finding_list(*, user: AnyUser) -> QuerySet[Finding]:
    return Finding.objects.visible_to(user).select_related("analysis", "analysis__jurisdiction")


@dataclass
class HeadingChange:
    """One PESTLES heading of two editions side by side: the findings only the earlier one has, only the later
    one has, and those in both (same text)."""

    heading: str
    label: str
    removed: list[Finding] = field(default_factory=list)
    added: list[Finding] = field(default_factory=list)
    kept: list[Finding] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.removed or self.added)


def compare_editions(earlier: SituationAnalysis, later: SituationAnalysis) -> list[HeadingChange]:
    """What changed between two editions, heading by heading (findings compared by their text, whitespace
    aside). Reads the findings already prefetched on both."""

    def norm(text: str) -> str:
        return " ".join(text.split())

    changes = {heading: HeadingChange(heading, str(label)) for heading, label in Pestles.choices}
    before = defaultdict(list)
    for finding in earlier.findings.all():
        before[(finding.heading, norm(finding.text))].append(finding)
    for finding in later.findings.all():
        twins = before.get((finding.heading, norm(finding.text)))
        if twins:
            twins.pop()
            changes[finding.heading].kept.append(finding)
        else:
            changes[finding.heading].added.append(finding)
    for (heading, _text), left in before.items():
        changes[heading].removed.extend(left)
    return list(changes.values())


def coordinationrisk_list(*, user: AnyUser) -> QuerySet[CoordinationRisk]:
    """Risks with jurisdiction, area and owner loaded, ``score`` (likelihood × impact) and their open and
    overdue mitigation counts."""
    mitigations = Mitigation.objects.visible_to(user).filter(
        risk=OuterRef("pk"), status__in=sorted(OPEN_ACTION_STATUSES)
    )
    return (
        CoordinationRisk.objects.visible_to(user)
        .select_related("jurisdiction", "area", "owner")
        .annotate(
            score_value=F("likelihood") * F("impact"),
            open_mitigations=count_of(mitigations),
            overdue_mitigations=count_of(mitigations.filter(due_on__lt=clock.today())),
        )
    )


def coordinationrisk_detail(*, user: AnyUser) -> QuerySet[CoordinationRisk]:
    from commitments.models import Agreement

    return coordinationrisk_list(user=user).prefetch_related(
        "vulnerable_groups",
        Prefetch("stakeholders", queryset=Stakeholder.objects.visible_to(user).order_by("name")),
        Prefetch("agreements", queryset=Agreement.objects.visible_to(user).order_by("-made_on")),
        Prefetch("practices", queryset=Practice.objects.visible_to(user)),
        Prefetch("mitigations", queryset=mitigation_list(user=user).order_by("due_on", "id")),
    )


def mitigation_list(*, user: AnyUser, today: datetime.date | None = None) -> QuerySet[Mitigation]:
    today = today or clock.today()
    return (
        Mitigation.objects.visible_to(user)
        .select_related("risk", "owner")
        .annotate(
            is_overdue_now=Case(
                When(status__in=sorted(OPEN_ACTION_STATUSES), due_on__lt=today, then=Value(True)),
                default=Value(False),
                output_field=BooleanField(),
            ),
            note_count=count_of(MitigationProgress.objects.visible_to(user).filter(mitigation=OuterRef("pk"))),
        )
    )


def mitigation_detail(*, user: AnyUser) -> QuerySet[Mitigation]:
    return mitigation_list(user=user).prefetch_related(
        Prefetch("progress_notes", queryset=MitigationProgress.objects.visible_to(user).select_related("author"))
    )


def mitigationprogress_list(*, user: AnyUser) -> QuerySet[MitigationProgress]:
    return MitigationProgress.objects.visible_to(user).select_related("mitigation__risk", "author")


@dataclass(frozen=True)
class MatrixCell:
    likelihood: int
    impact: int
    risks: tuple[CoordinationRisk, ...]


def risk_matrix(risks: QuerySet[CoordinationRisk] | list[CoordinationRisk]) -> list[list[MatrixCell]]:
    """Likelihood (rows, most likely first) × impact (columns): the risks of each cell."""
    cells: dict[tuple[int, int], list[CoordinationRisk]] = defaultdict(list)
    for risk in risks:
        cells[(risk.likelihood, risk.impact)].append(risk)
    return [
        [MatrixCell(likelihood, impact, tuple(cells[(likelihood, impact)])) for impact in Impact.values]
        for likelihood in reversed(Likelihood.values)
    ]


def live_risks(*, user: AnyUser) -> QuerySet[CoordinationRisk]:
    return coordinationrisk_list(user=user).filter(status__in=sorted(LIVE_RISK_STATUSES))
