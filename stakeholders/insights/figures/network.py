"""The relationship network of the stakeholders in scope, its national-local brokers and the national actors
cut off from every local one."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass

from shrhub.models import JurisdictionLevel

from ...choices import RelationshipKind
from ...models import Relationship
from ..filters import Scope
from .graphs import reach, subset_betweenness
from .reads import in_use_stances
from .records import ACTOR_FIELDS, Actor, actor_of, url_maker


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
    """One tie, directed as recorded."""

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
    edges = list(
        Relationship.objects.visible_to(scope.user)
        .filter(source__in=ids, target__in=ids)
        .order_by("source_id", "target_id", "kind")
        .values_list("source_id", "target_id", "kind")
    )
    actors = {row["id"]: row for row in scope.stakeholders.values(*ACTOR_FIELDS)}
    stances = in_use_stances(scope)
    url = url_maker("stakeholders:stakeholder_detail")

    degree, adjacency = ties(edges)
    level_of = {pk: row["level"] for pk, row in actors.items()}
    found = reach(sorted(degree), adjacency, level_of, JurisdictionLevel.NATIONAL, JurisdictionLevel.LOCAL)
    brokerage = dict.fromkeys(degree, 0.0)
    for node, value in subset_betweenness(adjacency, found.sources, found.targets).items():
        brokerage[node] = round(value, 6)

    nodes = [
        NetworkNode(actor=actor_of(actors[pk], url), stance=stances.get(pk), degree=degree[pk], brokerage=brokerage[pk])
        for pk in degree
    ]
    nodes.sort(key=lambda n: (-n.brokerage, -n.degree, n.actor.name, n.actor.id))
    by_id = {node.actor.id: node for node in nodes}
    cut_off = sorted((by_id[pk] for pk in found.cut_off), key=lambda n: (n.actor.name, n.actor.id))
    return Network(
        in_scope=len(actors),
        isolated=len(actors) - len(degree),
        components=found.components,
        nodes=nodes,
        edges=[NetworkEdge(source, target, kind) for source, target, kind in edges],
        brokers=[node for node in nodes if node.brokerage > 0],
        cut_off=cut_off if scope.includes_level(JurisdictionLevel.LOCAL) else [],
    )


def ties(edges: list[tuple[int, int, str]]) -> tuple[Counter[int], dict[int, set[int]]]:
    """Each node's number of ties (all kinds), and the undirected adjacency of the ties other than "opposed
    to" (a set: two ties between a pair are one connection)."""
    degree: Counter[int] = Counter()
    adjacency: dict[int, set[int]] = defaultdict(set)
    for source, target, kind in edges:
        degree[source] += 1
        degree[target] += 1
        if kind != RelationshipKind.OPPOSED_TO:
            adjacency[source].add(target)
            adjacency[target].add(source)
    return degree, adjacency
