"""Each reader's current assessment: the latest one *they* may see, everywhere (issue 11, leak 1).

A stakeholder everyone sees was judged three times: internal (oldest), restricted, confidential (newest). Every
reader must be shown, filtered, ordered and counted by the latest of those they may read — never by a newer one
they may not — in pages, lists, filters, orderings, the API and the manager views alike.
"""

from __future__ import annotations

import datetime

import pytest

from shrhub.roles import Role
from stakeholders import services
from stakeholders.models import Stakeholder

from .factories import AssessmentFactory, OrganisationFactory

pytestmark = pytest.mark.django_db

# What each role is shown as current: (stance, influence) of the internal, restricted or confidential one.
INTERNAL, RESTRICTED, CONFIDENTIAL = ("champion", 2), ("sceptic", 3), ("spoiler", 5)
SEEN = {
    Role.SECURITY: RESTRICTED,
    Role.COMMUNITY: INTERNAL,
    Role.MANAGER: RESTRICTED,
    Role.INTEGRATION: INTERNAL,
    Role.ADMINISTRATOR: CONFIDENTIAL,
}
PAGE_ROLES = [role for role in SEEN if role != Role.INTEGRATION]


@pytest.fixture
def judged():
    """The ministry judged three times, and a bureau judged only confidentially."""
    ministry = OrganisationFactory(name="Ministry of Mines")
    for day, level, (stance, influence) in [
        (datetime.date(2025, 1, 10), "internal", INTERNAL),
        (datetime.date(2025, 6, 10), "restricted", RESTRICTED),
        (datetime.date(2026, 1, 10), "confidential", CONFIDENTIAL),
    ]:
        AssessmentFactory(
            stakeholder=ministry, assessed_on=day, confidentiality=level, stance=stance, influence=influence
        )
    bureau = OrganisationFactory(name="Bureau of Permits")
    AssessmentFactory(stakeholder=bureau, confidentiality="confidential", stance="spoiler", influence=5)
    return ministry, bureau


def api_row(client, stakeholder: Stakeholder) -> dict:
    return client.get(f"/api/v1/stakeholders/{stakeholder.pk}/").json()


def api_names(client, **params) -> set[str]:
    response = client.get("/api/v1/stakeholders/", params)
    assert response.status_code == 200, response.content
    return {row["name"] for row in response.json()["results"]}


@pytest.mark.parametrize("role", list(SEEN))
def test_the_api_sends_the_latest_assessment_the_reader_may_see(api_client_for, judged, role):
    ministry, bureau = judged
    client = api_client_for(role)
    stance, influence = SEEN[role]
    current = api_row(client, ministry)["current_assessment"]
    assert current["influence"] == influence
    assert current.get("stance", stance) == stance  # roles without the stance right get no stance at all
    assert (api_row(client, bureau)["current_assessment"] is None) == (role != Role.ADMINISTRATOR)


@pytest.mark.parametrize("role", list(SEEN))
def test_filters_answer_for_the_readers_current_assessment(api_client_for, judged, role):
    ministry, bureau = judged
    client = api_client_for(role)
    _, influence = SEEN[role]
    assert (ministry.name in api_names(client, influence_min=5)) == (influence == 5)
    assert (ministry.name in api_names(client, influence_min=2)) is True
    assert (bureau.name in api_names(client, assessed="true")) == (role == Role.ADMINISTRATOR)
    assert (bureau.name in api_names(client, assessed="false")) == (role != Role.ADMINISTRATOR)


@pytest.mark.parametrize("role", [Role.SECURITY, Role.MANAGER, Role.ADMINISTRATOR])
def test_stance_filter_answers_for_the_readers_current_assessment(api_client_for, judged, role):
    ministry, _ = judged
    client = api_client_for(role)
    stance, _ = SEEN[role]
    for value in ("champion", "sceptic", "spoiler"):
        assert (ministry.name in api_names(client, stance=value)) == (value == stance), value


@pytest.mark.parametrize("role", PAGE_ROLES)
def test_pages_show_filter_and_order_by_the_readers_current_assessment(client_for, judged, role):
    ministry, bureau = judged
    client = client_for(role)
    _, influence = SEEN[role]
    detail = client.get(ministry.get_absolute_url()).content.decode()
    assert ("Spoiler" in detail) == (role == Role.ADMINISTRATOR)
    strong = client.get("/stakeholders/", {"influence_min": 5}).content.decode()
    assert (ministry.name in strong) == (influence == 5)
    # Ordered by influence, the ministry (2, 3 or 5) and the bureau (5, or not assessed) fall in the reader's order.
    html = client.get("/stakeholders/", {"ordering": "-influence"}).content.decode()
    first = html.index(ministry.name) < html.index(bureau.name)
    assert first == (role != Role.ADMINISTRATOR)


def test_a_user_named_on_the_newest_assessment_sees_it(api_client_for, client_for, users, judged):
    ministry, _ = judged
    newest = ministry.assessments.get(confidentiality="confidential")
    newest.cleared_users.add(users[Role.COMMUNITY])
    current = api_row(api_client_for(Role.COMMUNITY), ministry)["current_assessment"]
    assert current["id"] == newest.pk
    assert ministry.name in api_names(api_client_for(Role.COMMUNITY), influence_min=5)


@pytest.mark.parametrize("role", [Role.MANAGER, Role.ADMINISTRATOR])
def test_the_map_and_the_registry_agree(api_client_for, judged, role):
    """The manager views place each stakeholder by the same current assessment as the registry."""
    ministry, bureau = judged
    figure = api_client_for(role).get("/api/v1/insights/map/").json()
    points = {point["actor"]["name"]: point for point in figure["points"]}
    assert (points[ministry.name]["stance"], points[ministry.name]["influence"]) == SEEN[role]
    assert (bureau.name in points) == (role == Role.ADMINISTRATOR)


def test_services_keep_one_pointer_per_tier(users):
    actor = users[Role.ADMINISTRATOR]
    ministry = OrganisationFactory()
    old = AssessmentFactory(stakeholder=ministry, assessed_on=datetime.date(2025, 1, 1))
    secret = services.assessment_create(
        actor=actor,
        stakeholder=ministry,
        assessed_on=datetime.date(2026, 1, 1),
        stance="spoiler",
        influence=5,
        interest=1,
        confidentiality="confidential",
        sources=list(old.sources.all()),
    )
    ministry.refresh_from_db()
    assert ministry.current_internal_assessment == old
    assert ministry.current_restricted_assessment == old
    assert ministry.current_confidential_assessment == secret
    services.assessment_update(actor=actor, instance=secret, confidentiality="restricted", expected_version=None)
    ministry.refresh_from_db()
    assert (ministry.current_internal_assessment, ministry.current_restricted_assessment) == (old, secret)
    services.assessment_delete(actor=actor, instance=old)
    ministry.refresh_from_db()
    assert ministry.current_internal_assessment is None
    assert ministry.current_confidential_assessment == secret
