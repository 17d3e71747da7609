"""Who reaches what: anonymous sees only the login page and the health check; roles follow the table."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command

from shrhub.roles import ROLE_PERMISSIONS, Role
from tests.helpers.roles import ANONYMOUS, EVERYONE, PAGE_READERS
from tests.helpers.suites import ApiSuite, PageSuite

from .factories import NationalFactory, RegionFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("url", ["/accounts/login/", "/health/"])
def test_open_to_anonymous(client, url):
    assert client.get(url).status_code == 200


@pytest.mark.parametrize("url", ["/", "/stakeholders/", "/api/v1/docs/", "/admin/", "/accounts/password/"])
def test_everything_else_needs_login(client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert "/login/" in response["Location"]


@pytest.mark.parametrize("url", ["/api/v1/stakeholders/", "/api/v1/schema/", "/api/v1/"])
def test_api_refuses_anonymous_with_401(client, url):
    assert client.get(url).status_code == 401


def test_integration_role_is_api_only(client_for, api_client_for):
    assert client_for(Role.INTEGRATION).get("/").status_code == 403
    assert client_for(Role.INTEGRATION).get("/stakeholders/").status_code == 403
    assert api_client_for(Role.INTEGRATION).get("/api/v1/stakeholders/").status_code == 200
    assert api_client_for(Role.INTEGRATION).post("/api/v1/stakeholders/", {}, format="json").status_code == 403


@pytest.mark.parametrize("role", EVERYONE)
def test_home_page(client_for, role):
    expected = 302 if role == ANONYMOUS else (200 if role in PAGE_READERS else 403)
    assert client_for(role).get("/").status_code == expected


def test_roles_are_groups_with_the_tables_permissions():
    for role in Role.values:
        assert Group.objects.filter(name=role).exists()
    security = Group.objects.get(name=Role.SECURITY)
    codenames = set(security.permissions.values_list("codename", flat=True))
    assert {"add_stakeholder", "change_assessment", "view_adoption"} <= codenames
    assert "add_adoption" not in codenames
    community = set(Group.objects.get(name=Role.COMMUNITY).permissions.values_list("codename", flat=True))
    assert "view_stakeholder" in community
    assert "change_stakeholder" not in community


def test_permissions_resync_after_migrate_undoes_hand_edits():
    security = Group.objects.get(name=Role.SECURITY)
    security.permissions.clear()
    call_command("migrate", verbosity=0)
    assert security.permissions.filter(codename="add_stakeholder").exists()


def test_every_role_has_an_entry_in_the_table():
    assert set(ROLE_PERMISSIONS) == set(Role.values)


def test_login_logout_and_password_change(client, make_user):
    user = make_user(Role.MANAGER, username="morgan")
    response = client.post("/accounts/login/", {"username": "morgan", "password": "wrong"})
    assert response.status_code == 200
    assert response.context["form"].errors
    response = client.post("/accounts/login/", {"username": "morgan", "password": "a-long-test-password-2026"})
    assert response.status_code == 302
    response = client.post(
        "/accounts/password/",
        {"old_password": "a-long-test-password-2026", "new_password1": "short", "new_password2": "short"},
    )
    assert response.status_code == 200
    assert "new_password2" in response.context["form"].errors
    response = client.post(
        "/accounts/password/",
        {
            "old_password": "a-long-test-password-2026",
            "new_password1": "Correct-Horse-2026",
            "new_password2": "Correct-Horse-2026",
        },
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password("Correct-Horse-2026")
    assert client.post("/accounts/logout/").status_code == 302
    assert client.get("/").status_code == 302


class TestJurisdictionPages(PageSuite):
    url_prefix = "shrhub:jurisdiction"
    from shrhub.models import Jurisdiction as model

    readers = PAGE_READERS
    writers = frozenset({Role.MANAGER, Role.ADMINISTRATOR})

    def make_object(self):
        return RegionFactory()

    def valid_form_data(self):
        return {"name": "Eastern Highlands", "code": "east", "level": "regional", "parent": NationalFactory().pk}

    def invalid_form_data(self):
        return {"name": "Nowhere", "code": "nowhere", "level": "local", "parent": NationalFactory().pk}, "parent"


class TestJurisdictionApi(ApiSuite):
    basename = "jurisdiction"
    from shrhub.models import Jurisdiction as model

    readers = frozenset(Role.values)
    writers = frozenset({Role.MANAGER, Role.ADMINISTRATOR})

    def make_object(self):
        return RegionFactory()

    def valid_api_data(self):
        return {"name": "Coast", "code": "coast", "level": "regional", "parent": NationalFactory().pk}

    def invalid_api_data(self):
        return {"name": "Second country", "code": "c2", "level": "national", "parent": NationalFactory().pk}, "parent"
