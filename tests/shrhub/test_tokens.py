"""Integration tokens: hashed at rest, expiring, revocable, read-only unless granted, last use recorded."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from shrhub.models import ApiToken
from shrhub.roles import Role
from shrhub.tokens import issue_token
from tests.helpers.roles import ANONYMOUS, EVERYONE

pytestmark = pytest.mark.django_db


def client_with(key: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


def test_only_a_hash_is_stored(make_user):
    token, key = issue_token(user=make_user(Role.INTEGRATION), name="GIS sync")
    secret = key.split("_", 2)[2]
    stored = ApiToken.objects.filter(pk=token.pk).values_list("prefix", "key_hash").get()
    assert secret not in "".join(stored)
    assert len(stored[1]) == 64


def test_token_reads_and_records_last_use(make_user):
    token, key = issue_token(user=make_user(Role.INTEGRATION), name="sync")
    assert client_with(key).get("/api/v1/stakeholders/").status_code == 200
    token.refresh_from_db()
    assert token.last_used_at is not None


def test_read_only_token_cannot_write_even_for_a_writing_role(make_user):
    _, key = issue_token(user=make_user(Role.SECURITY), name="read only")
    response = client_with(key).post("/api/v1/relationships/", {}, format="json")
    assert response.status_code == 403


def test_write_token_writes_within_the_role(make_user):
    _, key = issue_token(user=make_user(Role.SECURITY), name="writer", can_write=True)
    response = client_with(key).post("/api/v1/relationships/", {}, format="json")
    assert response.status_code == 400  # allowed through, and then the empty body is refused field by field


@pytest.mark.parametrize("state", ["expired", "revoked", "wrong-secret", "garbage"])
def test_unusable_tokens_answer_401(make_user, state):
    token, key = issue_token(user=make_user(Role.INTEGRATION), name="sync")
    if state == "expired":
        ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - datetime.timedelta(seconds=1))
    elif state == "revoked":
        ApiToken.objects.filter(pk=token.pk).update(revoked_at=timezone.now())
    elif state == "wrong-secret":
        key = key[:-4] + "AAAA"
    else:
        key = "not-a-token"
    response = client_with(key).get("/api/v1/stakeholders/")
    assert response.status_code == 401


def test_inactive_user_token_answers_401(make_user):
    user = make_user(Role.INTEGRATION)
    _, key = issue_token(user=user, name="sync")
    user.is_active = False
    user.save()
    assert client_with(key).get("/api/v1/stakeholders/").status_code == 401


@pytest.mark.parametrize("role", EVERYONE)
def test_token_page_is_for_administrators(client_for, role):
    response = client_for(role).get("/accounts/tokens/")
    expected = 302 if role == ANONYMOUS else (200 if role == Role.ADMINISTRATOR else 403)
    assert response.status_code == expected


def test_issue_shows_key_once_then_revoke(client_for, make_user):
    integration = make_user(Role.INTEGRATION)
    client = client_for(Role.ADMINISTRATOR)
    response = client.post("/accounts/tokens/", {"user": integration.pk, "name": "Sync", "days": 30})
    assert response.status_code == 200
    key = response.context["raw_key"]
    assert key.startswith("shr_")
    assert key not in client.get("/accounts/tokens/").content.decode()
    assert client_with(key).get("/api/v1/stakeholders/").status_code == 200
    token = ApiToken.objects.get(name="Sync")
    assert client.post(f"/accounts/tokens/{token.pk}/revoke/").status_code == 302
    assert client_with(key).get("/api/v1/stakeholders/").status_code == 401


def test_issue_form_rejects_bad_input(client_for):
    response = client_for(Role.ADMINISTRATOR).post("/accounts/tokens/", {"user": "", "name": "", "days": 0})
    assert response.status_code == 400
    assert {"user", "name", "days"} <= set(response.context["form"].errors)
    assert not ApiToken.objects.exists()


def test_revoke_needs_post_and_permission(client_for, make_user):
    token, _ = issue_token(user=make_user(Role.INTEGRATION), name="sync")
    assert client_for(Role.ADMINISTRATOR).get(f"/accounts/tokens/{token.pk}/revoke/").status_code == 405
    assert client_for(Role.MANAGER).post(f"/accounts/tokens/{token.pk}/revoke/").status_code == 403
    token.refresh_from_db()
    assert token.revoked_at is None
