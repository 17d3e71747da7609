"""Confidentiality: restricted and confidential records, named users, and restricted fields (stance labels and
contact details) that roles without the right never receive — in HTML, JSON, filters, ordering or history."""

from __future__ import annotations

import pytest

from shrhub.roles import Role
from stakeholders import services

from .factories import AssessmentFactory, EngagementFactory, OrganisationFactory, PersonFactory, RelationshipFactory

pytestmark = pytest.mark.django_db

REGISTRY_WRITERS = {Role.SECURITY, Role.ADMINISTRATOR}

# role → may see (internal, restricted, confidential)
LEVELS = {
    Role.SECURITY: (True, True, False),
    Role.COMMUNITY: (True, False, False),
    Role.MANAGER: (True, True, False),
    Role.INTEGRATION: (True, False, False),
    Role.ADMINISTRATOR: (True, True, True),
}


@pytest.fixture
def records():
    return {
        level: OrganisationFactory(name=f"{level.title()} Office", confidentiality=level)
        for level in ("internal", "restricted", "confidential")
    }


@pytest.mark.parametrize("role", list(LEVELS))
def test_api_lists_and_details_follow_the_levels(api_client_for, records, role):
    client = api_client_for(role)
    listed = {row["name"] for row in client.get("/api/v1/stakeholders/").json()["results"]}
    for (level, record), allowed in zip(records.items(), LEVELS[role], strict=True):
        assert (record.name in listed) == allowed, (role, level)
        detail = client.get(f"/api/v1/stakeholders/{record.pk}/")
        history = client.get(f"/api/v1/stakeholders/{record.pk}/history/")
        assert detail.status_code == (200 if allowed else 404)
        assert history.status_code == (200 if allowed else 404)


@pytest.mark.parametrize("role", [r for r in LEVELS if r != Role.INTEGRATION])
def test_pages_follow_the_levels(client_for, records, role):
    client = client_for(role)
    html = client.get("/stakeholders/").content.decode()
    search = client.get("/stakeholders/", {"q": "office"}).content.decode()
    for (level, record), allowed in zip(records.items(), LEVELS[role], strict=True):
        assert (record.name in html) == allowed, (role, level)
        assert (record.name in search) == allowed, (role, level)
        assert client.get(record.get_absolute_url()).status_code == (200 if allowed else 404)
        assert client.get(f"/stakeholders/{record.pk}/history/").status_code == (200 if allowed else 404)
        # a role that may not edit the registry is refused (403) whatever the level: the refusal says nothing of the
        # record; one that may edit it gets the form for what it sees and a 404 for what it does not
        edit = (200 if allowed else 404) if role in REGISTRY_WRITERS else 403
        assert client.get(f"/stakeholders/{record.pk}/edit/").status_code == edit, (role, level)


def test_named_users_see_confidential_records(api_client_for, users, records):
    records["confidential"].cleared_users.add(users[Role.COMMUNITY])
    client = api_client_for(Role.COMMUNITY)
    assert client.get(f"/api/v1/stakeholders/{records['confidential'].pk}/").status_code == 200
    assert client.get(f"/api/v1/stakeholders/{records['restricted'].pk}/").status_code == 404


def test_assessments_and_relationships_of_hidden_stakeholders_are_hidden(api_client_for, records):
    secret = records["confidential"]
    assessment = AssessmentFactory(stakeholder=secret)
    relationship = RelationshipFactory(source=records["internal"], target=secret)
    client = api_client_for(Role.SECURITY)
    assert client.get(f"/api/v1/assessments/{assessment.pk}/").status_code == 404
    assert client.get(f"/api/v1/relationships/{relationship.pk}/").status_code == 404
    assert client.get("/api/v1/assessments/").json()["results"] == []
    assert client.get("/api/v1/relationships/").json()["results"] == []


def test_hidden_records_cannot_be_referenced_in_writes(api_client_for, records):
    response = api_client_for(Role.SECURITY).post(
        "/api/v1/relationships/",
        {"source": records["internal"].pk, "target": records["confidential"].pk, "kind": "influences"},
        format="json",
    )
    assert response.status_code == 400
    assert "does not exist" in str(response.json()["target"])


def test_engagements_never_name_hidden_stakeholders(client_for, records):
    engagement = EngagementFactory(stakeholders=[records["internal"], records["confidential"]], title="Joint visit")
    html = client_for(Role.SECURITY).get(engagement.get_absolute_url()).content.decode()
    assert "Internal Office" in html
    assert "Confidential Office" not in html


@pytest.mark.parametrize("role", [Role.COMMUNITY, Role.INTEGRATION])
def test_stance_never_reaches_roles_without_the_right(api_client_for, client_for, role):
    stakeholder = OrganisationFactory(name="Regional Command")
    assessment = AssessmentFactory(stakeholder=stakeholder, stance="spoiler")
    services.assessment_update(actor=None, instance=assessment, stance="champion")
    client = api_client_for(role)
    row = client.get(f"/api/v1/stakeholders/{stakeholder.pk}/").json()
    assert "stance" not in row["current_assessment"]
    detail = client.get(f"/api/v1/assessments/{assessment.pk}/").json()
    assert "stance" not in detail
    history = client.get(f"/api/v1/assessments/{assessment.pk}/history/").json()
    assert all(change["field"] != "stance" for entry in history for change in entry["changes"])
    assert client.get("/api/v1/stakeholders/", {"stance": "spoiler"}).status_code == 400
    assert client.get("/api/v1/assessments/", {"ordering": "stance"}).status_code == 400
    assert client.get("/api/v1/assessments/", {"ordering": "-influence"}).status_code == 200
    if role == Role.COMMUNITY:
        pages = client_for(role)
        for url in [
            "/stakeholders/",
            stakeholder.get_absolute_url(),
            "/assessments/",
            assessment.get_absolute_url(),
            f"/assessments/{assessment.pk}/history/",
        ]:
            html = pages.get(url).content.decode()
            assert "stance-" not in html, url
            assert "Champion" not in html
            assert "Spoiler" not in html


def test_stance_reaches_security_staff(api_client_for, client_for):
    stakeholder = OrganisationFactory()
    AssessmentFactory(stakeholder=stakeholder, stance="spoiler")
    assert (
        api_client_for(Role.SECURITY)
        .get(f"/api/v1/stakeholders/{stakeholder.pk}/")
        .json()["current_assessment"]["stance"]
        == "spoiler"
    )
    assert "stance-spoiler" in client_for(Role.SECURITY).get(stakeholder.get_absolute_url()).content.decode()


def test_contact_details_only_for_roles_with_the_right(api_client_for, client_for):
    person = PersonFactory(email="n.okello@example.org", phone="+000 111")
    assert "email" not in api_client_for(Role.INTEGRATION).get(f"/api/v1/stakeholders/{person.pk}/").json()
    assert api_client_for(Role.COMMUNITY).get(f"/api/v1/stakeholders/{person.pk}/").json()["email"] == (
        "n.okello@example.org"
    )
    assert "n.okello@example.org" in client_for(Role.COMMUNITY).get(person.get_absolute_url()).content.decode()


def test_author_stays_named_on_a_record_raised_above_their_role(make_user):
    author = make_user(Role.SECURITY)
    stakeholder = OrganisationFactory()
    services.stakeholder_update(actor=author, instance=stakeholder, confidentiality="confidential")
    assert author in stakeholder.cleared_users.all()
    from stakeholders.selectors import stakeholder_list

    assert stakeholder_list(user=author).filter(pk=stakeholder.pk).exists()
