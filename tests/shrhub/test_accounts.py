"""Accounts in the admin: administrators change a user's details and roles only through the role table, never
superuser status, raw permissions or role groups' permissions; every account and role change is audited with
who made it, and administrators can read that history."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.urls import reverse

from shrhub.audit import history_entries
from shrhub.roles import Role
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db

User = get_user_model()


def _change_url(user) -> str:
    return reverse("admin:auth_user_change", args=[user.pk])


def _account_form(user, **changes) -> dict:
    data = {
        "username": user.username,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "email": user.email,
        "is_active": "on" if user.is_active else "",
        "roles": [g.name for g in user.groups.all()],
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v != ""}


def test_administrator_cannot_make_anyone_superuser_or_grant_raw_permissions(client_for, users, make_user):
    admin_user = users[Role.ADMINISTRATOR]
    target = make_user(Role.SECURITY, username="sam")
    permission = Permission.objects.get(codename="view_confidential")
    other_group = Group.objects.create(name="raw-permissions")
    client = client_for(Role.ADMINISTRATOR)
    for user in (target, admin_user):
        posted = _account_form(
            user,
            is_superuser="on",
            is_staff="on",
            user_permissions=[permission.pk],
            groups=[other_group.pk],
            # what Django's stock user form also asks for, so that the post is complete for any form
            date_joined_0=user.date_joined.strftime("%Y-%m-%d"),
            date_joined_1=user.date_joined.strftime("%H:%M:%S"),
        )
        response = client.post(_change_url(user), posted)
        assert response.status_code == 302, response.content.decode()[:2000]
        user.refresh_from_db()
        assert not user.is_superuser
        assert not user.user_permissions.exists()
        assert not user.groups.filter(pk=other_group.pk).exists()
    target.refresh_from_db()
    assert not target.is_staff  # staff follows the administrator role, not a checkbox


def test_the_account_form_offers_roles_only(client_for, users):
    html = client_for(Role.ADMINISTRATOR).get(_change_url(users[Role.MANAGER])).content.decode()
    assert 'name="roles"' in html
    for raw in ('name="is_superuser"', 'name="user_permissions"', 'name="groups"', 'name="is_staff"'):
        assert raw not in html


def test_roles_change_through_the_role_table_and_staff_follows_the_administrator_role(client_for, make_user):
    target = make_user(Role.SECURITY, username="sam")
    client = client_for(Role.ADMINISTRATOR)
    client.post(_change_url(target), _account_form(target, roles=[Role.MANAGER, Role.ADMINISTRATOR]))
    target.refresh_from_db()
    assert set(target.groups.values_list("name", flat=True)) == {Role.MANAGER, Role.ADMINISTRATOR}
    assert target.is_staff
    client.post(_change_url(target), _account_form(target, roles=[Role.MANAGER]))
    target.refresh_from_db()
    assert set(target.groups.values_list("name", flat=True)) == {Role.MANAGER}
    assert not target.is_staff


def test_a_role_that_is_not_in_the_table_is_refused(client_for, make_user):
    target = make_user(Role.SECURITY, username="sam")
    response = client_for(Role.ADMINISTRATOR).post(_change_url(target), _account_form(target, roles=["superuser"]))
    assert response.status_code == 200  # the form again, with an error
    assert list(target.groups.values_list("name", flat=True)) == [Role.SECURITY]


def test_role_groups_permissions_cannot_be_edited_in_the_admin(client_for):
    group = Group.objects.get(name=Role.COMMUNITY)
    before = set(group.permissions.values_list("pk", flat=True))
    every = list(Permission.objects.values_list("pk", flat=True))
    client = client_for(Role.ADMINISTRATOR)
    url = reverse("admin:auth_group_change", args=[group.pk])
    assert client.post(url, {"name": group.name, "permissions": every}).status_code == 403
    assert client.post(reverse("admin:auth_group_add"), {"name": "x", "permissions": every}).status_code == 403
    assert set(group.permissions.values_list("pk", flat=True)) == before
    assert not Group.objects.filter(name="x").exists()
    assert client.get(url).status_code == 200  # read-only view of what the role grants


def test_an_administrator_cannot_change_a_superuser_or_their_password(client_for):
    root = User.objects.create_superuser(username="root", password=PASSWORD)
    client = client_for(Role.ADMINISTRATOR)
    response = client.post(_change_url(root), _account_form(root, first_name="Mallory", is_active=""))
    assert response.status_code == 403
    password_url = reverse("admin:auth_user_password_change", args=[root.pk])
    response = client.post(password_url, {"password1": "new-password-2026!", "password2": "new-password-2026!"})
    assert response.status_code == 403
    root.refresh_from_db()
    assert root.is_active and root.check_password(PASSWORD)


def test_history_cannot_be_reverted_into_a_superuser(client_for, make_user):
    target = make_user(Role.SECURITY, username="sam")
    target.is_superuser = True
    target.save()
    target.is_superuser = False
    target.save()
    was_superuser = target.history.filter(is_superuser=True).get()
    url = reverse("admin:auth_user_simple_history", args=[target.pk, was_superuser.history_id])
    response = client_for(Role.ADMINISTRATOR).post(url, _account_form(target))
    assert response.status_code == 403
    target.refresh_from_db()
    assert not target.is_superuser


def test_role_changes_are_audited_with_the_actor_and_shown_to_administrators(client_for, users, make_user):
    admin_user = users[Role.ADMINISTRATOR]
    admin_user.first_name, admin_user.last_name = "Alex", "Admin"
    admin_user.save()
    target = make_user(Role.SECURITY, username="sam")
    client = client_for(Role.ADMINISTRATOR)
    client.post(_change_url(target), _account_form(target, roles=[Role.MANAGER]))
    client.post(_change_url(target), _account_form(target, roles=[Role.MANAGER], is_active=""))

    entries = history_entries(target)
    role_change = next(e for e in entries if any(c.field == "groups" for c in e.changes))
    assert role_change.user_id == admin_user.pk
    groups = next(c for c in role_change.changes if c.field == "groups")
    assert Role.MANAGER in str(groups.new) and Role.SECURITY not in str(groups.new)
    deactivation = next(e for e in entries if any(c.field == "is_active" for c in e.changes))
    assert deactivation.user_id == admin_user.pk

    page = client.get(reverse("admin:auth_user_history", args=[target.pk]))
    assert page.status_code == 200
    # the admin's own history page names the actor as the admin does everywhere: their login, linked to the account
    actor = reverse("admin:auth_user_change", args=[admin_user.pk])
    assert f'<a href="{actor}">{admin_user.username}</a>' in page.content.decode()


def test_accounts_created_in_the_admin_are_audited_with_the_actor(client_for, users):
    client = client_for(Role.ADMINISTRATOR)
    response = client.post(
        reverse("admin:auth_user_add"),
        {"username": "newcomer", "usable_password": "true", "password1": PASSWORD, "password2": PASSWORD},
    )
    assert response.status_code == 302
    created = User.objects.get(username="newcomer").history.get(history_type="+")
    assert created.history_user_id == users[Role.ADMINISTRATOR].pk
    assert not hasattr(created, "password")  # the hash is never copied into history


def test_roles_given_from_the_group_side_are_audited_too(make_user):
    target = make_user(None, username="sam")
    Group.objects.get(name=Role.MANAGER).user_set.add(target)
    assert any(c.field == "groups" for e in history_entries(target) for c in e.changes)


def test_logging_in_is_not_an_account_change(client, make_user):
    make_user(Role.MANAGER, username="morgan")
    user = User.objects.get(username="morgan")
    before = user.history.count()
    assert client.post("/accounts/login/", {"username": "morgan", "password": PASSWORD}).status_code == 302
    assert user.history.count() == before


def test_administrators_find_users_and_roles_in_the_menu(client_for):
    url = reverse("admin:auth_user_changelist")
    assert url in client_for(Role.ADMINISTRATOR).get("/").content.decode()
    assert url not in client_for(Role.MANAGER).get("/").content.decode()
