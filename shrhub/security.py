"""Abuse resistance and browser hardening: the real client address behind trusted proxies, login lockout
with growing waits, API throttling per token, session timeouts, security headers and the
Content-Security-Policy (no inline script anywhere)."""

from __future__ import annotations

import contextlib
import functools
import hashlib
import ipaddress
import math
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.views import redirect_to_login
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext, ngettext
from rest_framework.request import Request
from rest_framework.throttling import SimpleRateThrottle

from . import clock

# Client address ---------------------------------------------------------------------------------------------

Network = ipaddress.IPv4Network | ipaddress.IPv6Network
Address = ipaddress.IPv4Address | ipaddress.IPv6Address


@functools.lru_cache(maxsize=8)
def _networks(entries: tuple[str, ...]) -> tuple[Network, ...]:
    return tuple(ipaddress.ip_network(entry, strict=False) for entry in entries)


def _parse_address(value: str) -> Address | None:
    try:
        address = ipaddress.ip_address(value.strip())
    except ValueError:
        return None
    mapped = getattr(address, "ipv4_mapped", None)
    return mapped or address


def client_address(request: HttpRequest | Request) -> str:
    """The address a request came from. ``X-Forwarded-For`` is believed only when the direct peer
    (``REMOTE_ADDR``) is one of ``TRUSTED_PROXIES``; then the client is the right-most address in it that is
    not a trusted proxy (everything further left was written by the client and may be forged). From any other
    peer the header is ignored: the peer is the client."""
    peer = request.META.get("REMOTE_ADDR", "") or "unknown"
    networks = _networks(tuple(settings.TRUSTED_PROXIES))
    peer_address = _parse_address(peer)
    if peer_address is None or not any(peer_address in network for network in networks):
        return str(peer_address or peer)
    client = str(peer_address)
    hops = [hop for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if hop.strip()]
    for hop in reversed(hops):
        address = _parse_address(hop)
        if address is None:
            break  # not an address: what a trusted proxy wrote ends here
        client = str(address)
        if not any(address in network for network in networks):
            break
    return client


# Login lockout ----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class FailureCounter:
    """Failed log-ins counted under one key in the shared cache: ``limit`` failures are free, then each
    further attempt must wait a backoff that doubles with every failure (``LOGIN_BACKOFF_SECONDS`` up to
    ``LOGIN_BACKOFF_MAX_SECONDS``). Failures are forgotten ``LOGIN_FAILURE_WINDOW`` seconds after the last
    wait ends."""

    key: str
    limit: int

    @property
    def count_key(self) -> str:
        return f"{self.key}:n"

    @property
    def gate_key(self) -> str:
        return f"{self.key}:gate"

    def backoff(self, failures: int) -> int:
        """Seconds to wait after the ``failures``-th failure (0 while under the limit)."""
        if failures < self.limit:
            return 0
        doublings = min(failures - self.limit, 30)
        return min(settings.LOGIN_BACKOFF_MAX_SECONDS, settings.LOGIN_BACKOFF_SECONDS * 2**doublings)


def _digest(value: str) -> str:
    # Names and addresses are hashed: cache keys stay short and printable whatever a client sends.
    return hashlib.sha256(value.encode()).hexdigest()[:32]


def login_counters(request: HttpRequest, username: str) -> list[FailureCounter]:
    """The counters a log-in attempt for ``username`` (already normalised as authentication normalises it)
    is charged to: the account from this address, and this address whatever the account. There is no counter
    for the account alone, so a stranger elsewhere cannot lock its owner out."""
    address = _digest(client_address(request))
    return [
        FailureCounter(f"login-fail:pair:{_digest(username)}:{address}", settings.LOGIN_FAILURE_LIMIT),
        FailureCounter(f"login-fail:address:{address}", settings.LOGIN_ADDRESS_FAILURE_LIMIT),
    ]


def _increment(key: str) -> int:
    cache.add(key, 0, timeout=settings.LOGIN_FAILURE_WINDOW)
    try:
        return cache.incr(key)
    except ValueError:  # expired in between
        cache.set(key, 1, timeout=settings.LOGIN_FAILURE_WINDOW)
        return 1


def _decrement(key: str) -> None:
    with contextlib.suppress(ValueError):  # expired meanwhile: nothing to take back
        cache.decr(key)


@dataclass
class LoginAttempt:
    """One log-in attempt, charged to its counters before the password is checked (so that parallel
    attempts cannot slip past a limit together) and settled afterwards."""

    counters: list[FailureCounter]
    counts: list[int]
    wait: float = 0.0
    claimed: list[FailureCounter] = field(default_factory=list)

    @classmethod
    def begin(cls, counters: list[FailureCounter]) -> LoginAttempt:
        """Count the attempt; ``wait`` > 0 means it is refused and the password must not be checked. Past a
        counter's limit an attempt goes ahead only if no wait is running, and it holds the gate while it
        runs."""
        now = clock.now().timestamp()
        counts, claimed = [], []
        for counter in counters:
            count = _increment(counter.count_key)
            counts.append(count)
            if count <= counter.limit:
                continue
            if cache.add(counter.gate_key, now + counter.backoff(count), timeout=counter.backoff(count)):
                claimed.append(counter)
                continue
            # Refused: undo what this attempt charged, so waiting is not made longer by knocking.
            for charged in counters[: len(counts)]:
                _decrement(charged.count_key)
            cache.delete_many([c.gate_key for c in claimed])
            until = cache.get(counter.gate_key) or now + 1
            return cls(counters, counts, wait=max(1.0, until - now))
        return cls(counters, counts, claimed=claimed)

    def failed(self) -> None:
        """The password was wrong (or the account unusable): past a limit, start the next, longer wait."""
        now = clock.now().timestamp()
        for counter, count in zip(self.counters, self.counts, strict=True):
            backoff = counter.backoff(count)
            if backoff:
                cache.set(counter.gate_key, now + backoff, timeout=backoff)
            cache.touch(counter.count_key, backoff + settings.LOGIN_FAILURE_WINDOW)

    def succeeded(self) -> None:
        """The account's owner is at this address: forget the pair's failures; the address keeps its other
        failures (only this attempt is taken back)."""
        pair, *others = self.counters
        cache.delete_many([pair.count_key, pair.gate_key])
        for counter in others:
            _decrement(counter.count_key)

    def withdrawn(self) -> None:
        """Neither a failure nor proof of the owner (a right password still awaiting its second factor): the
        attempt is taken back and any gate it held released, the failures before it stay."""
        for counter in self.counters:
            _decrement(counter.count_key)
        cache.delete_many([counter.gate_key for counter in self.claimed])


def lockout_message(wait: float) -> str:
    minutes = max(1, math.ceil(wait / 60))
    return ngettext(
        "Too many failed log-in attempts. Try again in %(minutes)d minute.",
        "Too many failed log-in attempts. Try again in %(minutes)d minutes.",
        minutes,
    ) % {"minutes": minutes}


class LockoutAuthenticationForm(AuthenticationForm):
    """Refuses to even check the password while a wait runs for the account from this address or for the
    address, and makes each wait longer than the last (see ``FailureCounter``).

    The name is counted as authentication reads it (the form's username field normalises it, NFKC), so
    look-alike spellings of one account share its count. The address is the real client's
    (``client_address``). The message is the same whether or not the account exists. Wrong second-factor
    codes count against the same counters (``shrhub.two_factor``).
    """

    def clean(self) -> dict[str, Any]:
        username = self.cleaned_data.get("username")
        if username is None or not self.cleaned_data.get("password"):
            return super().clean()  # nothing will be checked
        if self.request is None:
            return super().clean()  # only a log-in through a page is counted (Django's LoginView passes it)
        attempt = LoginAttempt.begin(login_counters(self.request, username))
        if attempt.wait:
            raise ValidationError(lockout_message(attempt.wait), code="locked")
        try:
            cleaned = super().clean()
        except ValidationError:
            attempt.failed()
            raise
        from .two_factor import has_second_factor

        if self.user_cache is not None and has_second_factor(self.user_cache):
            # Cleared only once the code is right too: a known password must not reset the count of wrong codes.
            attempt.withdrawn()
        else:
            attempt.succeeded()
        return cleaned


# API throttling ---------------------------------------------------------------------------------------------


class TokenRateThrottle(SimpleRateThrottle):
    """Requests per token (or per user for browser sessions, per address for anonymous), in the shared cache."""

    scope = "api"

    def get_ident(self, request: Request) -> str:
        # DRF would believe any X-Forwarded-For; only a trusted proxy's is believed here.
        return client_address(request)

    def get_cache_key(self, request: Request, view: Any) -> str | None:
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

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and hasattr(request, "session"):
            now = int(clock.now().timestamp())
            started = request.session.setdefault("shrhub_login_at", now)
            seen = request.session.get("shrhub_seen_at", now)
            if now - seen > settings.SESSION_IDLE_SECONDS or now - started > settings.SESSION_ABSOLUTE_SECONDS:
                logout(request)
                messages.info(request, gettext("Your session ended. Please log in again."))
                if not request.path_info.startswith("/api/"):
                    return redirect_to_login(request.get_full_path())
            elif now - seen >= 60 or "shrhub_seen_at" not in request.session:
                request.session["shrhub_seen_at"] = now
        return self.get_response(request)


class SecurityHeadersMiddleware:
    """Content-Security-Policy (scripts only from this site, never inline), and no caching of pages that
    carry registry data: every authenticated HTML or JSON response is ``Cache-Control: no-store``."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
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
