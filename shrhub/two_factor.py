"""Two-factor authentication with django-otp: who must use a second factor, enrolment, verification (with the
login lockout), recovery codes, removal and reset, and the gates that hold a session at the code step.

Rules, each written once here:

* A user *has* a second factor when they hold a confirmed TOTP device (an authenticator app). Enrolment also
  gives them ``RECOVERY_CODE_COUNT`` single-use recovery codes (a django-otp static device); only a SHA-256
  digest of each is stored.
* A role listed in ``settings.OTP_REQUIRED_ROLES`` *must* have one (superusers count as administrators).
* A signed-in session is *pending* until verified (``user.is_verified()``, django-otp's ``OTPMiddleware``)
  when the user has a second factor ("verify": nothing but the code step) or must have one and has none
  ("enrol": nothing but enrolment). ``TwoFactorMiddleware`` holds pages there; ``VerifiedSessionAuthentication``
  refuses such sessions on the API. Token authentication is untouched (tokens are an integration's credential).
* A wrong code counts against the same lockout as a wrong password (``shrhub.security``: per account and
  address, and per address), on top of django-otp's own growing delay per device (which holds across
  addresses).
* Enrolment, removal, an administrator's reset, regenerated recovery codes and every use of a recovery code
  are written to the access log (``AccessLog``), which administrators (and managers) read.
"""

from __future__ import annotations

import hashlib
from base64 import b32encode
from collections.abc import Callable
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

import segno
from django.conf import settings
from django.contrib.auth.models import User
from django.core import checks
from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext, gettext_lazy, ngettext
from django_otp import login as otp_login
from django_otp import verify_token
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import exceptions
from rest_framework.authentication import SessionAuthentication
from rest_framework.request import Request

from shrhub import clock
from shrhub.types import AnyUser

from .models import AccessLog, log_access
from .roles import Role, role_of
from .security import LoginAttempt, lockout_message, login_counters

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

RECOVERY_CODE_COUNT = 10
TOTP_DEVICE_NAME = "Authenticator app"
RECOVERY_DEVICE_NAME = "Recovery codes"
VERIFY = "verify"
ENROL = "enrol"
WRONG_CODE = gettext_lazy(
    "This code is not right. Enter the 6-digit code your app shows now, or an unused recovery code."
)

# Policy -------------------------------------------------------------------------------------------------------


def second_factor_required(user: AnyUser) -> bool:
    """True when one of the user's roles is in ``OTP_REQUIRED_ROLES`` (a superuser counts as an administrator)."""
    required = set(settings.OTP_REQUIRED_ROLES)
    if not required or not user.is_authenticated:
        return False
    roles = set(role_of(user))
    if user.is_superuser:
        roles.add(Role.ADMINISTRATOR)
    return bool(roles & required)


def has_second_factor(user: AnyUser) -> bool:
    """True when the user holds a confirmed authenticator-app device (asked once per user object)."""
    if not user.is_authenticated:
        return False
    cached = getattr(user, "_shrhub_has_second_factor", None)
    if cached is None:
        cached = TOTPDevice.objects.filter(user_id=user.pk, confirmed=True).exists()
        user._shrhub_has_second_factor = cached  # type: ignore[attr-defined]  # a cache on this request's user
    return cached


def _forget(user: AnyUser) -> None:
    user.__dict__.pop("_shrhub_has_second_factor", None)
    wrapped = getattr(user, "_wrapped", None)  # request.user is a lazy object around the user
    if wrapped is not None and hasattr(wrapped, "__dict__"):
        wrapped.__dict__.pop("_shrhub_has_second_factor", None)


def is_verified(user: AnyUser) -> bool:
    check = getattr(user, "is_verified", None)
    return bool(check is not None and check())


def verification_pending(user: AnyUser) -> str | None:
    """What a signed-in session must do before anything else: ``"verify"`` (enter a code), ``"enrol"`` (set up a
    second factor, which the role requires), or ``None`` (nothing: verified, or no second factor needed)."""
    if user is None or not user.is_authenticated or is_verified(user):
        return None
    if has_second_factor(user):
        return VERIFY
    if second_factor_required(user):
        return ENROL
    return None


# Codes --------------------------------------------------------------------------------------------------------


def normalise_code(code: str) -> str:
    """Spaces and hyphens are ignored, letters compared in lower case (recovery codes are shown grouped)."""
    return "".join((code or "").split()).replace("-", "").lower()


def recovery_digest(code: str) -> str:
    """What is stored of a recovery code: its SHA-256 digest, cut to the 16 characters a static token holds."""
    return hashlib.sha256(normalise_code(code).encode()).hexdigest()[:16]


def _throttle_message(device: TOTPDevice | StaticDevice) -> str | None:
    allowed, data = device.verify_is_allowed()
    if allowed:
        return None
    until = (data or {}).get("locked_until")
    seconds = max(1, int((until - clock.now()).total_seconds()) + 1) if until else 60
    return ngettext(
        "Too many wrong codes in a row: wait %(seconds)d second and try again.",
        "Too many wrong codes in a row: wait %(seconds)d seconds and try again.",
        seconds,
    ) % {"seconds": seconds}


def check_code(
    request: HttpRequest, user: User, code: str
) -> tuple[TOTPDevice | StaticDevice | None, StrOrPromise | None]:
    """The device that accepts ``code`` for ``user`` (a current authenticator-app code, or an unused recovery
    code, which is used up), or an error message. Refused outright while the account or address is locked out;
    a wrong code counts as a failed log-in. Using a recovery code is written to the access log."""
    attempt = LoginAttempt.begin(login_counters(request, user.get_username()))
    if attempt.wait:
        return None, lockout_message(attempt.wait)
    code = normalise_code(code)
    if len(code) == 6 and code.isdigit():
        devices, token = list(TOTPDevice.objects.filter(user_id=user.pk, confirmed=True)), code
    else:
        devices, token = list(StaticDevice.objects.filter(user_id=user.pk, confirmed=True)), recovery_digest(code)
    for device in devices:
        throttled = _throttle_message(device)
        if throttled:
            attempt.failed()
            return None, throttled
        verified = verify_token(user, device.persistent_id, token)
        if verified is not None:
            attempt.succeeded()
            if isinstance(verified, StaticDevice):
                left = verified.token_set.count()
                log_access(user, AccessLog.Action.OTP_RECOVERY, user, detail=f"{left} recovery codes left")
            return verified, None
    attempt.failed()
    return None, WRONG_CODE


def mark_verified(request: HttpRequest, device: TOTPDevice | StaticDevice) -> None:
    """The session is verified by ``device`` from now on (a new session key, as at login)."""
    request.session.cycle_key()
    otp_login(request, device)


# Enrolment, recovery codes, removal, reset --------------------------------------------------------------------


def totp_device_pending(user: AnyUser) -> TOTPDevice:
    """The user's unconfirmed authenticator-app device (made on first call): its key is shown until confirmed."""
    device = TOTPDevice.objects.filter(user_id=user.pk, confirmed=False).order_by("pk").first()
    return device or TOTPDevice.objects.create(user=user, name=TOTP_DEVICE_NAME, confirmed=False)


def totp_qr_svg(device: TOTPDevice) -> str:
    """The device's ``otpauth://`` URL as an inline SVG QR code, drawn here (nothing loaded from elsewhere)."""
    return segno.make(device.config_url, error="m").svg_inline(
        scale=5, light="#fff", title=gettext("QR code for your authenticator app"), svgclass="qr-code"
    )


def totp_secret_display(device: TOTPDevice) -> str:
    """The key in base32 in groups of four, for typing into an app that cannot scan."""
    secret = b32encode(device.bin_key).decode()
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def totp_confirm(*, actor: AnyUser, device: TOTPDevice, code: str) -> list[str] | None:
    """Confirms ``device`` when ``code`` is the app's current code: the user then has a second factor and new
    recovery codes, returned here and never again. Audited. ``None`` (nothing changes) for a wrong code."""
    if _throttle_message(device) or not device.verify_token(normalise_code(code)):
        return None
    with transaction.atomic():
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        TOTPDevice.objects.filter(user_id=device.user_id).exclude(pk=device.pk).delete()
        codes = _recovery_codes_replace(device.user)
        log_access(actor, AccessLog.Action.OTP_ENROL, device.user, detail=f"user {device.user.get_username()}")
    _forget(actor)
    return codes


def _recovery_codes_replace(user: User) -> list[str]:
    StaticDevice.objects.filter(user_id=user.pk).delete()
    device = StaticDevice.objects.create(user=user, name=RECOVERY_DEVICE_NAME, confirmed=True)
    codes: list[str] = []
    while len(codes) < RECOVERY_CODE_COUNT:
        code = StaticToken.random_token()
        if code not in codes:
            codes.append(code)
    StaticToken.objects.bulk_create(StaticToken(device=device, token=recovery_digest(code)) for code in codes)
    return [f"{code[:4]}-{code[4:]}" for code in codes]


def recovery_codes_regenerate(*, actor: User) -> list[str]:
    """New recovery codes for ``actor`` (the old ones stop working), returned once. Audited."""
    if not has_second_factor(actor):
        raise ValueError("Recovery codes come with a second factor: enrol first.")
    with transaction.atomic():
        codes = _recovery_codes_replace(actor)
        log_access(actor, AccessLog.Action.OTP_CODES, actor, detail=f"user {actor.get_username()}")
    return codes


def recovery_codes_left(user: AnyUser) -> int:
    return StaticToken.objects.filter(device__user_id=user.pk, device__confirmed=True).count()


def second_factor_remove(*, actor: AnyUser, user: User, reason: str = "") -> int:
    """Removes every device of ``user`` (app and recovery codes); returns how many. Audited as a removal when
    the actor is the user, as an administrator's reset (with its ``reason``) otherwise."""
    with transaction.atomic():
        removed = TOTPDevice.objects.filter(user_id=user.pk).delete()[1].get(TOTPDevice._meta.label, 0)
        StaticDevice.objects.filter(user_id=user.pk).delete()
        own = actor.pk == user.pk
        action = AccessLog.Action.OTP_REMOVE if own else AccessLog.Action.OTP_RESET
        detail = f"user {user.get_username()}" + (f": {reason}" if reason else "")
        log_access(actor, action, user, detail=detail)
    _forget(user)
    _forget(actor)
    return removed


# Gates --------------------------------------------------------------------------------------------------------

STEP_URLS = {VERIFY: "two_factor_verify", ENROL: "two_factor_enrol"}
ALWAYS_OPEN = ("/accounts/logout/", "/health/", "/" + settings.STATIC_URL.lstrip("/"))
API_PREFIX = "/api/"
API_PAGES = ("/api/v1/docs/", "/api/v1/redoc/")  # pages, held like any other page


class TwoFactorMiddleware:
    """A session pending verification reaches only its step (the code, or enrolment when the role requires a
    second factor), logging out and static files; every other page sends it there, keeping where it was going.
    API requests are left to the API's authentication classes."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view_func: Callable[..., Any], view_args: Any, view_kwargs: Any
    ) -> HttpResponse | None:
        path = request.path_info
        if path.startswith(ALWAYS_OPEN) or (path.startswith(API_PREFIX) and not path.startswith(API_PAGES)):
            return None
        step = verification_pending(request.user)
        if step is None:
            return None
        target = reverse(STEP_URLS[step])
        if path == target:
            return None
        going = request.get_full_path()
        query = "" if going == "/" or path.startswith("/accounts/login/") else "?" + urlencode({"next": going})
        return HttpResponseRedirect(target + query)


class VerifiedSessionAuthentication(SessionAuthentication):
    """The browser session on the API, refused (403) while the session is pending its second factor."""

    def authenticate(self, request: Request) -> tuple[Any, Any] | None:
        result = super().authenticate(request)
        if result is not None and verification_pending(request._request.user):
            raise exceptions.PermissionDenied(
                gettext("Two-factor verification required: enter your code at /accounts/two-factor/verify/ first.")
            )
        return result


class VerifiedSessionScheme(OpenApiAuthenticationExtension):
    target_class = "shrhub.two_factor.VerifiedSessionAuthentication"
    name = "cookieAuth"

    def get_security_definition(self, auto_schema: Any) -> dict[str, str]:
        return {"type": "apiKey", "in": "cookie", "name": settings.SESSION_COOKIE_NAME}


@checks.register(checks.Tags.security)
def check_required_roles(app_configs: Any, **kwargs: Any) -> list[checks.CheckMessage]:
    """``OTP_REQUIRED_ROLES`` must name roles: a typo would silently require nothing."""
    unknown = sorted(set(settings.OTP_REQUIRED_ROLES) - set(Role.values))
    if unknown:
        return [
            checks.Error(
                f"OTP_REQUIRED_ROLES names unknown roles: {', '.join(unknown)}",
                hint=f"Use any of: {', '.join(Role.values)}.",
                id="shrhub.E001",
            )
        ]
    return []
