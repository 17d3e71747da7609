"""The graph and tree walks under the network and coordination figures, on plain data: no database."""

from __future__ import annotations

import datetime
import random

import networkx as nx
import pytest

from stakeholders.insights.figures.coordination import Hierarchy
from stakeholders.insights.figures.graphs import (
    chain_above,
    children_index,
    component,
    descendants,
    reach,
    subset_betweenness,
    with_ancestors_and_subtree,
)
from stakeholders.insights.figures.network import ties


def undirected(*pairs: tuple[int, int]) -> dict[int, set[int]]:
    adjacency: dict[int, set[int]] = {}
    for a, b in pairs:
        adjacency.setdefault(a, set()).add(b)
        adjacency.setdefault(b, set()).add(a)
    return adjacency


def test_subset_betweenness_agrees_with_networkx_on_random_graphs():
    rng = random.Random(7)
    for _ in range(25):
        graph = nx.gnm_random_graph(rng.randint(5, 40), rng.randint(4, 80), seed=rng.randint(0, 10_000))
        nodes = list(graph)
        rng.shuffle(nodes)
        split = rng.randint(1, len(nodes) - 1)
        sources, targets = nodes[:split][: rng.randint(1, split)], set(nodes[split:])
        adjacency = {n: set(graph[n]) for n in graph}
        ours = subset_betweenness(adjacency, sources, targets)
        theirs = nx.betweenness_centrality_subset(graph, sources, list(targets), normalized=False)
        for node in graph:
            assert ours.get(node, 0.0) == pytest.approx(2 * theirs[node], abs=1e-9), node


def test_subset_betweenness_shares_a_pair_between_its_shortest_paths():
    # 1 reaches 4 through 2 or through 3: each carries half of the pair; the longer way round 5 carries none.
    adjacency = undirected((1, 2), (1, 3), (2, 4), (3, 4), (1, 5), (5, 6), (6, 4))
    assert dict(subset_betweenness(adjacency, [1], {4})) == {2: 0.5, 3: 0.5, 4: 0.0, 5: 0.0, 6: 0.0}


def test_ties_count_every_tie_but_connect_a_pair_once_and_never_through_opposition():
    degree, adjacency = ties([(1, 2, "influences"), (2, 1, "allied_with"), (2, 3, "opposed_to")])
    assert degree == {1: 2, 2: 3, 3: 1}
    assert dict(adjacency) == {1: {2}, 2: {1}}


def test_component_and_reach_sort_national_actors_by_whether_a_local_one_is_reachable():
    adjacency = undirected((1, 2), (2, 3), (4, 5))
    levels = {1: "national", 2: "regional", 3: "local", 4: "national", 5: "regional", 6: "national"}
    assert sorted(component(adjacency, 1)) == [1, 2, 3]
    assert component(adjacency, 6) == [6]
    found = reach([1, 2, 3, 4, 5, 6], adjacency, levels, "national", "local")
    assert (found.components, found.sources, found.targets, found.cut_off) == (3, [1], {3}, [4, 6])


def test_tree_walks():
    #   1 ─ 2 ─ 4          (9's parent 99 is not among the nodes: 9 is a root)
    #    └─ 3        9
    parents = {1: None, 2: 1, 3: 1, 4: 2, 9: 99}
    children = children_index(parents, sort_key=lambda pk: -pk)
    assert dict(children) == {None: [9, 1], 1: [3, 2], 2: [4]}
    assert sorted(descendants(children, 1)) == [2, 3, 4]
    assert descendants(children, 3) == []
    assert list(chain_above(parents, 4)) == [2, 1]
    assert list(chain_above(parents, 9)) == []
    assert with_ancestors_and_subtree(parents, 2) == {1, 2, 4}
    assert with_ancestors_and_subtree(parents, 1) == {1, 2, 3, 4}


def row(pk: int, name: str, level: str, parent: int | None, kind: str = "organisation") -> dict:
    return {
        "id": pk,
        "name": name,
        "kind": kind,
        "level": level,
        "sector": "ministry",
        "parent_id": parent,
        "jurisdiction_id": None,
    }


def test_hierarchy_trees_counterparts_and_divergences_without_the_database():
    rows = [
        row(1, "Ministry", "national", None),
        row(2, "Directorate", "regional", 1),
        row(3, "Office", "local", 2),
        row(4, "Officer", "local", 3, kind="person"),
        row(5, "Agency", "national", None),
    ]
    stances = {1: "champion", 2: "neutral", 3: "spoiler", 5: "sceptic"}
    hierarchy = Hierarchy(rows, stances, {4: datetime.date(2026, 1, 5)}, url=lambda pk: f"/s/{pk}/")
    trees = hierarchy.trees()
    assert [(t.actor.name, t.size()) for t in trees] == [("Ministry", 3), ("Agency", 1)]
    assert [n.actor.name for n in trees[0].walk()] == ["Ministry", "Directorate", "Office"]  # people are not drawn
    assert sorted(hierarchy.local_counterparts(1)) == [3, 4]
    assert [(d.upper.name, d.lower.name, d.gap) for d in hierarchy.divergences()] == [("Ministry", "Office", 4)]
