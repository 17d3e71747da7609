"""Issuing, checking and revoking integration tokens (hashed, expiring, revocable, read-only by default)."""

from __future__ import annotations

import datetime
import hashlib
import hmac
import secrets
from typing import Any

from django.contrib.auth.models import User
from django.http import HttpRequest
from django.utils.translation import gettext as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions
from rest_framework.request import Request

from shrhub import clock
from shrhub.types import AnyUser

from .models import ApiToken, account

KEY_PREFIX = "shr"
LAST_USED_GRANULARITY = datetime.timedelta(minutes=1)


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def issue_token(
    *, user: User, name: str, days: int = 90, can_write: bool = False, created_by: AnyUser | None = None
) -> tuple[ApiToken, str]:
    """Create a token; returns it with the raw key, which is never stored and cannot be shown again."""
    if not 1 <= days <= 366:
        raise ValueError("A token lives between 1 and 366 days.")
    prefix = secrets.token_hex(4)
    secret = secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user,
        name=name,
        prefix=prefix,
        key_hash=_hash(secret),
        can_write=can_write,
        created_by=account(created_by),
        expires_at=clock.now() + datetime.timedelta(days=days),
    )
    return token, f"{KEY_PREFIX}_{prefix}_{secret}"


def revoke_token(token: ApiToken) -> None:
    if token.revoked_at is None:
        token.revoked_at = clock.now()
        token.save(update_fields=["revoked_at"])


def find_token(raw: str) -> ApiToken | None:
    """The active token for a raw key, or None. Compares hashes in constant time."""
    parts = raw.split("_", 2)
    if len(parts) != 3 or parts[0] != KEY_PREFIX:
        return None
    token = ApiToken.objects.active().select_related("user").filter(prefix=parts[1]).first()
    if token is None or not hmac.compare_digest(token.key_hash, _hash(parts[2])):
        return None
    return token


class ApiTokenAuthentication(authentication.BaseAuthentication):
    """``Authorization: Token shr_…`` (or ``Bearer shr_…``). Unknown, expired and revoked keys answer 401."""

    keywords = ("token", "bearer")

    def authenticate(self, request: Request) -> tuple[User, ApiToken] | None:
        header = authentication.get_authorization_header(request).decode("latin-1").split()
        if not header or header[0].lower() not in self.keywords:
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed(_("Send 'Authorization: Token <key>'."))
        token = find_token(header[1])
        if token is None or not token.user.is_active:
            raise exceptions.AuthenticationFailed(_("Unknown, expired or revoked token."))
        now = clock.now()
        if token.last_used_at is None or now - token.last_used_at > LAST_USED_GRANULARITY:
            ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        return token.user, token

    def authenticate_header(self, request: HttpRequest) -> str:
        return "Token"


class ApiTokenScheme(OpenApiAuthenticationExtension):
    """Documents the token scheme in the OpenAPI schema."""

    target_class = "shrhub.tokens.ApiTokenAuthentication"
    name = "tokenAuth"

    def get_security_definition(self, auto_schema: Any) -> dict[str, str]:
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": "`Token shr_<prefix>_<secret>`, issued by an administrator on /accounts/tokens/.",
        }
