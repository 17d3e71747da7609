"""Change between two mapping rounds: who moved towards champion or spoiler, who is new, who was not
reassessed."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q

from ...choices import STANCE_SCORE
from ...models import Assessment, MappingRound
from ..filters import Scope
from .records import Actor, RoundRef, actor_fields, actor_of, round_ref, url_maker
from .rules import move_direction


@dataclass(slots=True)
class Move:
    """One stakeholder between two rounds. ``direction``: ``up`` (towards champion), ``down`` (towards
    spoiler), ``same``, ``unclear`` (unknown stance on one side), ``new`` (only in the later round) or
    ``not_reassessed`` (only in the earlier one)."""

    actor: Actor
    direction: str
    before_stance: str | None
    after_stance: str | None
    before_influence: int | None
    after_influence: int | None
    stance_change: int | None
    influence_change: int | None


@dataclass
class RoundChanges:
    """Who moved between two mapping rounds, and in which direction; who is new; who was not reassessed.

    Each stakeholder is read through its latest assessment in each round. Lists are ordered by the size of
    the move (largest first), then by name.
    """

    before: RoundRef | None
    after: RoundRef | None
    moved_up: list[Move] = field(default_factory=list)
    moved_down: list[Move] = field(default_factory=list)
    unclear: list[Move] = field(default_factory=list)
    unchanged: list[Move] = field(default_factory=list)
    new: list[Move] = field(default_factory=list)
    not_reassessed: list[Move] = field(default_factory=list)

    @property
    def influence_changed(self) -> int:
        """Stakeholders whose stance held but whose influence changed."""
        return sum(1 for move in self.unchanged if move.influence_change)

    @property
    def moves(self) -> list[Move]:
        return [
            *self.moved_down,
            *self.moved_up,
            *self.unclear,
            *self.new,
            *self.not_reassessed,
            *self.unchanged,
        ]

    def add(self, move: Move) -> None:
        """File ``move`` under its direction."""
        {
            "up": self.moved_up,
            "down": self.moved_down,
            "same": self.unchanged,
            "unclear": self.unclear,
            "new": self.new,
            "not_reassessed": self.not_reassessed,
        }[move.direction].append(move)

    def sort(self) -> None:
        """Largest stance moves first; elsewhere largest influence changes first; then by name."""
        self.moved_up.sort(key=lambda m: (-(m.stance_change or 0), m.actor.name, m.actor.id))
        self.moved_down.sort(key=lambda m: ((m.stance_change or 0), m.actor.name, m.actor.id))
        for bucket in (self.unclear, self.unchanged, self.new, self.not_reassessed):
            bucket.sort(key=lambda m: (-abs(m.influence_change or 0), m.actor.name, m.actor.id))


def default_rounds(scope: Scope) -> tuple[MappingRound | None, MappingRound | None]:
    """The rounds to compare when none are chosen: the latest round the user may see (over the scope's
    jurisdiction, its subtree or the jurisdictions above it, when one is chosen) and the latest one before
    it over the same jurisdiction (or, failing that, any earlier one). A fixed number of queries."""
    rounds = MappingRound.objects.visible_to(scope.user).select_related("jurisdiction").order_by("-started_on", "-id")
    if scope.jurisdiction is not None:
        near = scope.jurisdiction.descendant_ids() + [j.pk for j in scope.jurisdiction.ancestors()]
        rounds = rounds.filter(jurisdiction_id__in=near)
    candidates = list(rounds[:50])
    if not candidates:
        return None, None
    after = candidates[0]
    earlier = [r for r in candidates[1:] if (r.started_on, r.pk) < (after.started_on, after.pk)]
    same_place = [r for r in earlier if r.jurisdiction_id == after.jurisdiction_id]
    before = next(iter(same_place or earlier), None)
    return before, after


def round_changes(scope: Scope, before: MappingRound | None = None, after: MappingRound | None = None) -> RoundChanges:
    """Compare two rounds over the stakeholders in scope (defaults from ``default_rounds``). Three queries at
    most, plus two to choose the default rounds."""
    before, after = _chosen_rounds(scope, before or scope.options.get("before"), after or scope.options.get("after"))
    changes = RoundChanges(before=round_ref(before), after=round_ref(after))
    if before is None or after is None:
        return changes
    url = url_maker("stakeholders:stakeholder_detail")
    for by_round in _latest_in_each_round(scope, before, after).values():
        old, new = by_round.get(before.pk), by_round.get(after.pk)
        row = old or new
        if row is not None:
            changes.add(move_between(actor_of(row, url, "stakeholder__"), old, new))
    changes.sort()
    return changes


def _chosen_rounds(
    scope: Scope, before: MappingRound | None, after: MappingRound | None
) -> tuple[MappingRound | None, MappingRound | None]:
    """The rounds given, completed by the defaults: the latest round for ``after``; for ``before``, the
    default earlier round if ``after`` is the default one, else the latest round the user may see before
    ``after``."""
    if before is not None and after is not None:
        return before, after
    default_before, default_after = default_rounds(scope)
    after = after or default_after
    before = before or (default_before if default_after == after else None)
    if before is None and after is not None:
        before = (
            MappingRound.objects.visible_to(scope.user)
            .select_related("jurisdiction")
            .filter(Q(started_on__lt=after.started_on) | Q(started_on=after.started_on, pk__lt=after.pk))
            .order_by("-started_on", "-id")
            .first()
        )
    return before, after


def _latest_in_each_round(
    scope: Scope, before: MappingRound, after: MappingRound
) -> dict[int, dict[int, dict[str, Any]]]:
    """Stakeholder id → round id → its latest assessment in that round (stance, influence, actor fields),
    for the stakeholders in scope assessed in either round. One query."""
    rows = (
        Assessment.objects.visible_to(scope.user)
        .filter(mapping_round__in=[before.pk, after.pk], stakeholder__in=scope.stakeholders.values("pk"))
        .order_by("stakeholder_id", "mapping_round_id", "-assessed_on", "-id")
        .values("mapping_round_id", "stance", "influence", *actor_fields("stakeholder__"))
    )
    seen: dict[int, dict[int, dict[str, Any]]] = defaultdict(dict)
    for row in rows:
        seen[row["stakeholder__id"]].setdefault(row["mapping_round_id"], row)  # the first is the latest
    return seen


def move_between(actor: Actor, old: dict[str, Any] | None, new: dict[str, Any] | None) -> Move:
    """The move of ``actor`` from its assessment ``old`` to ``new`` (``stance``, ``influence``; either may be
    missing, not both)."""
    if old is None:
        assert new is not None, "a move needs an assessment on at least one side"
        return Move(actor, "new", None, new["stance"], None, new["influence"], None, None)
    if new is None:
        return Move(actor, "not_reassessed", old["stance"], None, old["influence"], None, None, None)
    direction, stance_change = move_direction(
        old["stance"], STANCE_SCORE.get(old["stance"]), new["stance"], STANCE_SCORE.get(new["stance"])
    )
    return Move(
        actor,
        direction,
        old["stance"],
        new["stance"],
        old["influence"],
        new["influence"],
        stance_change,
        new["influence"] - old["influence"],
    )
