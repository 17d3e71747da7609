"""Demo agreements for the demo country: a national MoU on security arrangements in force, with its obligations
and its roll-out to two regions at different stages (one implementing it, one only aware, a local station not
aware, another contradicting it), and a concession clause still in draft. Written through the services, so they
are audited like any record."""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.core.management.base import OutputWrapper
from django.db.models import QuerySet

from shrhub import clock, demo
from shrhub.models import Confidentiality, Jurisdiction, JurisdictionLevel
from shrhub.selectors import assignable_users
from stakeholders.choices import EngagementKind, Sector, StakeholderKind
from stakeholders.models import Stakeholder
from stakeholders.services import engagement_create
from workinggroups.models import WorkingGroup

from . import services
from .choices import AgreementKind, AgreementStatus, InformMeans, Process, RolloutState
from .models import Agreement, Audience

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


# Keeping people informed ------------------------------------------------------------------------------------

# National organisations who are not part of the process but must be kept informed of it.
OUTSIDERS = (Sector.EMBASSY, Sector.CIVIL_SOCIETY, Sector.COMPANY, Sector.ACADEMIA, Sector.INTERNATIONAL_BODY)


@dataclass
class _Audiences:
    """What the audience seeder writes with: the day, the sentences, who informs them, and a count."""

    today: datetime.date
    text: dict[str, Any]
    owner: Any
    count: int = 0

    def inform(self, stakeholder: Stakeholder, kind: str, title: str, days_ago: int) -> None:
        """An engagement with the stakeholder ``days_ago``: what "last informed" is read from."""
        engagement_create(
            actor=None,  # type: ignore[arg-type]  # the system writes the demo (save_object takes None)
            occurred_on=self.today - datetime.timedelta(days=days_ago),
            kind=kind,
            title=self.text[title],
            jurisdiction=stakeholder.jurisdiction,
            stakeholders=[stakeholder],
        )

    def keep_informed(
        self, stakeholder: Stakeholder, means: str, every_days: int, note: str = "", **process: Any
    ) -> None:
        notes = self.text["notes"][note] if note else ""
        services.audience_create(
            actor=None,
            stakeholder=stakeholder,
            means=means,
            every_days=every_days,
            owner=self.owner,
            notes=notes,
            **process,
        )
        self.count += 1


def seed_audiences(
    *, scale: int, rng: random.Random, stdout: OutputWrapper, today: datetime.date | None = None
) -> dict[str, int]:
    """Who is kept informed, once (nothing without the demo MoU): of the in-country process, five national
    organisations (the embassies briefed recently, one overdue, one never informed); of the first working group,
    two organisations sent its minutes; of the MoU, one sent progress reports. Their "last informed" comes from the
    engagements with them, some of which are logged here."""
    mou = Agreement.objects.filter(kind=AgreementKind.SECURITY_MOU).order_by("pk").first()
    if mou is None or Audience.objects.exists():
        return {"audience": 0}
    staff = assignable_users().order_by("pk").first()
    seeder = _Audiences(today or clock.today(), demo.load_data(DATA_PATH)["audience"], staff)
    shown = Stakeholder.objects.filter(kind=StakeholderKind.ORGANISATION, confidentiality=Confidentiality.INTERNAL)
    national = shown.filter(jurisdiction=mou.jurisdiction, sector__in=OUTSIDERS).order_by("pk")
    country = mou.jurisdiction
    unheard = shown.filter(jurisdiction_id__in=country.descendant_ids(), engagements__isnull=True).order_by("pk")
    taken = _in_country_audience(seeder, national, unheard.first(), country)
    group = WorkingGroup.objects.filter(jurisdiction_id__in=mou.jurisdiction.descendant_ids()).order_by("pk").first()
    if group is not None:
        around = [pk for pk in (group.jurisdiction_id, group.jurisdiction.parent_id) if pk is not None]
        nearby = shown.filter(jurisdiction_id__in=around).exclude(working_group_memberships__group=group).order_by("pk")
        for index, stakeholder in enumerate(nearby[:2]):
            if index == 0:
                seeder.inform(stakeholder, EngagementKind.CORRESPONDENCE, "minutes_sent", 20)
            process: dict[str, Any] = {"process": Process.WORKING_GROUP, "working_group": group}
            seeder.keep_informed(stakeholder, InformMeans.MINUTES, 90, **process)
    for stakeholder in national.filter(sector=Sector.INTERNATIONAL_BODY).exclude(pk__in=taken)[:1]:
        seeder.inform(stakeholder, EngagementKind.CORRESPONDENCE, "report_sent", 30)
        seeder.keep_informed(stakeholder, InformMeans.REPORT, 90, process=Process.AGREEMENT, agreement=mou)
    return {"audience": seeder.count}


def _in_country_audience(
    seeder: _Audiences, national: QuerySet[Stakeholder], never: Stakeholder | None, country: Jurisdiction
) -> list[int]:
    """Two embassies briefed recently, another organisation e-mailed, one not informed for 100 days (every 45:
    overdue) and one never informed (``never``: no engagement with it at all); returns all but the embassies."""
    process: dict[str, Any] = {"process": Process.IN_COUNTRY, "country": country}
    embassies = list(national.filter(sector=Sector.EMBASSY)[:2])
    quiet = national.exclude(engagements__occurred_on__gt=seeder.today - datetime.timedelta(days=60))
    overdue = quiet.exclude(pk__in=[e.pk for e in embassies]).first()
    late = [s.pk for s in (never, overdue) if s is not None]
    for days_ago, embassy in zip((12, 25), embassies, strict=False):
        seeder.inform(embassy, EngagementKind.MEETING, "briefing", days_ago)
        seeder.keep_informed(embassy, InformMeans.BRIEFING, 60, "embassy", **process)
    others = national.exclude(pk__in=[*late, *(e.pk for e in embassies)]).exclude(sector=Sector.INTERNATIONAL_BODY)
    for stakeholder in others[:1]:
        seeder.inform(stakeholder, EngagementKind.CORRESPONDENCE, "briefing", 40)
        seeder.keep_informed(stakeholder, InformMeans.EMAIL, 90, **process)
        late.append(stakeholder.pk)
    if overdue is not None:
        seeder.inform(overdue, EngagementKind.CORRESPONDENCE, "report_sent", 100)
        seeder.keep_informed(overdue, InformMeans.REPORT, 45, "overdue", **process)
    if never is not None:
        seeder.keep_informed(never, InformMeans.LETTER, 90, "never", **process)
    return late  # the embassies may hear of the MoU too; the others are not asked twice
