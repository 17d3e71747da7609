"""Abuse resistance and browser hardening: login lockout, API throttling per token, session timeouts,
security headers and the Content-Security-Policy (no inline script anywhere)."""

from __future__ import annotations

import time
from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.views import redirect_to_login
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from rest_framework.throttling import SimpleRateThrottle

# Login lockout ----------------------------------------------------------------------------------------------


def _client_ip(request: HttpRequest) -> str:
    return request.META.get("REMOTE_ADDR", "unknown")


def _lock_keys(request: HttpRequest, username: str) -> list[str]:
    name = (username or "").strip().lower()[:150]
    return [f"login-fail:user:{name}", f"login-fail:ip:{_client_ip(request)}"]


def login_locked(request: HttpRequest, username: str) -> bool:
    """True when the account or the address has reached ``LOGIN_FAILURE_LIMIT`` failures in the window."""
    limit = settings.LOGIN_FAILURE_LIMIT
    return any(cache.get(key, 0) >= limit for key in _lock_keys(request, username))


def lockout_message() -> str:
    minutes = max(1, settings.LOGIN_FAILURE_WINDOW // 60)
    return f"Too many failed log-in attempts. Try again in {minutes} minutes."


def record_login_failure(request: HttpRequest, username: str) -> None:
    """Count one failure (a wrong password or a wrong second-factor code) for the account and the address."""
    for key in _lock_keys(request, username):
        cache.add(key, 0, timeout=settings.LOGIN_FAILURE_WINDOW)
        try:
            cache.incr(key)
        except ValueError:
            cache.set(key, 1, timeout=settings.LOGIN_FAILURE_WINDOW)


def clear_login_failures(request: HttpRequest, username: str) -> None:
    """A success clears the account's count (not the address's)."""
    cache.delete(_lock_keys(request, username)[0])


class LockoutAuthenticationForm(AuthenticationForm):
    """Refuses to even check the password after too many failures for the account or from the address.

    Failures are counted in the shared cache for ``LOGIN_FAILURE_WINDOW`` seconds; a success clears the
    account's count. The message is the same whether or not the account exists. Wrong second-factor codes
    count against the same limit (``shrhub.two_factor``).
    """

    def clean(self):
        username = self.data.get("username", "")
        if login_locked(self.request, username):
            raise ValidationError(lockout_message(), code="locked")
        try:
            return super().clean()
        except ValidationError:
            record_login_failure(self.request, username)
            raise

    def confirm_login_allowed(self, user) -> None:
        from .two_factor import has_second_factor

        super().confirm_login_allowed(user)
        # With a second factor the count is cleared only once the code is right too: a known password must
        # not reset the count of wrong codes.
        if not has_second_factor(user):
            clear_login_failures(self.request, self.data.get("username", ""))


# API throttling ---------------------------------------------------------------------------------------------


class TokenRateThrottle(SimpleRateThrottle):
    """Requests per token (or per user for browser sessions, per address for anonymous), in the shared cache."""

    scope = "api"

    def get_cache_key(self, request, view) -> str:
        from .models import ApiToken

        if isinstance(request.auth, ApiToken):
            ident = f"token:{request.auth.pk}"
        elif request.user and request.user.is_authenticated:
            ident = f"user:{request.user.pk}"
        else:
            ident = f"ip:{self.get_ident(request)}"
        return self.cache_format % {"scope": self.scope, "ident": ident}


# Sessions and headers ---------------------------------------------------------------------------------------


class SessionTimeoutMiddleware:
    """Logs a browser session out after ``SESSION_IDLE_SECONDS`` without a request, or
    ``SESSION_ABSOLUTE_SECONDS`` after login, whichever comes first. The last-seen time is written at most
    once a minute, so most requests cost no session write."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and hasattr(request, "session"):
            now = int(time.time())
            started = request.session.setdefault("shrhub_login_at", now)
            seen = request.session.get("shrhub_seen_at", now)
            if now - seen > settings.SESSION_IDLE_SECONDS or now - started > settings.SESSION_ABSOLUTE_SECONDS:
                logout(request)
                messages.info(request, "Your session ended. Please log in again.")
                if not request.path_info.startswith("/api/"):
                    return redirect_to_login(request.get_full_path())
            elif now - seen >= 60 or "shrhub_seen_at" not in request.session:
                request.session["shrhub_seen_at"] = now
        return self.get_response(request)


class SecurityHeadersMiddleware:
    """Content-Security-Policy (scripts only from this site, never inline), and no caching of pages that
    carry registry data: every authenticated HTML or JSON response is ``Cache-Control: no-store``."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response
        self.policy = "; ".join(f"{name} {value}" for name, value in settings.CONTENT_SECURITY_POLICY.items())

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.setdefault("Content-Security-Policy", self.policy)
        response.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=()")
        response.setdefault("Cross-Origin-Opener-Policy", "same-origin")
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and not request.path_info.startswith(f"/{settings.STATIC_URL}"):
            response["Cache-Control"] = "no-store"
        return response
