"""Demo situation analysis and risk register for the demo country: a PESTLES analysis of the national level
(edition 1 approved, edition 2 in draft revising it), the Hub's three coordination risks with mitigations, and a
manager's review of the computed findings (two registered, one dismissed). Written through the services."""

from __future__ import annotations

import datetime
import random
from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import OutputWrapper

from commitments.models import Agreement
from shrhub import clock, demo
from shrhub.models import Jurisdiction, JurisdictionLevel
from shrhub.selectors import assignable_users
from stakeholders.models import MandateArea

from . import services
from .choices import Confidence, Pestles, RiskStatus
from .models import CoordinationRisk, SituationAnalysis
from .proposals import proposals

DATA_PATH = Path(__file__).parent / "data" / "demo.yaml"


def seed_analysis(
    *, scale: int, rng: random.Random, stdout: OutputWrapper, today: datetime.date | None = None
) -> dict[str, int]:
    """The demo analysis and risks, once (nothing without a national jurisdiction)."""
    today = today or clock.today()
    national = Jurisdiction.objects.filter(level=JurisdictionLevel.NATIONAL).order_by("pk").first()
    if national is None or SituationAnalysis.objects.exists():
        return {"situation analyses": 0}
    data = demo.load_data(DATA_PATH)
    first = _analysis(data, national, today)
    services.situationanalysis_approve(actor=None, instance=first)
    revised = services.situationanalysis_revise(actor=None, instance=first)
    changed = revised.findings.get(heading=Pestles.SECURITY)
    services.finding_update(actor=None, instance=changed, text=data["revised"]["security"])
    risks = _risks(data, national, first, today)
    reviews = _reviews(data, national)
    return {"situation analyses": 2, "coordination risks": risks, "finding reviews": reviews}


def _analysis(data: dict[str, Any], national: Jurisdiction, today: datetime.date) -> SituationAnalysis:
    text = data["analysis"]
    analysis = services.situationanalysis_create(
        actor=None,
        jurisdiction=national,
        title=text["title"],
        as_of=today - datetime.timedelta(days=180),
        summary=text["summary"],
        formal_systems=text["formal_systems"],
        informal_systems=text["informal_systems"],
        review_on=today + datetime.timedelta(days=180),
    )
    for heading, (finding, confidence) in data["findings"].items():
        services.finding_create(
            actor=None, analysis=analysis, heading=Pestles(heading), text=finding, confidence=Confidence(confidence)
        )
    return analysis


def _risks(data: dict[str, Any], national: Jurisdiction, analysis: SituationAnalysis, today: datetime.date) -> int:
    staff = list(assignable_users().order_by("pk")[:2])
    mou = Agreement.objects.order_by("pk").first()
    for index, row in enumerate(data["risks"]):
        risk = services.coordinationrisk_create(
            actor=None,
            title=row["title"],
            jurisdiction=national,
            area=MandateArea.objects.get(code=row["area"]),
            challenge=row["challenge"],
            affected=row["affected"],
            harm=row["harm"],
            likelihood=row["likelihood"],
            impact=row["impact"],
            owner=staff[index % len(staff)] if staff else None,
            review_on=today + datetime.timedelta(days=30 * (index + 1) - 45),
            analysis=analysis,
            agreements=[mou] if mou is not None and index == 2 else [],
        )
        if index < len(data["mitigations"]):
            services.mitigation_create(
                actor=None,
                risk=risk,
                description=data["mitigations"][index],
                owner=risk.owner,
                due_on=today + datetime.timedelta(days=21 * (index + 1) - 30),
            )
    return CoordinationRisk.objects.exclude(status=RiskStatus.CLOSED).count()


def _reviews(data: dict[str, Any], national: Jurisdiction) -> int:
    """A manager's first pass over the computed findings: the first two registered, the third dismissed; the rest
    stay proposed, so the review page has something to show. Read as a superuser reads them (an unsaved account
    that sees every record: the demo may run before any account exists)."""
    reader = get_user_model()(username="demo-reviewer", is_superuser=True, is_active=True)
    found = proposals(user=reader)
    for proposal in found[:2]:
        services.finding_register(
            actor=None,
            key=proposal.key,
            evidence=proposal.finding.evidence,
            affected=data["proposed"]["affected"],
            harm=data["proposed"]["harm"],
            **proposal.risk_data(national),
        )
    for proposal in found[2:3]:
        services.finding_dismiss(
            actor=None, key=proposal.key, evidence=proposal.finding.evidence, reason=data["dismissed"]
        )
    return min(len(found), 3)
