"""Every figure of the manager views against values worked out by hand on the world of ``world.py`` (the pure
rules and graph walks under them are tested without the database in ``test_rules.py`` and ``test_graphs.py``)."""

from __future__ import annotations

import datetime

import pytest

from shrhub import clock
from stakeholders.insights.figures.champion_map import champion_map
from stakeholders.insights.figures.coordination import coordination
from stakeholders.insights.figures.coverage import coverage
from stakeholders.insights.figures.network import network
from stakeholders.insights.figures.round_changes import round_changes
from stakeholders.insights.filters import (
    CoordinationFilterSet,
    CoverageFilterSet,
    InsightFilterSet,
    InvalidFilters,
    RoundChangesFilterSet,
    resolve_scope,
)
from tests.stakeholders.factories import AssessmentFactory, EngagementFactory, OrganisationFactory, RelationshipFactory

from .world import A_DAY, TODAY, days_ago

pytestmark = [pytest.mark.django_db, pytest.mark.dates]


def scope(user, filterset=InsightFilterSet, **data):
    return resolve_scope(user=user, data=data, filterset_class=filterset)


def names(items) -> list[str]:
    return [getattr(item, "actor", item).name for item in items]


# 1. Map ------------------------------------------------------------------------------------------------------


def test_map_counts_quadrants_and_grid(world, manager):
    figure = champion_map(scope(manager))
    assert (figure.in_scope, figure.assessed, figure.not_assessed, figure.unknown_stance) == (10, 8, 2, 1)
    assert {q.key: q.count for q in figure.quadrants} == {"engage": 1, "support": 2, "watch": 1, "build": 1}
    assert {g.key: g.count for g in figure.grid} == {
        "manage_closely": 2,
        "keep_satisfied": 1,
        "keep_informed": 2,
        "monitor": 3,
    }
    cells = {(c.stance, c.influence): c.count for c in figure.cells if c.count}
    assert cells == {
        ("champion", 5): 1,
        ("supporter", 4): 1,
        ("neutral", 3): 2,
        ("spoiler", 4): 1,
        ("sceptic", 2): 1,
        ("unknown", 3): 1,
        ("champion", 2): 1,
    }
    assert len(figure.cells) == 30


def test_map_orders_points_by_what_needs_attention(world, manager):
    figure = champion_map(scope(manager))
    assert names(figure.points) == [
        "Station One",  # influential spoiler: engage
        "Ministry of the Interior",  # influential champions: support (influence 5, then 4)
        "National Police Service",
        "Station Two",  # watch
        "Women's Rights Network",  # build up
        "Parliamentary Committee",  # neutral
        "Regional Police Command",
        "Supreme Court",  # stance unknown, last
    ]
    first = figure.points[0]
    assert (first.stance, first.score, first.influence, first.interest) == ("spoiler", -2, 4, 5)
    assert (first.quadrant, first.grid_cell, first.quadrant_action, first.grid_action) == (
        "engage",
        "manage_closely",
        "Engage",
        "Manage closely",
    )
    assert first.actor.url == f"/stakeholders/{world.station1.pk}/"


def test_map_filters_by_level_sector_and_jurisdiction(world, manager):
    local = champion_map(scope(manager, level=["local"]))
    assert (local.in_scope, local.assessed) == (4, 3)
    assert set(names(local.points)) == {"Station One", "Station Two", "Women's Rights Network"}
    police = champion_map(scope(manager, sector=["police"]))
    assert (police.in_scope, police.assessed) == (5, 4)
    in_l1 = champion_map(scope(manager, jurisdiction=world.l1.pk))
    assert (in_l1.in_scope, in_l1.assessed) == (3, 2)
    in_region = champion_map(scope(manager, jurisdiction=world.region.pk))
    assert in_region.in_scope == 5  # the region, its localities: RPC, the stations, the network, the officer
    both = champion_map(scope(manager, level=["national", "regional"], sector=["police"]))
    assert set(names(both.points)) == {"National Police Service", "Regional Police Command"}


def test_map_of_a_round_reads_that_rounds_latest_assessments(world, manager):
    figure = champion_map(scope(manager, mapping_round=world.round_a.pk))
    assert figure.mapping_round.name == "Round A"
    assert (figure.in_scope, figure.assessed, figure.not_assessed) == (10, 6, 4)
    assert {q.key: q.count for q in figure.quadrants} == {"engage": 0, "support": 3, "watch": 1, "build": 0}
    round_b = champion_map(scope(manager, mapping_round=world.round_b.pk))
    station2 = next(p for p in round_b.points if p.actor.id == world.station2.pk)
    assert (station2.stance, station2.influence) == ("sceptic", 2)  # the later of its two round-B assessments


def test_invalid_filters_are_refused(world, manager):
    with pytest.raises(InvalidFilters) as error:
        scope(manager, mapping_round=999999, level=["planetary"])
    assert set(error.value.errors) == {"mapping_round", "level"}


def test_nothing_is_visible_without_the_registry_permission(world, make_user):
    nobody = make_user(None)
    assert champion_map(scope(nobody)).in_scope == 0


# 2. Change between rounds ------------------------------------------------------------------------------------


def test_round_changes_by_default_compare_the_two_latest_rounds(world, manager):
    figure = round_changes(scope(manager, RoundChangesFilterSet))
    assert (figure.before.name, figure.after.name) == ("Round A", "Round B")
    assert [(m.actor.name, m.stance_change) for m in figure.moved_down] == [
        ("Station One", -4),
        ("National Police Service", -1),
    ]
    assert [(m.actor.name, m.stance_change) for m in figure.moved_up] == [("Ministry of the Interior", 1)]
    assert [(m.actor.name, m.before_stance, m.after_stance) for m in figure.unclear] == [
        ("Supreme Court", "sceptic", "unknown"),
    ]
    assert [(m.actor.name, m.influence_change) for m in figure.unchanged] == [("Regional Police Command", 1)]
    assert figure.influence_changed == 1
    assert names(figure.new) == ["Station Two", "Women's Rights Network"]
    assert [(m.actor.name, m.after_stance) for m in figure.new] == [
        ("Station Two", "sceptic"),
        ("Women's Rights Network", "champion"),
    ]
    assert names(figure.not_reassessed) == ["Parliamentary Committee"]
    assert len(figure.moves) == 8


def test_round_changes_between_chosen_rounds_and_filtered(world, manager):
    figure = round_changes(
        scope(manager, RoundChangesFilterSet, before=world.round_b.pk, after=world.round_a.pk, level=["local"])
    )
    assert (figure.before.name, figure.after.name) == ("Round B", "Round A")
    assert [(m.actor.name, m.stance_change) for m in figure.moved_up] == [("Station One", 4)]
    assert names(figure.not_reassessed) == ["Station Two", "Women's Rights Network"]
    assert figure.moved_down == figure.new == []


def test_round_changes_without_two_rounds(db, manager):
    figure = round_changes(scope(manager, RoundChangesFilterSet))
    assert figure.before is None
    assert figure.after is None
    assert figure.moves == []


# 3. Network --------------------------------------------------------------------------------------------------


def test_network_ranks_national_local_brokers(world, manager):
    figure = network(scope(manager))
    assert (figure.in_scope, figure.isolated, figure.components, len(figure.edges)) == (10, 1, 2, 8)
    assert [(n.actor.name, n.brokerage) for n in figure.brokers] == [
        ("Regional Police Command", 12.0),  # on every national-local path
        ("National Police Service", 9.0),  # from the ministry, the court and the embassy
        ("Ministry of the Interior", 6.0),  # from the court and the embassy
        ("Station One", 4.0),  # to the officer, from the four national actors
    ]
    degree = {n.actor.name: n.degree for n in figure.nodes}
    assert degree == {
        "Ministry of the Interior": 3,
        "National Police Service": 2,
        "Regional Police Command": 3,
        "Station One": 3,
        "Station Two": 1,
        "Women's Rights Network": 1,
        "Supreme Court": 1,
        "Officer Ana Testa": 1,
        "Home-State Embassy": 1,
    }
    stance = {n.actor.name: n.stance for n in figure.nodes}
    assert stance["Station One"] == "spoiler"
    assert stance["Home-State Embassy"] is None
    assert figure.cut_off == []


def test_network_splits_brokerage_between_parallel_paths_and_flags_cut_off_national_actors(world, manager):
    # A second regional office between the national police and station two: two shortest paths to it.
    second = OrganisationFactory(
        name="Second Regional Office", sector="police", level="regional", jurisdiction=world.region
    )
    RelationshipFactory(source=second, target=world.police, kind="reports_to")
    RelationshipFactory(source=world.station2, target=second, kind="reports_to")
    lonely = OrganisationFactory(name="Lonely Agency", level="national", jurisdiction=world.nation)
    friend = OrganisationFactory(name="Friendly Agency", level="national", jurisdiction=world.nation)
    RelationshipFactory(source=lonely, target=friend, kind="allied_with")
    figure = network(scope(manager))
    brokerage = {n.actor.name: n.brokerage for n in figure.nodes}
    # Station two is reached from each of the 4 national actors by two shortest paths: half through each office.
    assert brokerage["Second Regional Office"] == 2.0
    assert brokerage["Regional Police Command"] == 12.0 - 2.0
    assert names(figure.cut_off) == ["Friendly Agency", "Lonely Agency"]
    assert network(scope(manager, level=["national"])).cut_off == []


# 4. Coordination ---------------------------------------------------------------------------------------------


def test_coordination_hierarchy_and_engagement_gap(world, manager):
    figure = coordination(scope(manager, CoordinationFilterSet))
    assert (figure.days, figure.since, figure.organisations) == (90, TODAY - datetime.timedelta(days=90), 9)
    top = figure.trees[0]
    assert top.actor.name == "Ministry of the Interior"
    assert [c.actor.name for c in top.children] == ["National Police Service"]
    regional = top.children[0].children[0]
    assert [c.actor.name for c in regional.children] == ["Station One", "Station Two"]
    assert top.last_engaged == days_ago(15)
    assert [gap.organisation.name for gap in figure.gaps] == ["Ministry of the Interior"]
    gap = figure.gaps[0]
    assert (gap.engaged_on, gap.engagement_title) == (days_ago(15), "Security MoU meeting")
    assert names(gap.counterparts) == ["Officer Ana Testa", "Station One", "Station Two"]
    assert gap.counterparts_last_engaged == days_ago(120)
    assert top.flags == ["engagement gap"]


def test_coordination_gap_closes_when_a_local_counterpart_is_engaged(world, manager):
    EngagementFactory(
        title="Station handover", occurred_on=days_ago(5), jurisdiction=world.l1, stakeholders=[world.officer]
    )
    assert coordination(scope(manager, CoordinationFilterSet)).gaps == []


def test_coordination_window_is_a_parameter(world, manager):
    figure = coordination(scope(manager, CoordinationFilterSet, days=10))
    assert figure.gaps == []  # the ministry's meeting was 15 days ago
    figure = coordination(scope(manager, CoordinationFilterSet, days=130))
    assert figure.gaps == []  # station two's visit 120 days ago now counts


def test_coordination_divergences_along_chains(world, manager):
    figure = coordination(scope(manager, CoordinationFilterSet))
    assert [(d.upper.name, d.lower.name, d.gap) for d in figure.divergences] == [
        ("Ministry of the Interior", "Station One", 4),
        ("Ministry of the Interior", "Station Two", 3),
        ("National Police Service", "Station One", 3),
        ("National Police Service", "Station Two", 2),
    ]
    assert (figure.divergences[0].upper_stance, figure.divergences[0].lower_stance) == ("champion", "spoiler")


def test_coordination_risk_area_mandates(world, manager):
    figure = coordination(scope(manager, CoordinationFilterSet))
    table = {
        (m.area, m.level): ([a.name for a in m.holders], m.uncovered_count, m.jurisdictions) for m in figure.mandates
    }
    assert table == {
        ("judicial-accountability", "national"): (["Supreme Court"], 0, 1),
        ("judicial-accountability", "regional"): ([], 1, 1),
        ("judicial-accountability", "local"): ([], 2, 2),
        ("monitoring-public-security", "national"): ([], 1, 1),
        ("monitoring-public-security", "regional"): (["Regional Police Command"], 0, 1),
        ("monitoring-public-security", "local"): (["Station One"], 1, 2),
        ("licensing-private-security", "national"): ([], 1, 1),
        ("licensing-private-security", "regional"): ([], 1, 1),
        ("licensing-private-security", "local"): ([], 2, 2),
    }
    assert [(m.area, m.level) for m in figure.mandate_gaps] == [
        ("judicial-accountability", "regional"),
        ("judicial-accountability", "local"),
        ("monitoring-public-security", "national"),
        ("licensing-private-security", "national"),
        ("licensing-private-security", "regional"),
        ("licensing-private-security", "local"),
    ]
    monitoring_local = next(m for m in figure.mandates if m.area == "monitoring-public-security" and m.level == "local")
    assert monitoring_local.uncovered == ["Locality L2"]


def test_coordination_of_a_locality_keeps_the_levels_above(world, manager):
    figure = coordination(scope(manager, CoordinationFilterSet, jurisdiction=world.l2.pk))
    assert figure.organisations == 7  # five national, the regional command, station two
    assert names(figure.gaps[0].counterparts) == ["Station Two"]
    local = {(m.area, m.level): m for m in figure.mandates}
    assert local[("monitoring-public-security", "local")].is_gap  # station one (L1) is out of scope
    assert local[("monitoring-public-security", "local")].jurisdictions == 1


# 5. Coverage -------------------------------------------------------------------------------------------------


def test_coverage_spreads(world, manager):
    figure = coverage(scope(manager, CoverageFilterSet))
    assert (figure.in_scope, figure.assessed, figure.not_assessed, figure.local_actors) == (10, 8, 2, 4)
    assert {s.key: s.count for s in figure.sectors if s.count} == {
        "ministry": 1,
        "police": 5,
        "judiciary": 1,
        "civil_society": 1,
        "embassy": 1,
        "parliament": 1,
    }
    assert len(figure.sectors) == 15
    assert {s.key: s.count for s in figure.levels} == {"national": 5, "regional": 1, "local": 4}
    assert {s.key: s.count for s in figure.stances} == {
        "champion": 2,
        "supporter": 1,
        "neutral": 2,
        "sceptic": 1,
        "spoiler": 1,
        "unknown": 1,
        "not_assessed": 2,
    }
    police = next(s for s in figure.sectors if s.key == "police")
    assert (police.total, police.share) == (10, 0.5)
    assert police.url == "/stakeholders/?sector=police"


def test_coverage_sources_and_sole_corporate_sources(world, manager):
    figure = coverage(scope(manager, CoverageFilterSet))
    assert {s.key: s.count for s in figure.sources if s.count} == {
        "security": 5,
        "community-relations": 2,
        "legal": 1,
        "government-affairs": 1,
        "home-state-embassy": 1,
        "local-experts": 1,
    }
    assert {s.key: s.count for s in figure.sole_sources} == {
        "security": 4,
        "community-relations": 1,
        "government-affairs": 1,
        "environment": 0,
        "legal": 1,
    }
    assert figure.top_sole_source.key == "security"
    assert figure.top_sole_source.total == 8


def test_coverage_vulnerable_groups(world, manager):
    figure = coverage(scope(manager, CoverageFilterSet))
    assert {s.key: s.count for s in figure.vulnerable_groups if s.count} == {"women": 1, "indigenous-peoples": 1}
    assert figure.representing_any == 2


def test_coverage_review_due(world, manager):
    figure = coverage(scope(manager, CoverageFilterSet))
    assert [(r.actor.name, r.overdue_since) for r in figure.review_due] == [
        ("Parliamentary Committee", clock.months_before(A_DAY, -6)),  # no date set, older than six months
        ("Ministry of the Interior", days_ago(1)),  # past its review date
    ]


def test_coverage_key_positions(world, manager):
    figure = coverage(scope(manager, CoverageFilterSet))
    assert [(i.title, i.organisation.name) for i in figure.vacant] == [
        ("Regional Commander", "Regional Police Command")
    ]
    assert [(i.title, i.holder.name, i.since) for i in figure.changed_hands] == [
        ("Station Commander", "Officer Ana Testa", days_ago(25)),
    ]
    assert coverage(scope(manager, CoverageFilterSet, days=20)).changed_hands == []
    EngagementFactory(
        title="Welcome call", occurred_on=days_ago(3), jurisdiction=world.l1, stakeholders=[world.officer]
    )
    assert coverage(scope(manager, CoverageFilterSet)).changed_hands == []


def test_coverage_of_a_round(world, manager):
    figure = coverage(scope(manager, CoverageFilterSet, mapping_round=world.round_a.pk))
    assert figure.assessed == 6
    assert {s.key: s.count for s in figure.sole_sources if s.count} == {"security": 5, "government-affairs": 1}
    assert len(figure.review_due) == 6  # every round-A assessment is older than six months


def test_an_assessment_move_changes_the_map(world, manager):
    AssessmentFactory(stakeholder=world.station1, assessed_on=TODAY, stance="champion", influence=4, interest=5)
    figure = champion_map(scope(manager))
    assert {q.key: q.count for q in figure.quadrants} == {"engage": 0, "support": 3, "watch": 1, "build": 1}


def test_network_counts_a_pair_with_two_ties_once(world, manager):
    RelationshipFactory(source=world.ministry, target=world.police, kind="influences")
    figure = network(scope(manager))
    assert [(n.actor.name, n.brokerage) for n in figure.brokers][:2] == [
        ("Regional Police Command", 12.0),
        ("National Police Service", 9.0),
    ]
    assert next(n for n in figure.nodes if n.actor.name == "Ministry of the Interior").degree == 4
