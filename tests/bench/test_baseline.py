"""The benchmark's baseline views return the rows the API lists return, so that ratios compare like with like."""

from __future__ import annotations

import base64
import json
from typing import Any

import pytest

from bench import views
from shrhub.roles import Role
from stakeholders.models import MandateArea, VulnerableGroup
from tests.stakeholders.factories import AssessmentFactory, EngagementFactory, OrganisationFactory, PersonFactory

pytestmark = pytest.mark.django_db


def assert_same(api: Any, baseline: Any, where: str = "") -> None:
    """Every value the API sends is the baseline's (the baseline may send fields a role does not receive)."""
    if isinstance(api, dict):
        for key, value in api.items():
            assert key in baseline, f"{where}.{key} missing from the baseline"
            assert_same(value, baseline[key], f"{where}.{key}")
    else:
        assert api == baseline, f"{where}: API {api!r}, baseline {baseline!r}"


def baseline_rows(view, rf, **params) -> list[dict[str, Any]]:
    response = view(rf.get("/bench/baseline/", params))
    assert response.status_code == 200
    return json.loads(response.content)["results"]


@pytest.fixture
def registry():
    police = [OrganisationFactory(name=f"Police Command {n}", sector="police", level="regional") for n in range(60)]
    police[1].mandate_areas.set(MandateArea.objects.all()[:2])
    police[2].vulnerable_groups.set(VulnerableGroup.objects.all()[:3])
    police[3].confidentiality = "restricted"
    police[3].save()
    AssessmentFactory(stakeholder=police[4], stance="spoiler")
    OrganisationFactory(name="Ministry of Mines", sector="ministry", level="national")
    for n, stakeholder in enumerate(police[:55]):
        EngagementFactory(title=f"Meeting {n}", kind="meeting", stakeholders=[stakeholder, PersonFactory()])
    EngagementFactory(title="Workshop", kind="workshop")
    restricted = EngagementFactory(title="Restricted meeting", kind="meeting")
    restricted.confidentiality = "restricted"
    restricted.save()
    return police


def test_stakeholder_baseline_sends_the_api_rows(api_client_for, rf, registry):
    params = {"sector": "police", "level": "regional"}
    api = api_client_for(Role.INTEGRATION).get("/api/v1/stakeholders/", params).json()["results"]
    baseline = baseline_rows(views.stakeholder_baseline, rf, **params)
    assert len(api) == 50
    assert [row["id"] for row in baseline] == [row["id"] for row in api]
    for api_row, baseline_row in zip(api, baseline, strict=True):
        assert_same(api_row, baseline_row, str(api_row["id"]))


def test_baseline_pages_like_the_api_cursor(api_client_for, rf, registry):
    after = registry[30].pk
    cursor = base64.b64encode(f"p={after}".encode()).decode()
    api = api_client_for(Role.INTEGRATION).get("/api/v1/stakeholders/", {"sector": "police", "cursor": cursor})
    baseline = baseline_rows(views.stakeholder_baseline, rf, sector="police", after=str(after))
    assert [row["id"] for row in baseline] == [row["id"] for row in api.json()["results"]]


def test_engagement_baseline_sends_the_api_rows(api_client_for, rf, registry):
    params = {"kind": "meeting", "occurred_after": "2020-01-01"}
    api = api_client_for(Role.INTEGRATION).get("/api/v1/engagements/", params).json()["results"]
    baseline = baseline_rows(views.engagement_baseline, rf, **params)
    assert len(api) == 50
    assert [row["id"] for row in baseline] == [row["id"] for row in api]
    for api_row, baseline_row in zip(api, baseline, strict=True):
        assert_same(api_row, baseline_row, str(api_row["id"]))
