"""Demo agreements for the demo country: a national MoU on security arrangements in force, with its obligations
and its roll-out to two regions at different stages (one implementing it, one only aware, a local station not
aware, another contradicting it), and a concession clause still in draft. Written through the services, so they
are audited like any record."""

from __future__ import annotations

import datetime
import random
from pathlib import Path
from typing import Any

from django.core.management.base import OutputWrapper

from shrhub import clock, demo
from shrhub.models import Jurisdiction, JurisdictionLevel
from shrhub.selectors import assignable_users
from stakeholders.choices import StakeholderKind
from stakeholders.models import Stakeholder

from . import services
from .choices import AgreementKind, AgreementStatus, RolloutState
from .models import Agreement

DATA_PATH = Path(__file__).parent / "data" / "demo.yaml"
MOU_AGE = datetime.timedelta(days=120)


def _organisation(name: str, **filters: Any) -> Stakeholder | None:
    found = Stakeholder.objects.filter(kind=StakeholderKind.ORGANISATION, name__icontains=name, **filters)
    return found.order_by("pk").first()


def seed_agreements(
    *, scale: int, rng: random.Random, stdout: OutputWrapper, today: datetime.date | None = None
) -> dict[str, int]:
    """The demo agreements, once (nothing when the demo country has no Ministry of the Interior)."""
    today = today or clock.today()
    ministry = _organisation("Ministry of the Interior", level=JurisdictionLevel.NATIONAL)
    if ministry is None or Agreement.objects.exists():
        return {"agreements": 0}
    data = demo.load_data(DATA_PATH)
    national = ministry.jurisdiction
    police = _organisation("National Police Service Headquarters")
    staff = list(assignable_users().order_by("pk")[:3])
    mou = services.agreement_create(
        actor=None,
        kind=AgreementKind.SECURITY_MOU,
        title=data["mou"]["title"],
        summary=data["mou"]["summary"],
        made_on=today - MOU_AGE,
        jurisdiction=national,
        parties=[party for party in (ministry, police) if party is not None],
        incorporates_vps=True,
        other_standards=data["mou"]["other_standards"],
        status=AgreementStatus.IN_FORCE,
    )
    obligations = _obligations(mou, data["obligations"], police, staff, today)
    rollouts = _rollout(mou, data["rollout"], national, today)
    services.agreement_create(
        actor=None,
        kind=AgreementKind.CONCESSION,
        title=data["concession"]["title"],
        summary=data["concession"]["summary"],
        made_on=today - MOU_AGE - MOU_AGE,
        jurisdiction=national,
        parties=[ministry],
        incorporates_vps=True,
        status=AgreementStatus.DRAFT,
    )
    return {"agreements": 2, "obligations": obligations, "roll-out bodies": rollouts}


def _obligations(
    mou: Agreement, rows: list[dict[str, Any]], police: Stakeholder | None, staff: list[Any], today: datetime.date
) -> int:
    for index, row in enumerate(rows):
        owner = {"owner_stakeholder": police} if row["party"] == "police" and police else {}
        if not owner and staff:
            owner = {"owner": staff[index % len(staff)]}
        services.obligation_create(
            actor=None,
            agreement=mou,
            description=row["description"],
            due_on=today + datetime.timedelta(days=row["days"]),
            **owner,
        )
    return len(rows)


def _rollout(mou: Agreement, evidence: dict[str, str], national: Jurisdiction, today: datetime.date) -> int:
    """Two regions at different stages: the first implementing, the second aware; under them, one local station not
    aware and one contradicting."""
    regions = list(Jurisdiction.objects.filter(parent=national).order_by("name")[:2])
    plan: list[tuple[Stakeholder | None, str]] = []
    for region, state in zip(regions, (RolloutState.IMPLEMENTING, RolloutState.AWARE), strict=False):
        plan.append((_organisation("Regional Directorate of the Interior", jurisdiction=region), state))
        stations = Stakeholder.objects.filter(
            kind=StakeholderKind.ORGANISATION,
            level=JurisdictionLevel.LOCAL,
            jurisdiction__parent=region,
            name__icontains="Police Station",
        ).order_by("pk")
        local_state: str = RolloutState.CONTRADICTING if state == RolloutState.IMPLEMENTING else RolloutState.UNAWARE
        plan.append((stations.first(), local_state))
    count = 0
    for body, stage in plan:
        if body is None:
            continue
        services.rollout_create(
            actor=None,
            agreement=mou,
            body=body,
            state=stage,
            as_of=today - datetime.timedelta(days=14 * (count + 1)),
            evidence=evidence[stage],
        )
        count += 1
    return count
