"""Each warning fires where it should and stays quiet where it must; the registry and the home page."""

from __future__ import annotations

import pytest

from shrhub import registry
from shrhub.registry import Warning, manager_warnings, register_warning_provider
from stakeholders.insights.figures.champion_map import champion_map
from stakeholders.insights.figures.coordination import coordination
from stakeholders.insights.figures.coverage import coverage
from stakeholders.insights.figures.round_changes import round_changes
from stakeholders.insights.filters import (
    CoordinationFilterSet,
    CoverageFilterSet,
    InsightFilterSet,
    RoundChangesFilterSet,
    resolve_scope,
)
from stakeholders.insights.manager_views import insight_warnings
from stakeholders.insights.warnings import (
    change_warnings,
    coordination_warnings,
    coverage_warnings,
    map_warnings,
)
from stakeholders.models import Assessment, InformationSource, VulnerableGroup
from tests.stakeholders.factories import AssessmentFactory, EngagementFactory, TenureFactory

from .world import TODAY, days_ago

pytestmark = [pytest.mark.django_db, pytest.mark.dates]


def titles(found: list[Warning]) -> list[str]:
    return [w.title for w in found]


def coverage_found(user, **data) -> list[Warning]:
    scope = resolve_scope(user=user, data=data, filterset_class=CoverageFilterSet)
    return coverage_warnings(coverage(scope), scope)


def coordination_found(user, **data) -> list[Warning]:
    scope = resolve_scope(user=user, data=data, filterset_class=CoordinationFilterSet)
    return coordination_warnings(coordination(scope), scope)


# Coverage and bias ---------------------------------------------------------------------------------------------


def test_coverage_warnings_on_the_world(world, manager):
    found = coverage_found(manager)
    assert [(w.severity, w.title) for w in found] == [
        ("medium", "Nobody represents 6 vulnerable groups"),
        ("medium", "2 assessments are overdue for review"),
        ("high", "1 key position is vacant"),
        ("medium", "1 key position changed hands in the last 90 days with no engagement since"),
        ("low", "2 stakeholders have no assessment"),
    ]
    assert found[0].detail == (
        "Children, Elderly people, Youth, Ethnic minorities, Religious minorities, Migrant workers"
    )
    assert found[1].detail == "Parliamentary Committee, Ministry of the Interior"
    assert found[2].detail == "Regional Commander, Regional Police Command"
    assert found[2].url == "/insights/coverage/#positions"
    assert {w.source for w in found} == {"Coverage and bias"}


def test_no_local_actors_fires_only_when_local_actors_are_in_question(world, manager):
    assert "No local actors on the map" not in titles(coverage_found(manager))
    found = coverage_found(manager, sector=["judiciary", "embassy"])
    assert "No local actors on the map" in titles(found)
    assert next(w for w in found if w.title == "No local actors on the map").url == (
        "/insights/coverage/?sector=judiciary&sector=embassy"
    )
    assert "No local actors on the map" not in titles(coverage_found(manager, level=["national"]))


def test_one_corporate_function_fires_above_half_of_the_assessments(world, manager):
    # Security is the only corporate source of 4 of the 8 assessments: exactly half, no warning.
    assert not [t for t in titles(coverage_found(manager)) if "alone supplied" in t]
    world.regional_b.sources.set(InformationSource.objects.filter(code="security"))
    assert "Security alone supplied 5 of 8 assessments" in titles(coverage_found(manager))


def test_vulnerable_group_warnings(world, manager):
    found = titles(coverage_found(manager, level=["national"]))
    assert "Nobody on the map represents a vulnerable group" in found
    everyone = list(VulnerableGroup.objects.all())
    world.ngo.vulnerable_groups.set(everyone)
    found = titles(coverage_found(manager))
    assert not [t for t in found if "vulnerable group" in t]


def test_review_warning_goes_when_assessments_are_fresh(world, manager):
    Assessment.objects.update(review_due_on=None)
    AssessmentFactory(stakeholder=world.parliament, assessed_on=TODAY, stance="neutral", influence=3, interest=3)
    assert not [t for t in titles(coverage_found(manager)) if "review date" in t]


def test_key_position_warnings_go_when_filled_and_met(world, manager):
    TenureFactory(position=world.vacant, holder=world.officer, started_on=days_ago(400), ended_on=None)
    EngagementFactory(
        title="Welcome call", occurred_on=days_ago(2), jurisdiction=world.l1, stakeholders=[world.officer]
    )
    found = titles(coverage_found(manager))
    assert not [t for t in found if "key position" in t]


def test_not_assessed_warning_goes_when_everyone_is_assessed(world, manager):
    for stakeholder in (world.embassy, world.officer):
        AssessmentFactory(stakeholder=stakeholder, assessed_on=TODAY, stance="neutral", influence=1, interest=1)
    assert not [t for t in titles(coverage_found(manager)) if "no assessment" in t]


# Coordination ----------------------------------------------------------------------------------------------------


def test_coordination_warnings_on_the_world(world, manager):
    found = coordination_found(manager)
    assert [(w.severity, w.title) for w in found] == [
        ("high", "1 national organisation engaged with no local counterpart engaged in the last 90 days"),
        ("high", "Stances diverge along 4 chain links"),
        ("high", "No regional or local actor holds the judicial accountability mandate"),
        ("high", "No national actor holds the monitoring of public security mandate"),
        ("high", "No national, regional or local actor holds the licensing of private security mandate"),
    ]
    assert found[1].detail.startswith("Ministry of the Interior (champion) → Station One (spoiler)")


def test_coordination_warnings_quiet_when_aligned(world, manager):
    EngagementFactory(
        title="Station visit", occurred_on=days_ago(3), jurisdiction=world.l1, stakeholders=[world.station1]
    )
    for stakeholder in (world.station1, world.station2):
        AssessmentFactory(stakeholder=stakeholder, assessed_on=TODAY, stance="supporter", influence=3, interest=3)
    found = titles(coordination_found(manager, level=["national"]))  # mandates: national level only
    assert not [t for t in found if "engaged" in t or "diverge" in t]
    assert found == [
        "No national actor holds the monitoring of public security mandate",
        "No national actor holds the licensing of private security mandate",
    ]


def test_divergence_of_two_steps_is_medium(world, manager):
    AssessmentFactory(stakeholder=world.station1, assessed_on=TODAY, stance="supporter", influence=4, interest=5)
    found = coordination_found(manager)
    divergence = next(w for w in found if "diverge" in w.title)
    assert (divergence.severity, divergence.title) == ("medium", "Stances diverge along 2 chain links")


# Map and rounds ----------------------------------------------------------------------------------------------------


def test_map_warning_names_the_influential_spoilers(world, manager):
    scope = resolve_scope(user=manager, data={}, filterset_class=InsightFilterSet)
    found = map_warnings(champion_map(scope), scope)
    assert [(w.severity, w.title, w.detail) for w in found] == [
        ("medium", "1 influential spoiler to engage", "Station One (spoiler, influence 4)"),
    ]
    scope = resolve_scope(user=manager, data={"level": ["national"]}, filterset_class=InsightFilterSet)
    assert map_warnings(champion_map(scope), scope) == []


def test_round_warnings(world, manager):
    scope = resolve_scope(user=manager, data={}, filterset_class=RoundChangesFilterSet)
    found = change_warnings(round_changes(scope), scope)
    assert [(w.severity, w.title) for w in found] == [
        ("medium", "2 stakeholders moved towards spoiler since Round A"),
        ("low", "1 stakeholder was not reassessed in Round B"),
    ]
    assert found[0].url == f"/insights/changes/?before={world.round_a.pk}&after={world.round_b.pk}"
    scope = resolve_scope(user=manager, data={"level": ["regional"]}, filterset_class=RoundChangesFilterSet)
    assert change_warnings(round_changes(scope), scope) == []


# The registry and the home page ---------------------------------------------------------------------------------


def test_provider_returns_every_views_warnings_and_nothing_for_other_roles(world, manager, users):
    found = insight_warnings(manager, {})
    assert {w.source for w in found} == {
        "Coverage and bias",
        "National ↔ local coordination",
        "Champion/spoiler map",
        "Change between rounds",
    }
    assert len(found) == 5 + 5 + 1 + 2
    assert insight_warnings(users["security"], {}) == []
    assert insight_warnings(manager, {"mapping_round": "999999"}) == []


def test_registry_sorts_by_severity_and_reports_a_failing_provider(monkeypatch, manager):
    monkeypatch.setattr(registry, "_warning_providers", [])

    def fine(user, filters):
        return [Warning("low", "b", "", "/b/", "Z"), Warning("high", "a", "", "/a/", "Z")]

    def broken(user, filters):
        raise RuntimeError("boom")

    register_warning_provider(fine)
    register_warning_provider(fine)  # registering twice has no effect
    register_warning_provider(broken)
    found = manager_warnings(manager)
    assert [(w.severity, w.source, w.title) for w in found] == [
        ("high", "Z", "a"),
        ("high", "tests", "Some warnings could not be computed"),
        ("low", "Z", "b"),
    ]
    assert "broken" in found[1].detail
    with pytest.raises(ValueError):
        Warning("urgent", "x", "", "", "")


def test_home_page_loads_the_warnings_panel_for_managers_only(world, client_for):
    """The start page asks for the warnings on its own (they read the whole registry): managers and
    administrators get the panel that loads them, nobody else does."""
    for role in ("manager", "administrator"):
        html = client_for(role).get("/").content.decode()
        assert 'hx-get="/warnings/"' in html
        assert 'href="/warnings/"' in html  # without JavaScript, a link
        assert "1 key position is vacant" not in html  # not computed while the page is drawn
    for role in ("security", "community"):
        response = client_for(role).get("/")
        assert response.status_code == 200
        assert "/warnings/" not in response.content.decode()


@pytest.mark.parametrize("role", ["manager", "administrator"])
def test_warnings_panel_and_page_list_the_warnings(world, client_for, role):
    client = client_for(role)
    panel = client.get("/warnings/", headers={"HX-Request": "true"})
    assert panel.status_code == 200
    html = panel.content.decode()
    assert html.lstrip().startswith('<section class="card mb-3"')  # the fragment replaces the loading panel
    assert "1 key position is vacant" in html
    assert 'href="/insights/coverage/#positions"' in html
    page = client.get("/warnings/")
    assert "<html" in page.content.decode()
    assert "1 key position is vacant" in page.content.decode()


@pytest.mark.parametrize("role", ["security", "community", "integration"])
def test_warnings_are_refused_to_other_roles(world, client_for, role):
    assert client_for(role).get("/warnings/", headers={"HX-Request": "true"}).status_code == 403
