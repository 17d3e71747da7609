"""A small hand-built host country whose every figure is worked out by hand in the tests.

Jurisdictions: the nation N, one region R, two localities L1 and L2 (under R).

| stakeholder | level | sector | parent | current stance (infl/int) | round A | round B |
| --- | --- | --- | --- | --- | --- | --- |
| Ministry of the Interior | national | ministry | — | champion 5/4 (review overdue) | supporter 5/4 | champion 5/4 |
| National Police Service | national | police | Ministry | supporter 4/2 | champion 4/2 | supporter 4/2 |
| Regional Police Command | regional | police | NPS | neutral 3/3 | neutral 2/3 | neutral 3/3 |
| Station One (L1) | local | police | RPC | spoiler 4/5 | champion 4/5 | spoiler 4/5 |
| Station Two (L2) | local | police | RPC | sceptic 2/4 | — | neutral, then sceptic 2/4 |
| Supreme Court | national | judiciary | — | unknown 3/1 | sceptic 3/1 | unknown 3/1 |
| Women's Rights Network (L1) | local | civil society | — | champion 2/5 | — | champion 2/5 |
| Parliamentary Committee | national | parliament | — | neutral 3/3 (stale) | neutral 3/3 | — |
| Home-State Embassy | national | embassy | — | not assessed | — | — |
| Officer Ana Testa (L1, person) | local | police | Station One | not assessed | — | — |

Round A's assessments are dated ``TODAY - 390`` days, round B's ``TODAY - 20`` (Station Two again at
``TODAY - 10``). Relationships, engagements, mandates, positions and sources are set in ``build_world``.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from shrhub import clock
from stakeholders.choices import RelationshipKind, Sector, StakeholderKind
from stakeholders.models import InformationSource, MandateArea, Stakeholder, VulnerableGroup
from tests.shrhub.factories import LocalityFactory, NationalFactory, RegionFactory
from tests.stakeholders.factories import (
    AssessmentFactory,
    EngagementFactory,
    MappingRoundFactory,
    OrganisationFactory,
    PersonFactory,
    PositionFactory,
    RelationshipFactory,
    TenureFactory,
)

TODAY = clock.today()  # the operation's day, as the application sees it (not the server's)
A_DAY = TODAY - datetime.timedelta(days=390)
B_DAY = TODAY - datetime.timedelta(days=20)


def days_ago(n: int) -> datetime.date:
    return TODAY - datetime.timedelta(days=n)


@dataclass
class World:
    nation: object
    region: object
    l1: object
    l2: object
    ministry: Stakeholder
    police: Stakeholder
    regional: Stakeholder
    station1: Stakeholder
    station2: Stakeholder
    court: Stakeholder
    ngo: Stakeholder
    parliament: Stakeholder
    embassy: Stakeholder
    officer: Stakeholder
    round_a: object
    round_b: object
    ministry_b: object  # the ministry's current assessment
    regional_b: object
    vacant: object  # the vacant key position
    station_post: object  # the key position whose holder started 25 days ago

    @property
    def everyone(self) -> list[Stakeholder]:
        return [
            self.ministry,
            self.police,
            self.regional,
            self.station1,
            self.station2,
            self.court,
            self.ngo,
            self.parliament,
            self.embassy,
            self.officer,
        ]


def sources(*codes: str) -> list[InformationSource]:
    return list(InformationSource.objects.filter(code__in=codes))


def org(name: str, sector: str, level: str, jurisdiction, parent=None) -> Stakeholder:
    return OrganisationFactory(name=name, sector=sector, level=level, jurisdiction=jurisdiction, parent=parent)


def assess(stakeholder, mapping_round, day, stance, influence, interest, *codes, review_due_on=None):
    return AssessmentFactory(
        stakeholder=stakeholder,
        mapping_round=mapping_round,
        assessed_on=day,
        stance=stance,
        influence=influence,
        interest=interest,
        review_due_on=review_due_on,
        sources=sources(*codes) if codes else sources("security"),
    )


def build_world() -> World:
    nation = NationalFactory()
    region = RegionFactory(name="Region R", parent=nation)
    l1 = LocalityFactory(name="Locality L1", parent=region)
    l2 = LocalityFactory(name="Locality L2", parent=region)

    ministry = org("Ministry of the Interior", Sector.MINISTRY, "national", nation)
    police = org("National Police Service", Sector.POLICE, "national", nation, ministry)
    regional = org("Regional Police Command", Sector.POLICE, "regional", region, police)
    station1 = org("Station One", Sector.POLICE, "local", l1, regional)
    station2 = org("Station Two", Sector.POLICE, "local", l2, regional)
    court = org("Supreme Court", Sector.JUDICIARY, "national", nation)
    ngo = org("Women's Rights Network", Sector.CIVIL_SOCIETY, "local", l1)
    parliament = org("Parliamentary Committee", Sector.PARLIAMENT, "national", nation)
    embassy = org("Home-State Embassy", Sector.EMBASSY, "national", nation)
    officer = PersonFactory(
        name="Officer Ana Testa",
        kind=StakeholderKind.PERSON,
        sector=Sector.POLICE,
        level="local",
        jurisdiction=l1,
        parent=station1,
    )
    ngo.vulnerable_groups.set(VulnerableGroup.objects.filter(code="women"))
    court.mandate_areas.set(MandateArea.objects.filter(code="judicial-accountability"))
    regional.mandate_areas.set(MandateArea.objects.filter(code="monitoring-public-security"))
    station1.mandate_areas.set(MandateArea.objects.filter(code="monitoring-public-security"))

    round_a = MappingRoundFactory(name="Round A", jurisdiction=nation, started_on=days_ago(400), review_due_on=None)
    round_b = MappingRoundFactory(name="Round B", jurisdiction=nation, started_on=days_ago(30), review_due_on=None)

    assess(ministry, round_a, A_DAY, "supporter", 5, 4)
    assess(police, round_a, A_DAY, "champion", 4, 2)
    assess(regional, round_a, A_DAY, "neutral", 2, 3)
    assess(station1, round_a, A_DAY, "champion", 4, 5)
    assess(court, round_a, A_DAY, "sceptic", 3, 1)
    assess(parliament, round_a, A_DAY, "neutral", 3, 3, "government-affairs")

    ministry_b = assess(
        ministry, round_b, B_DAY, "champion", 5, 4, "security", "home-state-embassy", review_due_on=days_ago(1)
    )
    assess(police, round_b, B_DAY, "supporter", 4, 2, "security")
    regional_b = assess(regional, round_b, B_DAY, "neutral", 3, 3, "security", "community-relations")
    assess(station1, round_b, B_DAY, "spoiler", 4, 5, "security")
    assess(station2, round_b, B_DAY, "neutral", 3, 3, "legal")
    latest_station2 = assess(station2, round_b, days_ago(10), "sceptic", 2, 4, "security")
    latest_station2.vulnerable_groups.set(VulnerableGroup.objects.filter(code="indigenous-peoples"))
    assess(court, round_b, B_DAY, "unknown", 3, 1, "legal")
    assess(ngo, round_b, B_DAY, "champion", 2, 5, "community-relations", "local-experts")

    RelationshipFactory(source=police, target=ministry, kind=RelationshipKind.REPORTS_TO)
    RelationshipFactory(source=regional, target=police, kind=RelationshipKind.REPORTS_TO)
    RelationshipFactory(source=station1, target=regional, kind=RelationshipKind.REPORTS_TO)
    RelationshipFactory(source=station2, target=regional, kind=RelationshipKind.REPORTS_TO)
    RelationshipFactory(source=ngo, target=station1, kind=RelationshipKind.OPPOSED_TO)
    RelationshipFactory(source=court, target=ministry, kind=RelationshipKind.INFLUENCES)
    RelationshipFactory(source=officer, target=station1, kind=RelationshipKind.PART_OF)
    RelationshipFactory(source=embassy, target=ministry, kind=RelationshipKind.ALLIED_WITH)

    EngagementFactory(
        title="Security MoU meeting", occurred_on=days_ago(15), jurisdiction=nation, stakeholders=[ministry]
    )
    EngagementFactory(title="Police briefing", occurred_on=days_ago(200), jurisdiction=nation, stakeholders=[police])
    EngagementFactory(title="Station visit", occurred_on=days_ago(120), jurisdiction=l2, stakeholders=[station2])

    vacant = PositionFactory(organisation=regional, title="Regional Commander", is_key=True)
    PositionFactory(organisation=ministry, title="Clerk", is_key=False)
    station_post = PositionFactory(organisation=station1, title="Station Commander", is_key=True)
    TenureFactory(position=station_post, holder=officer, started_on=days_ago(25))

    return World(
        nation,
        region,
        l1,
        l2,
        ministry,
        police,
        regional,
        station1,
        station2,
        court,
        ngo,
        parliament,
        embassy,
        officer,
        round_a,
        round_b,
        ministry_b,
        regional_b,
        vacant,
        station_post,
    )
