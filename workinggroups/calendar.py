"""Planned meetings as an iCalendar feed (RFC 5545), and the personal tokens calendar apps subscribe with.

The feed carries what a meeting page shows to the same user (group, title, time, place, agenda, a link),
never attendees. Calendar apps cannot log in, so a subscription URL carries a key: a stored, hashed, expiring,
revocable token for one feed of one user (``CalendarFeedToken``), shown once when it is created.
"""

from __future__ import annotations

import datetime
import hashlib
import hmac
import secrets
from collections.abc import Iterable
from typing import Any

import icalendar
from django.contrib.auth.models import User
from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import gettext, gettext_lazy
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions, status
from rest_framework.request import Request

from shrhub import clock
from shrhub.drf import load_permissions
from shrhub.types import AnyUser

from .choices import MeetingStatus
from .models import CalendarFeedToken, Meeting, WorkingGroup

PRODID = "-//SHR Hub//Working groups//EN"


def _event(meeting: Meeting, *, host: str, base_url: str) -> icalendar.Event:
    """One meeting, at its time on the group's wall clock (``DTSTART;TZID=…``): a calendar app shows it there
    and converts it for a reader elsewhere."""
    zone = meeting.group.zone
    title = meeting.title or gettext("Meeting")
    agenda = [f"{item.position}. {item.title}" for item in meeting.agenda_items.all()]
    event = icalendar.Event()
    event.add("uid", f"meeting-{meeting.pk}@{host}")
    event.add("dtstamp", meeting.updated_at.astimezone(datetime.UTC))
    event.add("last-modified", meeting.updated_at.astimezone(datetime.UTC))
    event.add("sequence", meeting.version)
    event.add("dtstart", meeting.starts_at.astimezone(zone))
    event.add("dtend", meeting.ends_at.astimezone(zone))
    event.add("summary", f"{meeting.group.name}: {title}")
    event.add("status", "TENTATIVE" if meeting.status == MeetingStatus.POSTPONED else "CONFIRMED")
    event.add("url", f"{base_url}{meeting.get_absolute_url()}")
    if meeting.location:
        event.add("location", meeting.location)
    if agenda:
        event.add("description", gettext("Agenda:") + "\n" + "\n".join(agenda))
    return event


def render_calendar(meetings: Iterable[Meeting], *, name: str, host: str, base_url: str) -> str:
    """A VCALENDAR of ``meetings`` (RFC 5545, written by ``icalendar``: escaping, folding at 75 octets, CRLF),
    with a VTIMEZONE for every group's zone the events name."""
    calendar = icalendar.Calendar()
    calendar.add("version", "2.0")
    calendar.add("prodid", PRODID)
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    for meeting in meetings:
        calendar.add_component(_event(meeting, host=host, base_url=base_url))
    calendar.add_missing_timezones()
    return calendar.to_ical().decode("utf-8")


# Subscription tokens --------------------------------------------------------------------------------------

FEED_KEY_PREFIX = "cal"
FEED_DAYS = 365
LAST_USED_GRANULARITY = datetime.timedelta(minutes=1)
FEED_GONE_MESSAGE = gettext_lazy(
    "This calendar feed is no longer available: create a new one on your calendar feeds page."
)


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


@transaction.atomic
def issue_feed_token(
    *, user: User, group: WorkingGroup | None = None, days: int = FEED_DAYS
) -> tuple[CalendarFeedToken, str]:
    """A new subscription for ``user`` to one feed (``group``'s meetings, or every group's), revoking the user's
    previous token for that feed. Returns it with the raw key, which is never stored and cannot be shown again."""
    if not 1 <= days <= 366:
        raise ValueError("A calendar feed lives between 1 and 366 days.")
    previous = CalendarFeedToken.objects.select_for_update().filter(user=user, group=group, revoked_at__isnull=True)
    for token in previous:
        revoke_feed_token(token, actor=user)
    prefix, secret = secrets.token_hex(4), secrets.token_urlsafe(32)
    token = CalendarFeedToken.objects.create(
        user=user,
        group=group,
        prefix=prefix,
        key_hash=_hash(secret),
        expires_at=clock.now() + datetime.timedelta(days=days),
    )
    return token, f"{FEED_KEY_PREFIX}_{prefix}_{secret}"


def revoke_feed_token(token: CalendarFeedToken, *, actor: User) -> None:
    """Revoke a subscription (its owner or an administrator): the feed answers 410 from then on."""
    if token.revoked_at is None:
        token.revoked_at, token.revoked_by = clock.now(), actor
        token.save(update_fields=["revoked_at", "revoked_by"])


def find_feed_token(raw: str) -> CalendarFeedToken | None:
    """The token a raw key names (active or not), or None. Compares hashes in constant time."""
    parts = raw.split("_", 2)
    if len(parts) != 3 or parts[0] != FEED_KEY_PREFIX or not parts[1].isalnum():
        return None
    token = CalendarFeedToken.objects.select_related("user").filter(prefix=parts[1]).first()
    if token is None or not hmac.compare_digest(token.key_hash, _hash(parts[2])):
        return None
    return token


def may_follow_feeds(user: AnyUser) -> bool:
    """Whether a feed owner may still read meetings (an active account whose role reads them)."""
    load_permissions(user)
    return user.is_active and user.has_perm("workinggroups.view_meeting")


class FeedGone(exceptions.APIException):
    status_code = status.HTTP_410_GONE
    default_detail = FEED_GONE_MESSAGE
    default_code = "feed_gone"


class CalendarKeyAuthentication(authentication.BaseAuthentication):
    """``?key=cal_…`` on the calendar feeds only, each key for its own feed: reads as its owner, now.

    An unknown key answers 401; a key for another feed 404 (as a feed the user may not see); a revoked or expired
    key, or one whose owner is deactivated or no longer reads meetings, 410."""

    def authenticate(self, request: Request) -> tuple[User, CalendarFeedToken] | None:
        key = request.query_params.get("key")
        if not key:
            return None
        token = find_feed_token(key)
        if token is None:
            raise exceptions.AuthenticationFailed(gettext("This calendar key is not valid."))
        if not token.is_active or not may_follow_feeds(token.user):
            raise FeedGone()
        kwargs = (getattr(request, "parser_context", None) or {}).get("kwargs") or {}
        if str(token.group_id or "") != str(kwargs.get("pk") or ""):
            raise exceptions.NotFound()
        now = clock.now()
        if token.last_used_at is None or now - token.last_used_at > LAST_USED_GRANULARITY:
            CalendarFeedToken.objects.filter(pk=token.pk).update(last_used_at=now)
        return (token.user, token)

    def authenticate_header(self, request: HttpRequest) -> str:
        return "Key"


class CalendarKeyScheme(OpenApiAuthenticationExtension):
    """Documents the calendar key in the OpenAPI schema."""

    target_class = "workinggroups.calendar.CalendarKeyAuthentication"
    name = "calendarKey"

    def get_security_definition(self, auto_schema: Any) -> dict[str, str]:
        return {
            "type": "apiKey",
            "in": "query",
            "name": "key",
            "description": "Personal key of one calendar feed (calendar feeds only), shown once when created on "
            "/working-groups/calendar-feeds/.",
        }
