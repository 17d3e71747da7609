"""The figures of the manager views, computed from a ``Scope`` (see ``filters``).

Each function returns plain dataclasses and costs a fixed number of queries, whatever the number of
stakeholders: figures come from aggregate queries or from one pass over a ``values()`` queryset bounded by
the scope; nothing is loaded per row. Every read starts from ``visible_to(user)``.

Conventions the figures share:
- stance is read from each stakeholder's current assessment, or from its latest assessment in the chosen
  mapping round; ``STANCE_SCORE`` orders it from spoiler (-2) to champion (+2); "unknown" has no score;
- influence and interest (1-5) count as *high* from ``HIGH_FROM`` (4) upwards.
"""

from __future__ import annotations

import datetime
from collections import Counter, defaultdict, deque
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from django.db import connection, transaction
from django.db.models import Count, Exists, Max, OuterRef, Q
from django.urls import reverse

from shrhub.models import LEVEL_RANK, Jurisdiction, JurisdictionLevel

from ..choices import STANCE_SCORE, RelationshipKind, Sector, SourceCategory, StakeholderKind, Stance
from ..models import (
    Assessment,
    Engagement,
    InformationSource,
    MandateArea,
    MappingRound,
    Position,
    Relationship,
    Stakeholder,
    Tenure,
    VulnerableGroup,
)
from ..selectors import review_overdue_q, review_overdue_since
from .filters import DEFAULT_WINDOW_DAYS, Scope

HIGH_FROM = 4
STANCE_AXIS: tuple[str, ...] = (Stance.SPOILER, Stance.SCEPTIC, Stance.NEUTRAL, Stance.SUPPORTER, Stance.CHAMPION)
LEVELS: tuple[str, ...] = tuple(JurisdictionLevel.values)
STANCE_LABELS = dict(Stance.choices)
LEVEL_LABELS = dict(JurisdictionLevel.choices)
SECTOR_LABELS = dict(Sector.choices)

# Stance x influence: the quadrants the toolkit's "champions" and "spoilers" fall in.
QUADRANTS: dict[str, tuple[str, str]] = {
    "engage": ("Influential spoilers", "Engage"),
    "support": ("Influential champions", "Support"),
    "watch": ("Spoilers with less influence", "Watch"),
    "build": ("Champions with less influence", "Build up"),
}
# Influence x interest: the classic power/interest grid.
GRID: dict[str, tuple[str, str]] = {
    "manage_closely": ("High influence, high interest", "Manage closely"),
    "keep_satisfied": ("High influence, low interest", "Keep satisfied"),
    "keep_informed": ("Low influence, high interest", "Keep informed"),
    "monitor": ("Low influence, low interest", "Monitor"),
}
# A corporate function that is the only corporate source of more than this share of assessments is a bias.
SOLE_SOURCE_LIMIT = 0.5


@contextmanager
def fast_reads() -> Iterator[None]:
    """One transaction for a view's reads, with PostgreSQL's JIT compilation off inside it.

    These queries read thousands of rows through visibility subqueries whose estimated cost sets off JIT,
    which then spends ~40 ms compiling each query to save less than that (measured at ``seed_demo --scale
    100``). ``SET LOCAL`` ends with the transaction; other databases are left as they are.
    """
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL jit = off")
        yield


def quadrant_of(score: int | None, influence: int) -> str | None:
    """``engage``/``support``/``watch``/``build``; ``None`` for a neutral or unknown stance (on no side)."""
    if score is None or score == 0:
        return None
    high = influence >= HIGH_FROM
    if score < 0:
        return "engage" if high else "watch"
    return "support" if high else "build"


def grid_cell_of(influence: int, interest: int) -> str:
    """The influence x interest cell: manage closely, keep satisfied, keep informed or monitor."""
    if influence >= HIGH_FROM:
        return "manage_closely" if interest >= HIGH_FROM else "keep_satisfied"
    return "keep_informed" if interest >= HIGH_FROM else "monitor"


def _url_maker(name: str) -> Callable[[int], str]:
    """``reverse`` once, then format: the figures link thousands of rows."""
    sample = reverse(name, args=[987654321])
    head, tail = sample.split("987654321")
    return lambda pk: f"{head}{pk}{tail}"


def stakeholder_url(pk: int) -> str:
    return _url_maker("stakeholders:stakeholder_detail")(pk)


# Shared records ----------------------------------------------------------------------------------------------


@dataclass(slots=True)
class Actor:
    """A stakeholder as the figures name it, with the link to its page."""

    id: int
    name: str
    url: str
    kind: str
    level: str
    sector: str


@dataclass(frozen=True)
class RoundRef:
    id: int
    name: str
    started_on: datetime.date
    jurisdiction: str
    url: str


@dataclass(frozen=True)
class Share:
    """One bar of a spread: ``count`` of the ``total`` it is a share of; ``url`` lists the records."""

    key: str
    label: str
    count: int
    total: int
    url: str

    @property
    def share(self) -> float:
        return self.count / self.total if self.total else 0.0


def _round_ref(mapping_round: MappingRound | None) -> RoundRef | None:
    if mapping_round is None:
        return None
    return RoundRef(
        id=mapping_round.pk,
        name=mapping_round.name,
        started_on=mapping_round.started_on,
        jurisdiction=str(mapping_round.jurisdiction),
        url=mapping_round.get_absolute_url(),
    )


ACTOR_FIELDS = ("id", "name", "kind", "level", "sector")


def _actor(row: dict[str, Any], url: Callable[[int], str], prefix: str = "") -> Actor:
    return Actor(
        id=row[f"{prefix}id"],
        name=row[f"{prefix}name"],
        url=url(row[f"{prefix}id"]),
        kind=row[f"{prefix}kind"],
        level=row[f"{prefix}level"],
        sector=row[f"{prefix}sector"],
    )


def _in_use_stances(scope: Scope) -> dict[int, dict[str, Any]]:
    """Stakeholder id → its assessment in use (stance, influence, interest, dates): one query."""
    rows = scope.assessments().values(
        "id", "stakeholder_id", "stance", "influence", "interest", "assessed_on", "review_due_on"
    )
    return {row["stakeholder_id"]: row for row in rows}


# 1. The champion/spoiler map ---------------------------------------------------------------------------------


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
    def quadrant_action(self) -> str:
        return QUADRANTS[self.quadrant][1] if self.quadrant else ""

    @property
    def grid_action(self) -> str:
        return GRID[self.grid_cell][1]


@dataclass(frozen=True)
class Bucket:
    key: str
    label: str
    action: str
    count: int


@dataclass(frozen=True)
class MapCell:
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


_PRIORITY = {"engage": 0, "support": 1, "watch": 2, "build": 3, None: 4}


def champion_map(scope: Scope) -> ChampionMap:
    """The map of the stakeholders in scope. Two queries."""
    in_scope = scope.stakeholders.count()
    rows = scope.assessments().values(
        "stance",
        "influence",
        "interest",
        "assessed_on",
        *(f"stakeholder__{name}" for name in ACTOR_FIELDS),
    )
    url = _url_maker("stakeholders:stakeholder_detail")
    points = []
    for row in rows:
        score = STANCE_SCORE.get(row["stance"])
        points.append(
            MapPoint(
                actor=_actor(row, url, "stakeholder__"),
                stance=row["stance"],
                score=score,
                influence=row["influence"],
                interest=row["interest"],
                assessed_on=row["assessed_on"],
                quadrant=quadrant_of(score, row["influence"]),
                grid_cell=grid_cell_of(row["influence"], row["interest"]),
            )
        )
    points.sort(
        key=lambda p: (
            _PRIORITY[p.quadrant] + (1 if p.score is None else 0),
            -p.influence,
            p.score if p.score is not None else 0,
            p.actor.name,
            p.actor.id,
        )
    )
    by_quadrant = Counter(p.quadrant for p in points)
    by_cell = Counter(p.grid_cell for p in points)
    by_position = Counter((p.stance, p.influence) for p in points)
    return ChampionMap(
        mapping_round=_round_ref(scope.mapping_round),
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


# 2. Change between rounds -----------------------------------------------------------------------------------


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
    before = (same_place or earlier or [None])[0]
    return before, after


def round_changes(scope: Scope, before: MappingRound | None = None, after: MappingRound | None = None) -> RoundChanges:
    """Compare two rounds over the stakeholders in scope (defaults from ``default_rounds``). Three queries at
    most, plus two to choose the default rounds."""
    before = before or scope.options.get("before")
    after = after or scope.options.get("after")
    if before is None or after is None:
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
    changes = RoundChanges(before=_round_ref(before), after=_round_ref(after))
    if before is None or after is None:
        return changes
    rows = (
        Assessment.objects.visible_to(scope.user)
        .filter(mapping_round__in=[before.pk, after.pk], stakeholder__in=scope.stakeholders.values("pk"))
        .order_by("stakeholder_id", "mapping_round_id", "-assessed_on", "-id")
        .values("mapping_round_id", "stance", "influence", *(f"stakeholder__{name}" for name in ACTOR_FIELDS))
    )
    url = _url_maker("stakeholders:stakeholder_detail")
    seen: dict[int, dict[int, dict[str, Any]]] = defaultdict(dict)
    for row in rows:
        seen[row["stakeholder__id"]].setdefault(row["mapping_round_id"], row)  # the first is the latest
    for by_round in seen.values():
        old, new = by_round.get(before.pk), by_round.get(after.pk)
        any_row = old or new
        actor = _actor(any_row, url, "stakeholder__")
        if old is None:
            changes.new.append(Move(actor, "new", None, new["stance"], None, new["influence"], None, None))
            continue
        if new is None:
            changes.not_reassessed.append(
                Move(actor, "not_reassessed", old["stance"], None, old["influence"], None, None, None)
            )
            continue
        old_score, new_score = STANCE_SCORE.get(old["stance"]), STANCE_SCORE.get(new["stance"])
        influence_change = new["influence"] - old["influence"]
        if old_score is None or new_score is None:
            direction = "same" if old["stance"] == new["stance"] else "unclear"
            stance_change = None
        else:
            stance_change = new_score - old_score
            direction = "up" if stance_change > 0 else "down" if stance_change < 0 else "same"
        move = Move(
            actor,
            direction,
            old["stance"],
            new["stance"],
            old["influence"],
            new["influence"],
            stance_change,
            influence_change,
        )
        {"up": changes.moved_up, "down": changes.moved_down, "same": changes.unchanged, "unclear": changes.unclear}[
            direction
        ].append(move)
    changes.moved_up.sort(key=lambda m: (-(m.stance_change or 0), m.actor.name, m.actor.id))
    changes.moved_down.sort(key=lambda m: ((m.stance_change or 0), m.actor.name, m.actor.id))
    for bucket in (changes.unclear, changes.unchanged, changes.new, changes.not_reassessed):
        bucket.sort(key=lambda m: (-abs(m.influence_change or 0), m.actor.name, m.actor.id))
    return changes


# 3. The relationship network --------------------------------------------------------------------------------


@dataclass(slots=True)
class NetworkNode:
    """A stakeholder in the network. ``brokerage`` counts the national-local pairs of actors whose shortest
    paths run through it (a path shared by several shortest routes counts fractionally): betweenness
    restricted to national sources and local targets, on the undirected graph of ties other than "opposed
    to". ``degree`` counts all its ties in scope, opposition included."""

    actor: Actor
    stance: str | None
    degree: int
    brokerage: float


@dataclass(slots=True)
class NetworkEdge:
    source: int
    target: int
    kind: str


@dataclass
class Network:
    """The relationship graph of the stakeholders in scope (ties with both ends in scope), its brokers and
    the national actors with no path to any local actor.

    ``nodes`` are ranked by brokerage, then degree, then name; ``brokers`` are those with brokerage > 0.
    """

    in_scope: int
    isolated: int
    components: int
    nodes: list[NetworkNode]
    edges: list[NetworkEdge]
    brokers: list[NetworkNode]
    cut_off: list[NetworkNode]


def network(scope: Scope) -> Network:
    """Three queries; brokerage by ``subset_betweenness`` (each breadth-first search walks only its own
    connected component, so the cost grows with the size of the components, not of the whole map)."""
    ids = scope.stakeholders.values("pk")
    edges_rows = list(
        Relationship.objects.visible_to(scope.user)
        .filter(source__in=ids, target__in=ids)
        .order_by("source_id", "target_id", "kind")
        .values_list("source_id", "target_id", "kind")
    )
    actors = {row["id"]: row for row in scope.stakeholders.values(*ACTOR_FIELDS)}
    stances = {sid: row["stance"] for sid, row in _in_use_stances(scope).items()}
    url = _url_maker("stakeholders:stakeholder_detail")

    degree: Counter[int] = Counter()
    adjacency: dict[int, set[int]] = defaultdict(set)  # a set: two ties between a pair are one connection
    for source, target, kind in edges_rows:
        degree[source] += 1
        degree[target] += 1
        if kind != RelationshipKind.OPPOSED_TO:
            adjacency[source].add(target)
            adjacency[target].add(source)

    components = 0
    cut_off_ids: list[int] = []
    national: list[int] = []
    local: set[int] = set()
    seen: set[int] = set()
    for start in sorted(degree):
        if start in seen:
            continue
        components += 1
        component = _component(adjacency, start)
        seen.update(component)
        levels = {actors[n]["level"] for n in component}
        in_component = [n for n in component if actors[n]["level"] == JurisdictionLevel.NATIONAL]
        if JurisdictionLevel.LOCAL not in levels:
            cut_off_ids.extend(in_component)
            continue
        national.extend(in_component)
        local.update(n for n in component if actors[n]["level"] == JurisdictionLevel.LOCAL)
    brokerage = dict.fromkeys(degree, 0.0)
    for node, value in subset_betweenness(adjacency, national, local).items():
        brokerage[node] = round(value, 6)

    nodes = [
        NetworkNode(actor=_actor(actors[pk], url), stance=stances.get(pk), degree=degree[pk], brokerage=brokerage[pk])
        for pk in degree
    ]
    nodes.sort(key=lambda n: (-n.brokerage, -n.degree, n.actor.name, n.actor.id))
    by_id = {node.actor.id: node for node in nodes}
    includes_local = scope.includes_level(JurisdictionLevel.LOCAL)
    return Network(
        in_scope=len(actors),
        isolated=len(actors) - len(degree),
        components=components,
        nodes=nodes,
        edges=[NetworkEdge(source, target, kind) for source, target, kind in edges_rows],
        brokers=[node for node in nodes if node.brokerage > 0],
        cut_off=sorted((by_id[pk] for pk in cut_off_ids), key=lambda n: (n.actor.name, n.actor.id))
        if includes_local
        else [],
    )


def _component(adjacency: dict[int, set[int]], start: int) -> list[int]:
    found, stack, seen = [], [start], {start}
    while stack:
        node = stack.pop()
        found.append(node)
        for other in adjacency.get(node, ()):
            if other not in seen:
                seen.add(other)
                stack.append(other)
    return found


def subset_betweenness(adjacency: dict[int, set[int]], sources: Iterable[int], targets: set[int]) -> dict[int, float]:
    """For each node, the number of (source, target) pairs whose shortest paths run through it, a pair with
    several shortest paths counting the share of them that does (Brandes' algorithm restricted to the given
    sources and targets, on an undirected graph given as adjacency sets; endpoints are not counted).

    Equal to ``2 * networkx.betweenness_centrality_subset(G, sources, targets, normalized=False)`` for
    disjoint sources and targets (networkx halves undirected counts); each breadth-first search walks only
    the source's own connected component, so the cost follows the size of the components.
    """
    betweenness: dict[int, float] = defaultdict(float)
    for source in sources:
        order, predecessors, sigma, distance = [], {source: []}, {source: 1}, {source: 0}
        queue = deque([source])
        while queue:
            node = queue.popleft()
            order.append(node)
            step, paths = distance[node] + 1, sigma[node]
            for other in adjacency.get(node, ()):
                if other not in distance:
                    distance[other] = step
                    sigma[other] = 0
                    predecessors[other] = []
                    queue.append(other)
                if distance[other] == step:
                    sigma[other] += paths
                    predecessors[other].append(node)
        delta = dict.fromkeys(order, 0.0)
        while order:
            node = order.pop()
            coefficient = (delta[node] + (1.0 if node in targets and node != source else 0.0)) / sigma[node]
            for previous in predecessors[node]:
                delta[previous] += sigma[previous] * coefficient
            if node != source:
                betweenness[node] += delta[node]
    return betweenness


# 4. National ↔ local coordination ----------------------------------------------------------------------------


@dataclass(slots=True)
class OrgNode:
    """An organisation in the hierarchy, with its stance, its last engagement and the organisations under it."""

    actor: Actor
    stance: str | None
    last_engaged: datetime.date | None
    children: list[OrgNode] = field(default_factory=list)
    flags: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class EngagementGap:
    """A national organisation engaged in the window whose local counterparts (the local organisations and
    people under it) were not engaged in the same window."""

    organisation: Actor
    engaged_on: datetime.date
    engagement_title: str
    engagement_url: str
    counterparts: list[Actor]
    counterparts_last_engaged: datetime.date | None


@dataclass(frozen=True)
class Divergence:
    """Two organisations of one chain on opposite sides (one champion or supporter, the other sceptic or
    spoiler). ``gap`` is the distance between their stance scores (2 to 4)."""

    upper: Actor
    upper_stance: str
    lower: Actor
    lower_stance: str
    gap: int


@dataclass(frozen=True)
class MandateLevel:
    """Who holds one risk area's mandate at one level, and the jurisdictions of that level with nobody."""

    area: str
    area_name: str
    level: str
    holders: list[Actor]
    jurisdictions: int
    uncovered: list[str]
    uncovered_count: int

    @property
    def is_gap(self) -> bool:
        return not self.holders


@dataclass
class Coordination:
    """The organisation hierarchy by level and where national and local do not line up (challenge 1.1.c).

    The jurisdiction filter keeps the jurisdictions above the chosen one (the national level belongs to every
    region's picture). Chains are read from the organisations' "part of" links within scope.
    """

    since: datetime.date
    days: int
    trees: list[OrgNode]
    organisations: int
    gaps: list[EngagementGap]
    divergences: list[Divergence]
    mandates: list[MandateLevel]

    @property
    def mandate_gaps(self) -> list[MandateLevel]:
        return [m for m in self.mandates if m.is_gap]


def _months_before(day: datetime.date, months: int) -> datetime.date:
    month_index = day.year * 12 + day.month - 1 - months
    year, month = divmod(month_index, 12)
    month += 1
    for candidate in (day.day, 30, 29, 28):
        try:
            return datetime.date(year, month, min(candidate, day.day))
        except ValueError:
            continue
    return datetime.date(year, month, 28)  # pragma: no cover - unreachable


def _last_engaged(scope: Scope, ids: Iterable[int] | Any) -> dict[int, datetime.date]:
    """Stakeholder id → the date of its latest engagement on or before today. One aggregate query."""
    through = Engagement.stakeholders.through
    rows = (
        through.objects.filter(
            stakeholder_id__in=ids,
            engagement__in=Engagement.objects.visible_to(scope.user).values("pk"),
            engagement__occurred_on__lte=scope.today,
        )
        .values("stakeholder_id")
        .annotate(last=Max("engagement__occurred_on"))
        .order_by()
    )
    return {row["stakeholder_id"]: row["last"] for row in rows}


def coordination(scope: Scope) -> Coordination:
    """Hierarchy, engagement gaps, stance divergences and risk-area mandates. Seven queries (plus those
    resolving the jurisdiction filter)."""
    days = int(scope.options.get("days") or DEFAULT_WINDOW_DAYS)
    since = scope.today - datetime.timedelta(days=days)
    url = _url_maker("stakeholders:stakeholder_detail")
    engagement_url = _url_maker("stakeholders:engagement_detail")

    rows = list(scope.stakeholders.values(*ACTOR_FIELDS, "parent_id", "jurisdiction_id"))
    by_id = {row["id"]: row for row in rows}
    stances = {sid: row["stance"] for sid, row in _in_use_stances(scope).items()}
    last = _last_engaged(scope, scope.stakeholders.values("pk"))
    actors = _LazyActors(by_id, url)

    # The hierarchy: organisations under organisations, within scope; people hang under their organisation
    # for the engagement check but are not drawn.
    children: dict[int | None, list[int]] = defaultdict(list)
    for row in rows:
        parent = row["parent_id"] if row["parent_id"] in by_id else None
        children[parent].append(row["id"])
    for siblings in children.values():
        siblings.sort(key=lambda pk: (LEVEL_RANK[by_id[pk]["level"]], by_id[pk]["name"], pk))

    def is_org(pk: int) -> bool:
        return by_id[pk]["kind"] == StakeholderKind.ORGANISATION

    def build(pk: int) -> OrgNode:
        node = OrgNode(actors[pk], stances.get(pk), last.get(pk))
        node.children = [build(child) for child in children.get(pk, []) if is_org(child)]
        return node

    trees = [build(pk) for pk in children[None] if is_org(pk)]
    trees.sort(key=lambda t: (-_tree_size(t), LEVEL_RANK[t.actor.level], t.actor.name, t.actor.id))

    def descendants(pk: int) -> list[int]:
        out, stack = [], list(children.get(pk, []))
        while stack:
            current = stack.pop()
            out.append(current)
            stack.extend(children.get(current, []))
        return out

    # Engagement gaps: a national organisation engaged in the window, none of its local counterparts engaged.
    national_orgs = [pk for pk in by_id if is_org(pk) and by_id[pk]["level"] == JurisdictionLevel.NATIONAL]
    engaged_national = [pk for pk in national_orgs if last.get(pk) and last[pk] >= since]
    latest_engagement: dict[int, dict[str, Any]] = {}
    if engaged_national:
        through = Engagement.stakeholders.through
        window_rows = (
            through.objects.filter(
                stakeholder_id__in=engaged_national,
                engagement__in=Engagement.objects.visible_to(scope.user).values("pk"),
                engagement__occurred_on__gte=since,
                engagement__occurred_on__lte=scope.today,
            )
            .order_by("stakeholder_id", "-engagement__occurred_on", "-engagement_id")
            .values("stakeholder_id", "engagement_id", "engagement__title", "engagement__occurred_on")
        )
        for row in window_rows:
            latest_engagement.setdefault(row["stakeholder_id"], row)
    gaps: list[EngagementGap] = []
    for pk in engaged_national:
        counterparts = [d for d in descendants(pk) if by_id[d]["level"] == JurisdictionLevel.LOCAL]
        if not counterparts:
            continue
        dates = [last[d] for d in counterparts if d in last]
        if any(day >= since for day in dates):
            continue
        engagement = latest_engagement[pk]
        gaps.append(
            EngagementGap(
                organisation=actors[pk],
                engaged_on=engagement["engagement__occurred_on"],
                engagement_title=engagement["engagement__title"],
                engagement_url=engagement_url(engagement["engagement_id"]),
                counterparts=sorted((actors[d] for d in counterparts), key=lambda a: (a.name, a.id)),
                counterparts_last_engaged=max(dates) if dates else None,
            )
        )
    gaps.sort(key=lambda g: (-g.engaged_on.toordinal(), g.organisation.name, g.organisation.id))

    # Divergence: an organisation and one above it in its chain on opposite sides.
    divergences: list[Divergence] = []
    for pk in by_id:
        if not is_org(pk):
            continue
        lower_score = STANCE_SCORE.get(stances.get(pk))
        if not lower_score:
            continue
        parent = by_id[pk]["parent_id"]
        while parent in by_id:
            upper_score = STANCE_SCORE.get(stances.get(parent))
            if upper_score and (upper_score > 0) != (lower_score > 0):
                divergences.append(
                    Divergence(actors[parent], stances[parent], actors[pk], stances[pk], abs(upper_score - lower_score))
                )
            parent = by_id[parent]["parent_id"]
    divergences.sort(key=lambda d: (-d.gap, d.upper.name, d.lower.name, d.lower.id))
    flagged = defaultdict(list)
    for divergence in divergences:
        flagged[divergence.lower.id].append("divergence")
    for gap in gaps:
        flagged[gap.organisation.id].append("engagement gap")
    _flag(trees, flagged)

    return Coordination(
        since=since,
        days=days,
        trees=trees,
        organisations=sum(1 for pk in by_id if is_org(pk)),
        gaps=gaps,
        divergences=divergences,
        mandates=_mandates(scope, by_id, actors),
    )


class _LazyActors(dict):
    """``Actor`` records made on first use: most stakeholders read for a hierarchy are never named."""

    def __init__(self, rows: dict[int, dict[str, Any]], url: Callable[[int], str]):
        super().__init__()
        self.rows, self.url = rows, url

    def __missing__(self, pk: int) -> Actor:
        actor = self[pk] = _actor(self.rows[pk], self.url)
        return actor


def _tree_size(node: OrgNode) -> int:
    return 1 + sum(_tree_size(child) for child in node.children)


def _flag(nodes: list[OrgNode], flagged: dict[int, list[str]]) -> None:
    for node in nodes:
        node.flags = flagged.get(node.actor.id, [])
        _flag(node.children, flagged)


def _scope_jurisdictions(scope: Scope) -> list[dict[str, Any]]:
    """The jurisdictions the scope covers (the chosen one, its subtree and its ancestors; all without one)."""
    rows = list(Jurisdiction.objects.visible_to(scope.user).values("id", "name", "level", "parent_id"))
    if scope.jurisdiction is None:
        return rows
    parents = {row["id"]: row["parent_id"] for row in rows}
    keep = set()
    node: int | None = scope.jurisdiction.pk
    while node is not None:
        keep.add(node)
        node = parents.get(node)
    kids = defaultdict(list)
    for row in rows:
        kids[row["parent_id"]].append(row["id"])
    stack = [scope.jurisdiction.pk]
    while stack:
        current = stack.pop()
        keep.add(current)
        stack.extend(kids.get(current, []))
    return [row for row in rows if row["id"] in keep]


def _mandates(scope: Scope, by_id: dict[int, dict[str, Any]], actors: _LazyActors) -> list[MandateLevel]:
    """For each risk area and each level the scope covers: its holders, and the jurisdictions with none."""
    areas = list(MandateArea.objects.all().values("id", "code", "name"))
    holdings = Stakeholder.mandate_areas.through.objects.filter(
        stakeholder_id__in=scope.stakeholders.values("pk")
    ).values_list("stakeholder_id", "mandatearea_id")
    holders: dict[tuple[int, str], list[int]] = defaultdict(list)
    for stakeholder_id, area_id in holdings:
        holders[(area_id, by_id[stakeholder_id]["level"])].append(stakeholder_id)
    jurisdictions = _scope_jurisdictions(scope)
    out = []
    for area in areas:
        for level in LEVELS:
            if not scope.includes_level(level):
                continue
            at_level = [j for j in jurisdictions if j["level"] == level]
            if not at_level:
                continue
            held_by = sorted(holders.get((area["id"], level), []), key=lambda pk: (by_id[pk]["name"], pk))
            covered = {by_id[pk]["jurisdiction_id"] for pk in held_by}
            uncovered = sorted(j["name"] for j in at_level if j["id"] not in covered)
            out.append(
                MandateLevel(
                    area=area["code"],
                    area_name=area["name"],
                    level=level,
                    holders=[actors[pk] for pk in held_by],
                    jurisdictions=len(at_level),
                    uncovered=uncovered[:20],
                    uncovered_count=len(uncovered),
                )
            )
    return out


# 5. Coverage and bias -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ReviewDue:
    """An assessment in use past its review date (or, without one, older than ``SHRHUB_REVIEW_MONTHS``)."""

    actor: Actor
    assessment_url: str
    assessed_on: datetime.date
    review_due_on: datetime.date | None
    overdue_since: datetime.date


@dataclass(frozen=True)
class KeyPositionIssue:
    """A key position that is vacant (``kind="vacant"``), or whose holder changed in the window with no
    engagement with the new holder since (``kind="changed_hands"``)."""

    kind: str
    position_id: int
    title: str
    url: str
    organisation: Actor
    holder: Actor | None
    since: datetime.date | None


@dataclass
class Coverage:
    """How well the map covers the host government, and where it may be outdated or biased.

    Shares of sectors and levels are of the stakeholders in scope; of stances, of the stakeholders in scope
    (with "not assessed"); of sources, of the assessments in use; of vulnerable groups, of the stakeholders
    in scope (a stakeholder represents a group if its record or its assessment in use says so).
    ``sole_sources`` counts, per corporate function, the assessments whose only corporate source it is.
    """

    in_scope: int
    assessed: int
    local_actors: int
    includes_local: bool
    sectors: list[Share]
    levels: list[Share]
    stances: list[Share]
    sources: list[Share]
    sole_sources: list[Share]
    vulnerable_groups: list[Share]
    representing_any: int
    review_due: list[ReviewDue]
    key_positions: list[KeyPositionIssue]
    days: int

    @property
    def not_assessed(self) -> int:
        return self.in_scope - self.assessed

    @property
    def vacant(self) -> list[KeyPositionIssue]:
        return [issue for issue in self.key_positions if issue.kind == "vacant"]

    @property
    def changed_hands(self) -> list[KeyPositionIssue]:
        return [issue for issue in self.key_positions if issue.kind == "changed_hands"]

    @property
    def top_sole_source(self) -> Share | None:
        ranked = sorted(self.sole_sources, key=lambda s: (-s.count, s.label))
        return ranked[0] if ranked and ranked[0].count else None


def coverage(scope: Scope) -> Coverage:
    """The spread of the map and its weak spots. A fixed number of queries."""
    stakeholder_list = reverse("stakeholders:stakeholder_list")
    assessment_list = reverse("stakeholders:assessment_list")
    url = _url_maker("stakeholders:stakeholder_detail")
    assessment_url = _url_maker("stakeholders:assessment_detail")
    days = int(scope.options.get("days") or DEFAULT_WINDOW_DAYS)

    in_scope = scope.stakeholders.count()
    by_sector = dict(scope.stakeholders.values("sector").annotate(n=Count("pk")).values_list("sector", "n"))
    by_level = dict(scope.stakeholders.values("level").annotate(n=Count("pk")).values_list("level", "n"))
    in_use = scope.assessments()
    by_stance = dict(in_use.values("stance").annotate(n=Count("pk")).values_list("stance", "n").order_by())
    assessed = sum(by_stance.values())

    sectors = [
        Share(key, label, by_sector.get(key, 0), in_scope, scope.list_link(stakeholder_list, sector=key))
        for key, label in Sector.choices
        if not scope.sectors or key in scope.sectors
    ]
    levels = [
        Share(key, label, by_level.get(key, 0), in_scope, scope.list_link(stakeholder_list, level=key))
        for key, label in JurisdictionLevel.choices
        if scope.includes_level(key)
    ]
    stances = [
        Share(key, label, by_stance.get(key, 0), in_scope, scope.list_link(stakeholder_list, stance=key))
        for key, label in Stance.choices
    ]
    stances.append(
        Share(
            "not_assessed",
            "Not assessed",
            in_scope - assessed,
            in_scope,
            scope.list_link(stakeholder_list, assessed="false"),
        )
    )

    # Sources: one pass over the (assessment, source) pairs of the assessments in use.
    sources = list(InformationSource.objects.all().values("id", "code", "name", "category"))
    source_by_id = {s["id"]: s for s in sources}
    citing: Counter[int] = Counter()
    corporate_of: dict[int, list[int]] = defaultdict(list)
    pairs = Assessment.sources.through.objects.filter(assessment_id__in=in_use.values("pk")).values_list(
        "assessment_id", "informationsource_id"
    )
    for assessment_id, source_id in pairs:
        citing[source_id] += 1
        if source_by_id[source_id]["category"] == SourceCategory.CORPORATE:
            corporate_of[assessment_id].append(source_id)
    sole = Counter(ids[0] for ids in corporate_of.values() if len(ids) == 1)
    source_shares = [
        Share(s["code"], s["name"], citing[s["id"]], assessed, f"{assessment_list}?current=true&source={s['id']}")
        for s in sources
    ]
    sole_sources = [
        Share(s["code"], s["name"], sole[s["id"]], assessed, f"{assessment_list}?current=true&source={s['id']}")
        for s in sources
        if s["category"] == SourceCategory.CORPORATE
    ]

    # Vulnerable groups: on the stakeholder's record or in its assessment in use.
    groups = list(VulnerableGroup.objects.all().values("id", "code", "name"))
    representing: dict[int, set[int]] = defaultdict(set)
    on_record = Stakeholder.vulnerable_groups.through.objects.filter(
        stakeholder_id__in=scope.stakeholders.values("pk")
    ).values_list("vulnerablegroup_id", "stakeholder_id")
    in_assessment = Assessment.vulnerable_groups.through.objects.filter(
        assessment_id__in=in_use.values("pk")
    ).values_list("vulnerablegroup_id", "assessment__stakeholder_id")
    for group_id, stakeholder_id in [*on_record, *in_assessment]:
        representing[group_id].add(stakeholder_id)
    group_shares = [
        Share(
            g["code"],
            g["name"],
            len(representing[g["id"]]),
            in_scope,
            scope.list_link(stakeholder_list, vulnerable_group=g["id"]),
        )
        for g in groups
    ]
    representing_any = len(set().union(*representing.values())) if representing else 0

    # Overdue for review: the registry's one definition (``stakeholders.selectors.review_overdue_q``).
    overdue_rows = (
        in_use.filter(review_overdue_q(scope.today))
        .order_by("review_due_on", "assessed_on", "id")
        .values("id", "assessed_on", "review_due_on", *(f"stakeholder__{name}" for name in ACTOR_FIELDS))
    )
    review_due = [
        ReviewDue(
            actor=_actor(row, url, "stakeholder__"),
            assessment_url=assessment_url(row["id"]),
            assessed_on=row["assessed_on"],
            review_due_on=row["review_due_on"],
            overdue_since=review_overdue_since(assessed_on=row["assessed_on"], review_due_on=row["review_due_on"]),
        )
        for row in overdue_rows
    ]
    review_due.sort(key=lambda r: (r.overdue_since, r.actor.name, r.actor.id))

    return Coverage(
        in_scope=in_scope,
        assessed=assessed,
        local_actors=by_level.get(JurisdictionLevel.LOCAL, 0),
        includes_local=scope.includes_level(JurisdictionLevel.LOCAL),
        sectors=sectors,
        levels=levels,
        stances=stances,
        sources=source_shares,
        sole_sources=sole_sources,
        vulnerable_groups=group_shares,
        representing_any=representing_any,
        review_due=review_due,
        key_positions=_key_position_issues(scope, days, url),
        days=days,
    )


def _months_after(day: datetime.date, months: int) -> datetime.date:
    return _months_before(day, -months)


def _key_position_issues(scope: Scope, days: int, url: Callable[[int], str]) -> list[KeyPositionIssue]:
    """Vacant key positions of the organisations in scope, and key positions whose current holder started in
    the window with no engagement with them since. A fixed number of queries."""
    position_url = _url_maker("stakeholders:position_detail")
    since = scope.today - datetime.timedelta(days=days)
    positions = Position.objects.visible_to(scope.user).filter(
        is_key=True, organisation__in=scope.stakeholders.values("pk")
    )
    open_tenure = Tenure.objects.filter(position=OuterRef("pk"), ended_on__isnull=True)
    org_fields = tuple(f"organisation__{name}" for name in ACTOR_FIELDS)
    vacant = (
        positions.filter(~Exists(open_tenure))
        .order_by("organisation__name", "title", "id")
        .values("id", "title", *org_fields)
    )
    issues = [
        KeyPositionIssue(
            "vacant", row["id"], row["title"], position_url(row["id"]), _actor(row, url, "organisation__"), None, None
        )
        for row in vacant
    ]
    engaged_since_start = Engagement.stakeholders.through.objects.filter(
        stakeholder_id=OuterRef("holder_id"),
        engagement__occurred_on__gte=OuterRef("started_on"),
        engagement__occurred_on__lte=scope.today,
        engagement__in=Engagement.objects.visible_to(scope.user).values("pk"),
    )
    recent = (
        Tenure.objects.visible_to(scope.user)
        .filter(
            position__in=positions.values("pk"),
            ended_on__isnull=True,
            started_on__gte=since,
            started_on__lte=scope.today,
        )
        .filter(~Exists(engaged_since_start))
        .order_by("-started_on", "position__title", "id")
        .values(
            "position_id",
            "position__title",
            "started_on",
            *(f"holder__{name}" for name in ACTOR_FIELDS),
            *(f"position__organisation__{name}" for name in ACTOR_FIELDS),
        )
    )
    recent = list(recent)
    # A holder the user may not see stays unnamed: the position's issue is still the user's to know.
    shown = set(
        Stakeholder.objects.visible_to(scope.user)
        .filter(pk__in=[row["holder__id"] for row in recent])
        .values_list("pk", flat=True)
    )
    issues += [
        KeyPositionIssue(
            "changed_hands",
            row["position_id"],
            row["position__title"],
            position_url(row["position_id"]),
            _actor(row, url, "position__organisation__"),
            _actor(row, url, "holder__") if row["holder__id"] in shown else None,
            row["started_on"],
        )
        for row in recent
    ]
    return issues
