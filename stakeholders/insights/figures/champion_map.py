"""The champion/spoiler map: stance x influence (quadrants) and influence x interest (grid)."""

from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ...choices import STANCE_SCORE, Stance
from ..filters import Scope
from .records import STANCE_AXIS, Actor, RoundRef, actor_fields, actor_of, round_ref, url_maker
from .rules import GRID, QUADRANTS, grid_cell_of, map_priority, quadrant_of

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


@dataclass(slots=True)
class MapPoint:
    """One assessed stakeholder on the map: where it sits and what that asks of the company."""

    actor: Actor
    stance: str
    score: int | None
    influence: int
    interest: int
    assessed_on: datetime.date
    quadrant: str | None
    grid_cell: str

    @property
    def quadrant_action(self) -> StrOrPromise:
        return QUADRANTS[self.quadrant][1] if self.quadrant else ""

    @property
    def grid_action(self) -> StrOrPromise:
        return GRID[self.grid_cell][1]


@dataclass(frozen=True)
class Bucket:
    """One quadrant or grid cell, with how many points fall in it."""

    key: str
    label: StrOrPromise
    action: StrOrPromise
    count: int


@dataclass(frozen=True)
class MapCell:
    """How many points sit at one stance and one influence."""

    stance: str
    influence: int
    count: int


@dataclass
class ChampionMap:
    """Stance x influence (quadrants) and influence x interest (grid) of the stakeholders in scope.

    ``points`` are ordered by what needs attention first: influential spoilers, influential champions, less
    influential spoilers and champions, neutrals, unknown stances; then by influence (high first) and name.
    """

    mapping_round: RoundRef | None
    in_scope: int
    assessed: int
    not_assessed: int
    unknown_stance: int
    quadrants: list[Bucket]
    grid: list[Bucket]
    cells: list[MapCell]
    points: list[MapPoint]

    def quadrant(self, key: str) -> Bucket:
        return next(bucket for bucket in self.quadrants if bucket.key == key)

    def grid_cell(self, key: str) -> Bucket:
        return next(bucket for bucket in self.grid if bucket.key == key)


def champion_map(scope: Scope) -> ChampionMap:
    """The map of the stakeholders in scope. Two queries."""
    in_scope = scope.stakeholders.count()
    rows = scope.assessments().values("stance", "influence", "interest", "assessed_on", *actor_fields("stakeholder__"))
    url = url_maker("stakeholders:stakeholder_detail")
    points = [map_point(row, actor_of(row, url, "stakeholder__")) for row in rows]
    points.sort(key=lambda p: map_priority(p.quadrant, p.score, p.influence, p.actor.name, p.actor.id))
    by_quadrant = Counter(p.quadrant for p in points)
    by_cell = Counter(p.grid_cell for p in points)
    by_position = Counter((p.stance, p.influence) for p in points)
    return ChampionMap(
        mapping_round=round_ref(scope.mapping_round),
        in_scope=in_scope,
        assessed=len(points),
        not_assessed=in_scope - len(points),
        unknown_stance=sum(1 for p in points if p.score is None),
        quadrants=[Bucket(key, label, action, by_quadrant[key]) for key, (label, action) in QUADRANTS.items()],
        grid=[Bucket(key, label, action, by_cell[key]) for key, (label, action) in GRID.items()],
        cells=[
            MapCell(stance, influence, by_position[(stance, influence)])
            for stance in (*STANCE_AXIS, Stance.UNKNOWN)
            for influence in range(1, 6)
        ],
        points=points,
    )


def map_point(row: dict[str, Any], actor: Actor) -> MapPoint:
    """The point of one assessment (``stance``, ``influence``, ``interest``, ``assessed_on``) on the map."""
    score = STANCE_SCORE.get(row["stance"])
    return MapPoint(
        actor=actor,
        stance=row["stance"],
        score=score,
        influence=row["influence"],
        interest=row["interest"],
        assessed_on=row["assessed_on"],
        quadrant=quadrant_of(score, row["influence"]),
        grid_cell=grid_cell_of(row["influence"], row["interest"]),
    )
