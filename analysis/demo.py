"""Demo situation analysis and risk register for the demo country: a PESTLES analysis of the national level
(edition 1 approved, edition 2 in draft revising it), the Hub's three coordination risks with mitigations, and a
manager's review of the computed findings (two registered, one dismissed); and the country's legal framework
(``seed_legal``). Written through the services."""

from __future__ import annotations

import datetime
import random
from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import OutputWrapper

from commitments.models import Agreement
from shrhub import clock, demo
from shrhub.models import Confidentiality, Jurisdiction, JurisdictionLevel
from shrhub.selectors import assignable_users
from stakeholders.choices import Sector
from stakeholders.models import MandateArea, Stakeholder

from . import legal_services, services
from .choices import Confidence, IhlApplies, Initiative, InstrumentState, LawArea, Pestles, PlanStatus, RiskStatus
from .models import CoordinationRisk, Instrument, NationalLaw, SituationAnalysis
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


LEGAL_PATH = Path(__file__).parent / "data" / "legal.yaml"


def seed_legal(
    *, scale: int, rng: random.Random, stdout: OutputWrapper, today: datetime.date | None = None
) -> dict[str, int]:
    """The demo country's legal framework, once (nothing without a national jurisdiction): national laws, the
    State's status with a few instruments, an IHL assessment, a National Action Plan in preparation and the
    initiatives the government subscribes to, some verified lately, one over a year ago and one never."""
    today = today or clock.today()
    national = Jurisdiction.objects.filter(level=JurisdictionLevel.NATIONAL).order_by("pk").first()
    if national is None or NationalLaw.objects.exists():
        return {"national laws": 0}
    data = demo.load_data(LEGAL_PATH)
    experts = list(
        Stakeholder.objects.filter(
            sector__in=[Sector.NHRI, Sector.PARLIAMENT, Sector.ACADEMIA],
            confidentiality=Confidentiality.INTERNAL,
            jurisdiction=national,
        ).order_by("pk")[:3]
    )
    preparer = assignable_users().order_by("pk").first()

    def ago(days: int | None) -> datetime.date | None:
        return None if days is None else today - datetime.timedelta(days=days)

    def entry(verified: int | None, index: int) -> dict[str, Any]:
        return {
            "country": national,
            "prepared_by": preparer,
            "verified_on": ago(verified),
            "experts": experts[index % len(experts) : index % len(experts) + 1] if experts else [],
        }

    for index, row in enumerate(data["laws"]):
        legal_services.nationallaw_create(
            actor=None,
            title=row["title"],
            reference=row["reference"],
            area=LawArea(row["area"]),
            summary=row["summary"],
            vps_connection=row["vps"],
            **entry(row["verified"], index),
        )
    instruments = {instrument.code: instrument for instrument in Instrument.objects.all()}
    for index, (code, state, since, notes) in enumerate(data["statuses"]):
        legal_services.instrumentstatus_create(
            actor=None,
            instrument=instruments[code],
            state=InstrumentState(state),
            since=ago(since),
            notes=notes,
            **entry(300, index),
        )
    ihl = data["ihl"]
    legal_services.ihlassessment_create(
        actor=None,
        applies=IhlApplies(ihl["applies"]),
        assessed_on=ago(ihl["assessed"]),
        reasoning=ihl["reasoning"],
        areas=ihl["areas"],
        **entry(ihl["assessed"], 0),
    )
    plan = data["plan"]
    legal_services.actionplan_create(
        actor=None,
        title=plan["title"],
        status=PlanStatus(plan["status"]),
        summary=plan["summary"],
        security_elements=plan["security"],
        **entry(plan["verified"], 1),
    )
    for index, (initiative, since, commitments) in enumerate(data["initiatives"]):
        legal_services.initiativecommitment_create(
            actor=None,
            initiative=Initiative(initiative),
            since=ago(since),
            commitments=commitments,
            **entry(45, index),
        )
    return {
        "national laws": len(data["laws"]),
        "instrument statuses": len(data["statuses"]),
        "initiatives subscribed to": len(data["initiatives"]),
    }
