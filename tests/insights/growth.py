"""Rows that touch every dimension the manager views read, added in batches to pin query counts."""

from __future__ import annotations

import itertools

from stakeholders.choices import RelationshipKind, Sector
from stakeholders.models import MandateArea, VulnerableGroup
from tests.stakeholders.factories import (
    AssessmentFactory,
    EngagementFactory,
    OrganisationFactory,
    PersonFactory,
    PositionFactory,
    RelationshipFactory,
    TenureFactory,
)

from .world import A_DAY, B_DAY, World, days_ago

_serial = itertools.count()


def grow(world: World, n: int) -> None:
    """``n`` more local offices under the regional command, each assessed in both rounds, tied, engaged, with a
    mandate, a represented group, a key position held by a new person and a vacant one."""
    area = MandateArea.objects.get(code="judicial-accountability")
    group = VulnerableGroup.objects.get(code="youth")
    stances = itertools.cycle(["spoiler", "champion", "sceptic", "supporter", "neutral", "unknown"])
    for _ in range(n):
        i = next(_serial)
        office = OrganisationFactory(
            name=f"Local Office {i}",
            sector=Sector.LOCAL_GOVERNMENT,
            level="local",
            jurisdiction=world.l2,
            parent=world.regional,
        )
        office.mandate_areas.add(area)
        office.vulnerable_groups.add(group)
        AssessmentFactory(
            stakeholder=office,
            mapping_round=world.round_a,
            assessed_on=A_DAY,
            stance=next(stances),
            influence=1 + i % 5,
            interest=1 + (i * 2) % 5,
        )
        AssessmentFactory(
            stakeholder=office,
            mapping_round=world.round_b,
            assessed_on=B_DAY,
            stance=next(stances),
            influence=1 + (i + 2) % 5,
            interest=1 + i % 5,
        )
        RelationshipFactory(source=office, target=world.regional, kind=RelationshipKind.REPORTS_TO)
        RelationshipFactory(source=office, target=world.ngo, kind=RelationshipKind.OPPOSED_TO)
        head = PersonFactory(name=f"Head {i}", level="local", jurisdiction=world.l2, parent=office)
        post = PositionFactory(organisation=office, title=f"Head of office {i}", is_key=True)
        TenureFactory(position=post, holder=head, started_on=days_ago(10))
        PositionFactory(organisation=office, title=f"Deputy {i}", is_key=True)
        EngagementFactory(
            title=f"Visit {i}",
            occurred_on=days_ago(1 + i % 200),
            jurisdiction=world.l2,
            stakeholders=[office, world.ministry],
        )
