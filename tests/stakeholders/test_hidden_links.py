"""Records that point at hidden ones (issue 11, leaks 2, 3 and 8): offices and tenures hide with their
organisation and holder; a visible child never names its hidden parent; an edit keeps every link its author
cannot see."""

from __future__ import annotations

import pytest

from shrhub.roles import Role
from stakeholders.forms import StakeholderForm
from stakeholders.models import Engagement, Stakeholder

from .factories import EngagementFactory, OrganisationFactory, PersonFactory, PositionFactory, TenureFactory

pytestmark = pytest.mark.django_db

NOT_CONFIDENTIAL = [Role.SECURITY, Role.COMMUNITY, Role.MANAGER, Role.INTEGRATION]


@pytest.fixture
def offices():
    """A secret service with an office held by a visible person; a visible ministry whose office a secret
    informant holds."""
    service = OrganisationFactory(name="Secret Service Directorate", confidentiality="confidential")
    secret_office = PositionFactory(organisation=service, title="Director of Secret Operations")
    visible_holder = PersonFactory(name="Ana Visible")
    secret_tenure = TenureFactory(position=secret_office, holder=visible_holder)
    ministry = OrganisationFactory(name="Ministry of Mines")
    office = PositionFactory(organisation=ministry, title="Provincial Commander")
    informant = PersonFactory(name="Zed Informant", confidentiality="confidential")
    hidden_tenure = TenureFactory(position=office, holder=informant)
    return {"office": secret_office, "tenure": secret_tenure, "ministry": ministry, "hidden": hidden_tenure}


@pytest.mark.parametrize("role", NOT_CONFIDENTIAL)
def test_offices_and_tenures_hide_with_their_organisation_and_holder(api_client_for, offices, role):
    client = api_client_for(role)
    assert client.get("/api/v1/positions/", {"q": "Secret"}).json()["results"] == []
    assert client.get(f"/api/v1/positions/{offices['office'].pk}/").status_code == 404
    assert client.get(f"/api/v1/tenures/{offices['tenure'].pk}/").status_code == 404
    assert client.get(f"/api/v1/tenures/{offices['hidden'].pk}/").status_code == 404
    tenures = client.get("/api/v1/tenures/").content.decode()
    assert "Informant" not in tenures and str(offices["hidden"].pk) not in [
        str(row["id"]) for row in client.get("/api/v1/tenures/").json()["results"]
    ]
    positions = client.get("/api/v1/positions/").content.decode()
    assert "Zed Informant" not in positions and "Secret" not in positions


@pytest.mark.parametrize("role", [r for r in NOT_CONFIDENTIAL if r != Role.INTEGRATION])
def test_pages_never_name_a_hidden_holder_or_office(client_for, offices, role):
    client = client_for(role)
    ministry = client.get(offices["ministry"].get_absolute_url()).content.decode()
    assert "Zed Informant" not in ministry
    for url in ("/stakeholders/positions/", "/stakeholders/tenures/", "/stakeholders/positions/?q=Secret"):
        html = client.get(url).content.decode()
        assert "Secret Operations" not in html and "Zed Informant" not in html, url


def test_administrators_still_see_them(api_client_for, offices):
    client = api_client_for(Role.ADMINISTRATOR)
    assert client.get(f"/api/v1/tenures/{offices['hidden'].pk}/").status_code == 200
    assert client.get(f"/api/v1/positions/{offices['office'].pk}/").status_code == 200


@pytest.fixture
def family():
    parent = OrganisationFactory(name="Hidden Intelligence Board", confidentiality="confidential")
    child = OrganisationFactory(name="Regional Liaison Office", parent=parent, level="regional")
    return parent, child


@pytest.mark.parametrize("role", NOT_CONFIDENTIAL)
def test_a_visible_child_never_names_its_hidden_parent(api_client_for, client_for, family, role):
    parent, child = family
    row = api_client_for(role).get(f"/api/v1/stakeholders/{child.pk}/").json()
    assert row["parent"] is None
    listed = api_client_for(role).get("/api/v1/stakeholders/").json()["results"]
    assert all(item["parent"] != parent.pk for item in listed)
    if role != Role.INTEGRATION:
        for url in (child.get_absolute_url(), "/stakeholders/"):
            assert parent.name not in client_for(role).get(url).content.decode(), url


def test_the_parent_shows_to_those_who_may_see_it(api_client_for, client_for, family):
    parent, child = family
    assert api_client_for(Role.ADMINISTRATOR).get(f"/api/v1/stakeholders/{child.pk}/").json()["parent"] == parent.pk
    assert parent.name in client_for(Role.ADMINISTRATOR).get(child.get_absolute_url()).content.decode()


def form_data(form) -> dict:
    data = {}
    for name in form.fields:
        value = form[name].value()
        if value is None:
            continue
        data[name] = [str(v) for v in value] if isinstance(value, list | tuple) else value
    return data


def test_saving_a_child_page_form_keeps_its_hidden_parent(client_for, users, family):
    parent, child = family
    editor = users[Role.SECURITY]
    form = StakeholderForm(instance=Stakeholder.objects.visible_to(editor).get(pk=child.pk), user=editor)
    assert "parent" not in form.fields and form.kept_hidden
    response = client_for(Role.SECURITY).post(f"/stakeholders/{child.pk}/edit/", form_data(form))
    assert response.status_code == 302, response.content.decode()[:2000]
    child.refresh_from_db()
    assert child.parent_id == parent.pk
    assert child.version == 2


def test_an_api_write_of_null_keeps_the_hidden_parent(api_client_for, family):
    parent, child = family
    client = api_client_for(Role.SECURITY)
    etag = client.get(f"/api/v1/stakeholders/{child.pk}/")["ETag"]
    response = client.patch(
        f"/api/v1/stakeholders/{child.pk}/",
        {"parent": None, "name": "Liaison Office"},
        format="json",
        HTTP_IF_MATCH=etag,
    )
    assert response.status_code == 200, response.content
    child.refresh_from_db()
    assert (child.parent_id, child.name) == (parent.pk, "Liaison Office")


def test_an_engagement_edit_keeps_its_hidden_participants(api_client_for):
    seen, hidden = OrganisationFactory(name="Seen Ministry"), OrganisationFactory(confidentiality="confidential")
    engagement = EngagementFactory(stakeholders=[seen, hidden])
    client = api_client_for(Role.SECURITY)
    row = client.get(f"/api/v1/engagements/{engagement.pk}/")
    assert row.json()["stakeholders"] == [seen.pk]
    response = client.patch(
        f"/api/v1/engagements/{engagement.pk}/", {"stakeholders": [seen.pk]}, format="json", HTTP_IF_MATCH=row["ETag"]
    )
    assert response.status_code == 200, response.content
    assert set(Engagement.objects.get(pk=engagement.pk).stakeholders.values_list("pk", flat=True)) == {
        seen.pk,
        hidden.pk,
    }
