"""Every request body the API cannot read answers 400 with a message, never 500: malformed or too deeply nested
JSON (``shrhub.drf.JSONParser``), on every write method and every endpoint that takes a body."""

from __future__ import annotations

import pytest

from shrhub.drf import MAX_JSON_DEPTH
from shrhub.roles import Role
from tests.helpers.suites import if_match
from tests.stakeholders.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def nested(depth: int, opener: str = "[", closer: str = "]") -> str:
    return '{"name": ' + opener * depth + closer * depth + "}"


@pytest.mark.parametrize("depth", [1_000, 100_000])
def test_deeply_nested_json_answers_400_with_a_message(api_client_for, depth):
    response = api_client_for(Role.SECURITY).generic(
        "POST", "/api/v1/stakeholders/", nested(depth), content_type="application/json"
    )
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert "nests arrays or objects more than" in response.json()["detail"]


@pytest.mark.parametrize("depth", [1_000, 100_000])
def test_deeply_nested_objects_in_an_update_answer_400(api_client_for, depth):
    organisation = OrganisationFactory()
    client, url = api_client_for(Role.SECURITY), f"/api/v1/stakeholders/{organisation.pk}/"
    body = '{"name": ' + '{"a": ' * depth + "1" + "}" * depth + "}"
    response = client.generic("PATCH", url, body, content_type="application/json", **if_match(client, url))
    assert response.status_code == 400
    assert "detail" in response.json()
    organisation.refresh_from_db()
    assert organisation.version == 1


def test_nesting_up_to_the_limit_reaches_the_fields(api_client_for):
    """Within the limit the body is read and the field says what is wrong with it (a list is not a name)."""
    response = api_client_for(Role.SECURITY).generic(
        "POST", "/api/v1/stakeholders/", nested(MAX_JSON_DEPTH - 1), content_type="application/json"
    )
    assert response.status_code == 400
    assert "name" in response.json()


def test_a_multipart_body_without_a_readable_part_answers_400_and_changes_nothing(api_client_for):
    """Django's multipart parser skips what it cannot read: without the check, a garbled body was an empty edit."""
    organisation = OrganisationFactory()
    client, url = api_client_for(Role.SECURITY), f"/api/v1/stakeholders/{organisation.pk}/"
    boundary = "0d37f771f3609e9baf6be26654101f5f"
    body = f"--{boundary}\r\nTrue--{boundary}--\r\n"
    response = client.generic(
        "PATCH", url, body, content_type=f"multipart/form-data; boundary={boundary}", **if_match(client, url)
    )
    assert response.status_code == 400
    assert "no readable part" in response.json()["detail"]
    organisation.refresh_from_db()
    assert organisation.version == 1


def test_a_readable_multipart_body_still_reaches_the_fields(api_client_for):
    organisation = OrganisationFactory()
    client, url = api_client_for(Role.SECURITY), f"/api/v1/stakeholders/{organisation.pk}/"
    response = client.patch(url, {"name": "Renamed Ministry"}, format="multipart", **if_match(client, url))
    assert response.status_code == 200, response.content
    organisation.refresh_from_db()
    assert organisation.name == "Renamed Ministry"
