"""Computed coordination findings as proposals for the risk register (Hub C: "indicate where coordination
challenges between national and local bodies can lead to risks to communities").

The coordination view (``stakeholders.insights``) finds national engagement with no local follow-through,
stances diverging along a chain and risk areas nobody holds. Each finding is proposed here, pre-filling a risk,
until a manager registers it or dismisses it (``FindingReview``); it is proposed again when its evidence
changes. A proposal is computed for its reader: it names only what they may see."""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy as _

from shrhub import clock
from shrhub.models import Jurisdiction
from shrhub.types import AnyUser
from stakeholders.insights.figures.coordination import CoordinationFinding, coordination
from stakeholders.insights.filters import CoordinationFilterSet, resolve_scope
from stakeholders.models import MandateArea, Stakeholder

from .choices import Impact, Likelihood
from .models import FindingReview

STANCE_PERMISSION = "stakeholders.view_stance"
# How long a proposed risk waits before its first review, and how it is rated before a manager rates it.
FIRST_REVIEW_DAYS = 90
PROPOSED_RATING = {
    "gap": (Likelihood.POSSIBLE, Impact.MODERATE),
    "divergence": (Likelihood.LIKELY, Impact.MODERATE),
    "mandate": (Likelihood.POSSIBLE, Impact.MAJOR),
}
OTHER_AREA = _("Coordination between national and local bodies")
CHALLENGES = {
    "gap": _(
        "A national body was engaged but its local counterparts were not: what is agreed nationally may "
        "not reach the local level."
    ),
    "divergence": _(
        "A national body and a local body of the same chain stand on opposite sides: local "
        "practice may contradict national commitments."
    ),
    "mandate": _("Nobody at this level holds the mandate: communities have no one responsible to turn to."),
}


@dataclass(frozen=True)
class Proposal:
    finding: CoordinationFinding

    @property
    def key(self) -> str:
        return self.finding.key

    def risk_data(self, jurisdiction: Jurisdiction | None) -> dict[str, Any]:
        """A risk pre-filled from the finding and linked to its evidence (records, as the services take them);
        the manager completes who is at risk and the harm."""
        likelihood, impact = PROPOSED_RATING[self.finding.kind]
        area = MandateArea.objects.filter(code=self.finding.area).first() if self.finding.area else None
        return {
            "title": self.finding.title[:200],
            "jurisdiction": jurisdiction,
            "upper_level": self.finding.upper_level,
            "lower_level": self.finding.lower_level,
            "area": area,
            "other_area": "" if area else str(OTHER_AREA),
            "challenge": f"{CHALLENGES[self.finding.kind]}\n\n{self.finding.detail}",
            "likelihood": likelihood,
            "impact": impact,
            "review_on": clock.today() + datetime.timedelta(days=FIRST_REVIEW_DAYS),
            "stakeholders": list(Stakeholder.objects.filter(pk__in=self.finding.stakeholders)),
        }

    def initial(self, jurisdiction: Jurisdiction | None) -> dict[str, Any]:
        """The risk form's initial values (primary keys for the choices)."""
        data = self.risk_data(jurisdiction)
        return {
            **data,
            "jurisdiction": jurisdiction.pk if jurisdiction else None,
            "area": data["area"].pk if data["area"] else None,
            "stakeholders": [s.pk for s in data["stakeholders"]],
        }


def reviewed(evidence: Mapping[str, str]) -> set[str]:
    """The finding keys reviewed on the evidence given (registered with ``shrhub.registry``). One query."""
    rows = FindingReview.objects.filter(key__in=list(evidence)).values_list("key", "evidence")
    return {key for key, fingerprint in rows if evidence.get(key) == fingerprint}


def proposals(*, user: AnyUser, jurisdiction: Jurisdiction | None = None) -> list[Proposal]:
    """The coordination findings ``user`` may see (in ``jurisdiction``'s picture, or everywhere) that no manager
    has reviewed on their current evidence."""
    data = {"jurisdiction": jurisdiction.pk} if jurisdiction else {}
    scope = resolve_scope(user=user, data=data, filterset_class=CoordinationFilterSet)
    findings = coordination(scope).findings()
    if not user.has_perm(STANCE_PERMISSION):  # a divergence names stances: a restricted field
        findings = [finding for finding in findings if finding.kind != "divergence"]
    done = reviewed({finding.key: finding.evidence for finding in findings})
    return [Proposal(finding) for finding in findings if finding.key not in done]


def proposal(*, user: AnyUser, key: str, jurisdiction: Jurisdiction | None = None) -> Proposal | None:
    return next((p for p in proposals(user=user, jurisdiction=jurisdiction) if p.key == key), None)
