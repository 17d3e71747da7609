"""Roles as groups with the role table's permissions, the login flow, and the jurisdiction pages and API.

Who reaches which route (anonymous, every role) is proved once, by the route table in tests/test_route_access.py.
"""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command

from shrhub.models import Jurisdiction
from shrhub.roles import ROLE_PERMISSIONS, Role
from tests.helpers.suites import ApiSuite, PageSuite

from .factories import NationalFactory, RegionFactory

pytestmark = pytest.mark.django_db


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


class JurisdictionData:
    """What the jurisdiction page and API suites share."""

    model = Jurisdiction
    writers = frozenset({Role.MANAGER, Role.ADMINISTRATOR})

    def make_object(self):
        return RegionFactory()


class TestJurisdictionPages(JurisdictionData, PageSuite):
    url_prefix = "shrhub:jurisdiction"

    def valid_form_data(self):
        return {"name": "Eastern Highlands", "code": "east", "level": "regional", "parent": NationalFactory().pk}

    def invalid_form_data(self):
        return {"name": "Nowhere", "code": "nowhere", "level": "local", "parent": NationalFactory().pk}, "parent"


class TestJurisdictionApi(JurisdictionData, ApiSuite):
    basename = "jurisdiction"

    def valid_api_data(self):
        return {"name": "Coast", "code": "coast", "level": "regional", "parent": NationalFactory().pk}

    def invalid_api_data(self):
        return {"name": "Second country", "code": "c2", "level": "national", "parent": NationalFactory().pk}, "parent"
