"""Demo of the case for the VPs in the demo country: the team's arguments put to three national ministries with
different fortunes (one welcomed them, one was sceptical and then interested, one rejected the same argument twice),
and commitment assessments at every level so that the readiness view shows a ready region, a blocked national
ministry and a level (the local one) where no one is ready yet. Reuses the registry's engagements with each ministry
where there are some, and logs new ones where there are not. Written through the services, so audited like any
record."""

from __future__ import annotations

import datetime
import importlib
import random

from django.core.management.base import OutputWrapper

from shrhub import clock
from shrhub.models import Confidentiality, Jurisdiction, JurisdictionLevel
from stakeholders.choices import EngagementKind, StakeholderKind
from stakeholders.models import Engagement, Stakeholder
from stakeholders.services import engagement_create

from ..choices import CommitmentLevel, Response, Standard
from ..models import Advocacy, BenefitArgument
from . import services

DAY = datetime.timedelta(days=1)

# Per ministry: (days ago, overall response, [(argument index, response, wording)]) for each engagement.
PLAN: dict[str, list[tuple[int, str, list[tuple[int, str, str]]]]] = {
    "Ministry of Mines and Energy": [
        (
            75,
            Response.WELCOMED,
            [
                (
                    2,
                    Response.WELCOMED,
                    "The mine's royalties fund the provincial budget only while it runs undisturbed.",
                ),
                (3, Response.WELCOMED, "Two lenders asked about the VPs during the expansion's financing."),
            ],
        )
    ],
    "Ministry of the Interior": [
        (
            110,
            Response.SCEPTICAL,
            [(0, Response.SCEPTICAL, "Fewer clashes at the roadblocks on the northern access road.")],
        ),
        (
            40,
            Response.INTERESTED,
            [
                (
                    0,
                    Response.INTERESTED,
                    "Incident figures since the training of the mobile unit, shared in confidence.",
                ),
                (4, Response.INTERESTED, "The VPs restate the police code's own rules on the use of force."),
            ],
        ),
    ],
    "Ministry of Defence": [
        (
            95,
            Response.REJECTED,
            [(5, Response.REJECTED, "Partner governments read participation as a sign of good governance.")],
        ),
        (
            30,
            Response.REJECTED,
            [(5, Response.REJECTED, "Neighbouring countries' militaries joined the national working group.")],
        ),
    ],
}


def _ensure_arguments() -> list[BenefitArgument]:
    """The six seeded arguments (a flushed database has lost the migration's rows: put them back)."""
    seeded = importlib.import_module("commitments.migrations.0003_benefit_arguments").ARGUMENTS
    for name, benefit, case in seeded:
        if not BenefitArgument.objects.filter(name=name).exists():
            services.benefitargument_create(actor=None, name=name, benefit=benefit, case=case)
    names = [name for name, _benefit, _case in seeded]
    found = {argument.name: argument for argument in BenefitArgument.objects.filter(name__in=names)}
    return [found[name] for name in names]


def _ministry(name: str) -> Stakeholder | None:
    return (
        Stakeholder.objects.filter(
            kind=StakeholderKind.ORGANISATION,
            level=JurisdictionLevel.NATIONAL,
            name__icontains=name,
            confidentiality=Confidentiality.INTERNAL,
        )
        .order_by("pk")
        .first()
    )


def _engagement(ministry: Stakeholder, on: datetime.date, used: set[int]) -> Engagement:
    """An internal engagement with the ministry near ``on`` not used yet, or a new one on that day."""
    known = (
        Engagement.objects.filter(stakeholders=ministry, confidentiality=Confidentiality.INTERNAL)
        .exclude(pk__in=used)
        .order_by("-occurred_on", "-id")
        .first()
    )
    if known is not None and not Advocacy.objects.filter(engagement=known, agency=ministry).exists():
        return known
    return engagement_create(
        actor=None,  # type: ignore[arg-type]  # the demo writes as the system, as the registry's demo does
        occurred_on=on,
        kind=EngagementKind.MEETING,
        title=f"Security and human rights: meeting with the {ministry.name}",
        jurisdiction=ministry.jurisdiction,
        stakeholders=[ministry],
        summary="The Voluntary Principles raised with the ministry's senior officials.",
    )


def seed_advocacy(
    *, scale: int, rng: random.Random, stdout: OutputWrapper, today: datetime.date | None = None
) -> dict[str, int]:
    """The demo's standards raised and commitments, once (nothing when the demo country has no Ministry of the
    Interior)."""
    today = today or clock.today()
    if _ministry("Ministry of the Interior") is None or Advocacy.objects.exists():
        return {"standards raised": 0}
    arguments = _ensure_arguments()
    raised, used = 0, set[int]()
    for name, visits in PLAN.items():
        ministry = _ministry(name)
        if ministry is None:
            continue
        for days, response, puts in visits:
            engagement = _engagement(ministry, today - days * DAY, used)
            used.add(engagement.pk)
            services.advocacy_save(
                actor=None,
                engagement=engagement,
                agency=ministry,
                standard=Standard.VPS,
                response=response,
                response_notes="",
                arguments=[
                    {"argument": arguments[index], "response": answer, "wording": wording}
                    for index, answer, wording in puts
                ],
            )
            raised += 1
    assessed = _commitments(today)
    return {"standards raised": raised, "commitment assessments": assessed}


def _assess(stakeholder: Stakeholder | None, level: str, on: datetime.date, evidence: str) -> int:
    if stakeholder is None:
        return 0
    services.commitmentassessment_create(
        actor=None, stakeholder=stakeholder, level=level, assessed_on=on, evidence=evidence
    )
    return 1


def _commitments(today: datetime.date) -> int:
    """National: the mines ministry ready, the interior interested (after being aware), defence opposed. Regional:
    the first region's directorate committed publicly and its authority supportive (a ready region), the second's
    directorate aware. Local: stations and councils aware or unaware, none ready."""
    count = 0
    count += _assess(
        _ministry("Ministry of Mines and Energy"),
        CommitmentLevel.SUPPORTIVE,
        today - 70 * DAY,
        "Said in the meeting it would host a first multi-stakeholder meeting.",
    )
    interior = _ministry("Ministry of the Interior")
    count += _assess(interior, CommitmentLevel.AWARE, today - 105 * DAY, "Knew the VPs by name only.")
    count += _assess(interior, CommitmentLevel.INTERESTED, today - 35 * DAY, "Asked for the incident figures.")
    count += _assess(
        _ministry("Ministry of Defence"),
        CommitmentLevel.OPPOSED,
        today - 28 * DAY,
        "Said twice that security arrangements are a sovereign matter, not for a forum.",
    )
    national = interior.jurisdiction if interior else None
    regions = list(Jurisdiction.objects.filter(parent=national).order_by("name")[:2]) if national else []
    organisations = Stakeholder.objects.filter(
        kind=StakeholderKind.ORGANISATION, confidentiality=Confidentiality.INTERNAL
    ).order_by("pk")
    for index, region in enumerate(regions):
        in_region = organisations.filter(level=JurisdictionLevel.REGIONAL, jurisdiction=region)
        directorate = in_region.filter(name__icontains="Directorate").first()
        if index == 0:
            count += _assess(
                directorate,
                CommitmentLevel.COMMITTED_PUBLICLY,
                today - 50 * DAY,
                "The director announced the regional security working group on the radio.",
            )
            count += _assess(
                in_region.filter(sector="regional_authority").first(),
                CommitmentLevel.SUPPORTIVE,
                today - 45 * DAY,
                "The governor's office offered to co-chair.",
            )
        else:
            count += _assess(directorate, CommitmentLevel.AWARE, today - 60 * DAY, "Received the briefing note.")
        local = organisations.filter(level=JurisdictionLevel.LOCAL, jurisdiction__parent=region)
        count += _assess(
            local.filter(name__icontains="Police").first(),
            CommitmentLevel.UNAWARE,
            today - 20 * DAY,
            "The station commander had not heard of the VPs.",
        )
        count += _assess(
            local.exclude(name__icontains="Police").filter(sector="local_government").first(),
            CommitmentLevel.AWARE,
            today - 18 * DAY,
            "The council secretary read the leaflet.",
        )
    return count
