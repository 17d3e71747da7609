"""Refusals say that something hidden is in the way, never what: a delete blocked by records the user may not
see, a duplicate of a hidden record, an overlap with a hidden holder's tenure or a hidden meeting's attendance.
Pages and the API alike."""

from __future__ import annotations

import datetime

import pytest

from shrhub.models import HIDDEN_OBSTACLE
from shrhub.roles import Role
from stakeholders.models import Relationship
from tests.helpers.suites import if_match
from tests.stakeholders.factories import (
    OrganisationFactory,
    PersonFactory,
    PositionFactory,
    RelationshipFactory,
    TenureFactory,
)
from tests.workinggroups.factories import AttendanceFactory, HeldMeetingFactory, MembershipFactory

pytestmark = pytest.mark.django_db

HIDDEN_OBSTACLE = str(HIDDEN_OBSTACLE)  # a lazy translation: the text as the tests read it (English)

SECRET = "Zebra Secret Bureau"


@pytest.fixture
def parent_with_children():
    parent = OrganisationFactory(name="Ministry of the Interior")
    OrganisationFactory(name="Open Regional Office", parent=parent, level="regional")
    OrganisationFactory(name=SECRET, parent=parent, level="regional", confidentiality="confidential")
    OrganisationFactory(name="Second Hidden Office", parent=parent, level="regional", confidentiality="confidential")
    return parent


# Deletes blocked by other records -------------------------------------------------------------------------


def test_delete_page_names_only_the_blocking_records_the_user_may_see(client_for, parent_with_children):
    response = client_for(Role.SECURITY).post(f"/stakeholders/{parent_with_children.pk}/delete/")
    html = response.content.decode()
    assert response.status_code == 409
    assert "Open Regional Office" in html
    assert SECRET not in html and "Second Hidden Office" not in html
    assert "other records you cannot see" in html
    assert "2 other" not in html  # no count: see ``shrhub.models.describe_blockers``


def test_delete_page_names_every_blocking_record_to_those_who_see_them(client_for, parent_with_children):
    html = client_for(Role.ADMINISTRATOR).post(f"/stakeholders/{parent_with_children.pk}/delete/").content.decode()
    assert SECRET in html and "Open Regional Office" in html
    assert "cannot see" not in html


def test_delete_page_only_hidden_blockers(client_for):
    parent = OrganisationFactory(name="Ministry of Defence")
    OrganisationFactory(name=SECRET, parent=parent, level="regional", confidentiality="confidential")
    response = client_for(Role.SECURITY).post(f"/stakeholders/{parent.pk}/delete/")
    html = response.content.decode()
    assert response.status_code == 409
    assert SECRET not in html
    assert "other records you cannot see" in html


def test_api_delete_conflict_names_only_visible_blockers(api_client_for, parent_with_children):
    response = api_client_for(Role.SECURITY).delete(
        f"/api/v1/stakeholders/{parent_with_children.pk}/", HTTP_IF_MATCH=f'"{parent_with_children.version}"'
    )
    assert response.status_code == 409
    detail = response.json()["detail"]
    assert "Open Regional Office" in detail
    assert SECRET not in detail and "Second Hidden Office" not in detail
    assert "other records you cannot see" in detail


# Duplicates of hidden records -----------------------------------------------------------------------------


@pytest.fixture
def hidden_edge():
    source, target = OrganisationFactory(name="Police Command"), OrganisationFactory(name="Governor's Office")
    RelationshipFactory(source=source, target=target, kind="opposed_to", confidentiality="confidential")
    return source, target


def test_page_refuses_a_duplicate_of_a_hidden_relationship_without_confirming_it(client_for, hidden_edge):
    source, target = hidden_edge
    response = client_for(Role.SECURITY).post(
        "/relationships/add/", {"source": source.pk, "target": target.pk, "kind": "opposed_to"}
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert "already recorded" not in html
    assert HIDDEN_OBSTACLE in html.replace("&#x27;", "'")
    assert Relationship.objects.count() == 1


def test_api_refuses_a_duplicate_of_a_hidden_relationship_without_confirming_it(api_client_for, hidden_edge):
    source, target = hidden_edge
    response = api_client_for(Role.SECURITY).post(
        "/api/v1/relationships/", {"source": source.pk, "target": target.pk, "kind": "opposed_to"}, format="json"
    )
    assert response.status_code == 400
    assert "already recorded" not in response.content.decode()
    assert response.json() == {"non_field_errors": [HIDDEN_OBSTACLE]}


def test_a_visible_duplicate_is_still_named_as_such(client_for, api_client_for, hidden_edge):
    source, target = hidden_edge
    Relationship.objects.update(confidentiality="internal")
    page = client_for(Role.SECURITY).post(
        "/relationships/add/", {"source": source.pk, "target": target.pk, "kind": "opposed_to"}
    )
    assert "This relationship is already recorded." in page.content.decode()
    api = api_client_for(Role.SECURITY).post(
        "/api/v1/relationships/", {"source": source.pk, "target": target.pk, "kind": "opposed_to"}, format="json"
    )
    assert api.json() == {"non_field_errors": ["This relationship is already recorded."]}


# Overlaps with hidden records -----------------------------------------------------------------------------


@pytest.fixture
def office_held_by_a_hidden_person():
    position = PositionFactory(title="Provincial Police Commander")
    secret = PersonFactory(name=SECRET, confidentiality="confidential")
    TenureFactory(
        position=position, holder=secret, started_on=datetime.date(2024, 1, 1), ended_on=datetime.date(2024, 12, 31)
    )
    return position


def test_tenure_overlap_page_does_not_name_a_hidden_holder(client_for, office_held_by_a_hidden_person):
    newcomer = PersonFactory(name="Visible Newcomer")
    response = client_for(Role.SECURITY).post(
        "/tenures/add/",
        {
            "position": office_held_by_a_hidden_person.pk,
            "holder": newcomer.pk,
            "started_on": "2024-06-01",
            "ended_on": "2024-07-01",
        },
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert SECRET not in html
    assert "2024-01-01" not in html and "2024-12-31" not in html
    assert HIDDEN_OBSTACLE in html.replace("&#x27;", "'")


def test_tenure_overlap_api_does_not_name_a_hidden_holder(api_client_for, office_held_by_a_hidden_person):
    response = api_client_for(Role.SECURITY).post(
        "/api/v1/tenures/",
        {
            "position": office_held_by_a_hidden_person.pk,
            "holder": PersonFactory().pk,
            "started_on": "2024-06-01",
            "ended_on": "2024-07-01",
        },
        format="json",
    )
    assert response.status_code == 400
    assert SECRET not in response.content.decode()
    assert response.json() == {"started_on": [HIDDEN_OBSTACLE]}


def test_tenure_overlap_with_a_visible_holder_still_names_them(api_client_for):
    position = PositionFactory()
    TenureFactory(position=position, holder=PersonFactory(name="Known Holder"), started_on=datetime.date(2024, 1, 1))
    response = api_client_for(Role.SECURITY).post(
        "/api/v1/tenures/",
        {"position": position.pk, "holder": PersonFactory().pk, "started_on": "2024-06-01", "ended_on": "2024-07-01"},
        format="json",
    )
    assert "Known Holder" in response.json()["started_on"][0]


def test_membership_dates_do_not_reveal_a_hidden_meeting(api_client_for):
    seat = MembershipFactory(joined_on=datetime.date(2025, 1, 1))
    meeting = HeldMeetingFactory(group=seat.group, confidentiality="confidential")
    AttendanceFactory(meeting=meeting, membership=seat)
    url = f"/api/v1/memberships/{seat.pk}/"
    administrator = api_client_for(Role.ADMINISTRATOR)
    response = administrator.patch(url, {"joined_on": "2026-06-01"}, format="json", **if_match(administrator, url))
    assert response.status_code == 400 and "2026-03-02" in response.content.decode()  # the administrator sees it
    community = api_client_for(Role.COMMUNITY)
    response = community.patch(url, {"joined_on": "2026-06-01"}, format="json", **if_match(community, url))
    assert response.status_code == 400
    assert "2026-03-02" not in response.content.decode()
    assert response.json() == {"joined_on": [HIDDEN_OBSTACLE]}


def test_a_hidden_current_holder_is_not_confirmed_by_the_api(api_client_for):
    position = PositionFactory()
    TenureFactory(position=position, holder=PersonFactory(name=SECRET, confidentiality="confidential"))
    response = api_client_for(Role.SECURITY).post(
        "/api/v1/tenures/",
        {"position": position.pk, "holder": PersonFactory().pk, "started_on": "2025-06-01", "ended_on": None},
        format="json",
    )
    assert response.status_code == 400
    assert "current holder" not in response.content.decode()
    assert HIDDEN_OBSTACLE in str(response.json())
