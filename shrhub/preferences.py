"""Each user's language and time zone: kept on the user (``Preferences``), copied into the session at login so
that pages pay no query for them, activated for every request, and remembered by the language cookie so the
login page after a logout speaks the same language.

Order of precedence for the language: the user's preference, then the language cookie (a choice made before
logging in, or on this browser), then the browser's ``Accept-Language`` (Django's ``LocaleMiddleware``), then
``LANGUAGE_CODE``. For the time zone: the user's preference, then the operation's (``TIME_ZONE``).
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.auth.models import User
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse
from django.utils import timezone, translation

from .models import Preferences
from .zones import zone_or_operation

LANGUAGE_KEY = "shrhub_language"
ZONE_KEY = "shrhub_time_zone"


def language_codes() -> list[str]:
    return [code for code, _name in settings.LANGUAGES]


def preferences_of(user: User) -> Preferences:
    """The user's preferences, blank (browser's language, operation's zone) until they choose."""
    preferences = Preferences.objects.filter(user=user).first()
    return preferences or Preferences(user=user)


def language_for(user: User) -> str:
    """The language to write to ``user`` in where no request says it (e-mails, digests)."""
    return preferences_of(user).language or settings.LANGUAGE_CODE


def zone_for(user: User) -> ZoneInfo:
    """The time zone to show ``user`` times in where no request says it (e-mails, digests)."""
    return zone_or_operation(preferences_of(user).time_zone)


@contextlib.contextmanager
def speaking_to(user: User) -> Iterator[None]:
    """Write to ``user`` in their language and time zone (an e-mail, a digest, an export made for them)."""
    with translation.override(language_for(user)), timezone.override(zone_for(user)):
        yield


def save_preferences(
    request: HttpRequest | None, user: User, *, language: str, time_zone: str, function: str | None = None
) -> Preferences:
    """Store the user's choice and, when it is their own request, apply it to their session at once. ``function``
    (their corporate function) is left as it is when not given (the language switcher)."""
    preferences = preferences_of(user)
    preferences.language = language
    preferences.time_zone = time_zone
    if function is not None:
        preferences.function = function
    preferences.full_clean(exclude=["user"])
    preferences.save()
    if request is not None and request.user == user:
        remember_in_session(request, preferences)
    return preferences


def save_language(request: HttpRequest, language: str) -> None:
    """The switcher's choice, kept on the user when someone is logged in (the caller sets the cookie, which is
    all an anonymous visitor has)."""
    if request.user.is_authenticated:
        preferences = preferences_of(request.user)
        save_preferences(request, request.user, language=language, time_zone=preferences.time_zone)


def remember_in_session(request: HttpRequest, preferences: Preferences) -> None:
    request.session[LANGUAGE_KEY] = preferences.language
    request.session[ZONE_KEY] = preferences.time_zone


@receiver(user_logged_in, dispatch_uid="shrhub.preferences.on_login")
def on_login(sender: Any, request: HttpRequest | None, user: User, **kwargs: Any) -> None:
    if request is not None and hasattr(request, "session"):
        remember_in_session(request, preferences_of(user))


class PreferencesMiddleware:
    """Activates the session's language and time zone (after ``LocaleMiddleware`` chose from the cookie and the
    browser), and keeps the language cookie in step with the user's preference."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        language = self._session_value(request, LANGUAGE_KEY)
        if language in language_codes():
            translation.activate(language)
            request.LANGUAGE_CODE = language
        zone = self._session_value(request, ZONE_KEY)
        if zone:
            timezone.activate(ZoneInfo(zone))
        try:
            response = self.get_response(request)
        finally:
            timezone.deactivate()  # back to the operation's zone (TIME_ZONE) for whatever runs next
        if language in language_codes() and request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME) != language:
            set_language_cookie(response, language)
        return response

    @staticmethod
    def _session_value(request: HttpRequest, key: str) -> str:
        session = getattr(request, "session", None)
        if session is None or (not session.session_key and not session.modified):
            return ""  # no session cookie (an API token, an anonymous visitor): leave the session untouched
        return session.get(key) or ""


def set_language_cookie(response: HttpResponse, language: str) -> None:
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,  # type: ignore[arg-type]  # a setting: Django checks its value
    )
