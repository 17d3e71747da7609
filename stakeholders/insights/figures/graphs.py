"""Graph and tree walks on plain data (ids, adjacency sets, parent maps): no database, no Django.

The network view's components and brokerage (Brandes betweenness restricted to national sources and local
targets), and the hierarchy walks of the coordination view (children of each node, everything under a
node, the chain above a node, a jurisdiction with its subtree and its ancestors).
"""

from __future__ import annotations

from collections import defaultdict, deque
from collections.abc import Callable, Hashable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

Adjacency = Mapping[int, set[int]]
Parents = Mapping[int, "int | None"]
Children = Mapping["int | None", list[int]]


def component(adjacency: Adjacency, start: int) -> list[int]:
    """The nodes connected to ``start`` (itself included), in depth-first order."""
    found, stack, seen = [], [start], {start}
    while stack:
        node = stack.pop()
        found.append(node)
        for other in adjacency.get(node, ()):
            if other not in seen:
                seen.add(other)
                stack.append(other)
    return found


@dataclass
class Reach:
    """Which nodes of one level can reach a node of another, component by component.

    ``sources``: the nodes of the first level in a component holding a node of the second; ``targets``: the
    nodes of the second level in such components; ``cut_off``: the nodes of the first level in components
    without any; ``components``: how many connected components the walked nodes form.
    """

    components: int = 0
    sources: list[int] = field(default_factory=list)
    targets: set[int] = field(default_factory=set)
    cut_off: list[int] = field(default_factory=list)


def reach(
    nodes: Iterable[int], adjacency: Adjacency, level_of: Mapping[int, str], source_level: str, target_level: str
) -> Reach:
    """Walk the components of ``nodes`` (in the given order) and sort their ``source_level`` nodes into
    those with a ``target_level`` node in their component and those without (see ``Reach``)."""
    found, seen = Reach(), set()
    for start in nodes:
        if start in seen:
            continue
        found.components += 1
        members = component(adjacency, start)
        seen.update(members)
        sources = [n for n in members if level_of[n] == source_level]
        targets = [n for n in members if level_of[n] == target_level]
        if not targets:
            found.cut_off.extend(sources)
            continue
        found.sources.extend(sources)
        found.targets.update(targets)
    return found


def subset_betweenness(adjacency: Adjacency, sources: Iterable[int], targets: set[int]) -> dict[int, float]:
    """For each node, the number of (source, target) pairs whose shortest paths run through it, a pair with
    several shortest paths counting the share of them that does (Brandes' algorithm restricted to the given
    sources and targets, on an undirected graph given as adjacency sets; endpoints are not counted).

    Equal to ``2 * networkx.betweenness_centrality_subset(G, sources, targets, normalized=False)`` for
    disjoint sources and targets (networkx halves undirected counts); each breadth-first search walks only
    the source's own connected component, so the cost follows the size of the components.
    """
    betweenness: dict[int, float] = defaultdict(float)
    for source in sources:
        order, predecessors, sigma = _shortest_paths(adjacency, source)
        delta = dict.fromkeys(order, 0.0)
        while order:
            node = order.pop()
            coefficient = (delta[node] + (1.0 if node in targets and node != source else 0.0)) / sigma[node]
            for previous in predecessors[node]:
                delta[previous] += sigma[previous] * coefficient
            if node != source:
                betweenness[node] += delta[node]
    return betweenness


def _shortest_paths(adjacency: Adjacency, source: int) -> tuple[list[int], dict[int, list[int]], dict[int, int]]:
    """Breadth-first from ``source``: the nodes in order of distance, each node's predecessors on shortest
    paths, and the number of shortest paths to each node (Brandes' first phase)."""
    order: list[int] = []
    predecessors: dict[int, list[int]] = {source: []}
    sigma, distance = {source: 1}, {source: 0}
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
    return order, predecessors, sigma


def children_index(parents: Parents, sort_key: Callable[[int], Any]) -> defaultdict[int | None, list[int]]:
    """Parent id → its children, each list ordered by ``sort_key``; a node whose parent is not among the
    nodes is a root, listed under ``None``."""
    children: defaultdict[int | None, list[int]] = defaultdict(list)
    for node, parent in parents.items():
        children[parent if parent in parents else None].append(node)
    for siblings in children.values():
        siblings.sort(key=sort_key)
    return children


def descendants(children: Children, node: int) -> list[int]:
    """Every node under ``node`` (not itself), at any depth."""
    out, stack = [], list(children.get(node, []))
    while stack:
        current = stack.pop()
        out.append(current)
        stack.extend(children.get(current, []))
    return out


def chain_above(parents: Parents, node: int) -> Iterator[int]:
    """The nodes above ``node``, nearest first, as far as the parent map knows them."""
    parent = parents[node]
    while parent is not None and parent in parents:
        yield parent
        parent = parents[parent]


def with_ancestors_and_subtree(parents: Mapping[Hashable, Any], node: Hashable) -> set:
    """``node``, every node above it and every node under it."""
    keep = set()
    current: Any = node
    while current is not None:
        keep.add(current)
        current = parents.get(current)
    kids: defaultdict[Any, list] = defaultdict(list)
    for child, parent in parents.items():
        kids[parent].append(child)
    stack = [node]
    while stack:
        current = stack.pop()
        keep.add(current)
        stack.extend(kids.get(current, []))
    return keep
