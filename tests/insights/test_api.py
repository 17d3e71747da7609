"""The API twins: the same figures as the pages, only for managers and administrators, constant cost."""

from __future__ import annotations

import pytest

from stakeholders.insights.figures.champion_map import champion_map
from stakeholders.insights.filters import InsightFilterSet, resolve_scope
from tests.helpers.queries import assert_constant_queries

from .growth import grow

pytestmark = pytest.mark.django_db

ENDPOINTS = ["map", "changes", "network", "coordination", "coverage", "warnings"]


def url(name: str) -> str:
    return f"/api/v1/insights/{name}/"


# Who may read the figures (anonymous, every role): the route table, tests/test_route_access.py.


def test_map_json_matches_the_selector(world, api_client_for, manager):
    data = api_client_for("manager").get(url("map"), {"level": ["national", "local"]}).json()
    figure = champion_map(
        resolve_scope(user=manager, data={"level": ["national", "local"]}, filterset_class=InsightFilterSet)
    )
    assert (data["in_scope"], data["assessed"]) == (figure.in_scope, figure.assessed) == (9, 7)
    assert {q["key"]: q["count"] for q in data["quadrants"]} == {"engage": 1, "support": 2, "watch": 1, "build": 1}
    assert [p["actor"]["name"] for p in data["points"]][:2] == ["Station One", "Ministry of the Interior"]
    assert data["points"][0]["actor"]["url"] == f"/stakeholders/{world.station1.pk}/"
    assert data["warnings"][0]["title"] == "1 influential spoiler to engage"


def test_other_endpoints_carry_the_hand_computed_figures(world, api_client_for):
    client = api_client_for("administrator")
    changes = client.get(url("changes")).json()
    assert [m["actor"]["name"] for m in changes["moved_down"]] == ["Station One", "National Police Service"]
    assert changes["before"]["name"] == "Round A"
    network = client.get(url("network")).json()
    top = network["brokers"][0]
    assert (top["actor"]["name"], top["brokerage"]) == ("Regional Police Command", 12.0)
    coordination = client.get(url("coordination"), {"days": 10}).json()
    assert coordination["days"] == 10
    assert coordination["gaps"] == []
    assert coordination["hierarchy"][0]["actor"]["name"] == "Ministry of the Interior"
    assert coordination["hierarchy"][1]["parent_id"] == world.ministry.pk
    assert len([m for m in coordination["mandates"] if m["is_gap"]]) == 6
    coverage = client.get(url("coverage")).json()
    assert {s["key"]: s["count"] for s in coverage["levels"]} == {"national": 5, "regional": 1, "local": 4}
    assert [i["kind"] for i in coverage["key_positions"]] == ["vacant", "changed_hands"]
    warnings = client.get(url("warnings")).json()
    # with "N new coordination findings not yet reviewed" (the risk register's), and the case for the VPs' "key
    # agencies never approached" and "no one ready" (no one in this world was ever approached or assessed)
    assert len(warnings) == 16
    assert any("coordination findings not yet reviewed" in w["title"] for w in warnings)
    assert any("never heard the case for the VPs" in w["title"] for w in warnings)
    assert any("no one ready" in w["title"].lower() for w in warnings)
    assert [w["severity"] for w in warnings][:7] == ["high"] * 6 + ["medium"]


def test_bad_parameters_answer_400(world, api_client_for):
    client = api_client_for("manager")
    assert client.get(url("map"), {"bogus": 1}).json() == {"bogus": ["Unknown parameter."]}
    assert client.get(url("map"), {"days": 3}).status_code == 400  # days is not a map parameter
    assert client.get(url("coordination"), {"days": 0}).status_code == 400
    assert "mapping_round" in client.get(url("map"), {"mapping_round": 999999}).json()
    assert client.get(url("warnings"), {"level": "nowhere"}).status_code == 400


@pytest.mark.parametrize("name", ["map", "coverage", "warnings"])
@pytest.mark.parametrize("parameter", ["level", "sector", "jurisdiction", "mapping_round"])
def test_an_empty_parameter_answers_400_not_the_unfiltered_figure(world, api_client_for, name, parameter):
    """A page's form sends ``level=`` for "any"; the API documents each parameter's values, none of them empty."""
    response = api_client_for("manager").get(f"{url(name)}?{parameter}=")
    assert response.status_code == 400
    assert response.json() == {parameter: ["Give a value, or leave the parameter out."]}


@pytest.mark.parametrize("name", ENDPOINTS)
def test_query_count_does_not_grow(world, api_client_for, name):
    client = api_client_for("manager")
    assert_constant_queries(lambda n: grow(world, n), lambda: client.get(url(name)), few=1, many=6)


def test_schema_documents_the_insights_endpoints():
    from drf_spectacular.generators import SchemaGenerator

    schema = SchemaGenerator().get_schema(request=None, public=True)
    for name in ENDPOINTS:
        assert url(name) in schema["paths"], name
    parameters = {p["name"] for p in schema["paths"][url("coordination")]["get"]["parameters"]}
    assert {"jurisdiction", "level", "sector", "mapping_round", "days"} <= parameters
