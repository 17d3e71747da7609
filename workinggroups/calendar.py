"""Planned meetings as an iCalendar feed (RFC 5545), and the personal key calendar apps subscribe with.

The feed carries what a meeting page shows to the same user (group, title, time, place, agenda, a link),
never attendees. Calendar apps cannot log in, so a subscription URL carries a key that identifies its
user; the key is signed and derived from the user's password hash, so changing the password revokes it.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.contrib.auth import get_user_model
from django.core import signing
from django.utils.crypto import constant_time_compare, salted_hmac
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions

from .choices import MeetingStatus
from .models import Meeting

SALT = "workinggroups.calendar"
PRODID = "-//SHR Hub//Working groups//EN"


def escape_text(value: str) -> str:
    """A TEXT value (RFC 5545 §3.3.11): backslash, semicolon, comma and line breaks escaped."""
    value = value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return value.replace("\r\n", "\\n").replace("\r", "\\n").replace("\n", "\\n")


def fold(line: str) -> str:
    """Fold a content line at 75 octets (§3.1): continuation lines start with one space; a UTF-8
    character is never split."""
    encoded = line.encode("utf-8")
    if len(encoded) <= 75:
        return line
    parts: list[str] = []
    limit = 75
    start = 0
    while start < len(encoded):
        end = min(start + limit, len(encoded))
        while end < len(encoded) and (encoded[end] & 0xC0) == 0x80:  # inside a multi-byte character
            end -= 1
        parts.append(encoded[start:end].decode("utf-8"))
        start = end
        limit = 74  # the leading space counts
    return "\r\n ".join(parts)


def _utc(value: datetime.datetime) -> str:
    return value.astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")


def _event(meeting: Meeting, *, host: str, base_url: str) -> list[str]:
    title = meeting.title or "Meeting"
    agenda = [f"{item.position}. {item.title}" for item in meeting.agenda_items.all()]
    description = "Agenda:\n" + "\n".join(agenda) if agenda else ""
    lines = [
        "BEGIN:VEVENT",
        f"UID:meeting-{meeting.pk}@{host}",
        f"DTSTAMP:{_utc(meeting.updated_at)}",
        f"LAST-MODIFIED:{_utc(meeting.updated_at)}",
        f"SEQUENCE:{meeting.version}",
        f"DTSTART:{_utc(meeting.starts_at)}",
        f"DTEND:{_utc(meeting.ends_at)}",
        f"SUMMARY:{escape_text(f'{meeting.group.name}: {title}')}",
        f"STATUS:{'TENTATIVE' if meeting.status == MeetingStatus.POSTPONED else 'CONFIRMED'}",
        f"URL:{base_url}{meeting.get_absolute_url()}",
    ]
    if meeting.location:
        lines.append(f"LOCATION:{escape_text(meeting.location)}")
    if description:
        lines.append(f"DESCRIPTION:{escape_text(description)}")
    lines.append("END:VEVENT")
    return lines


def render_calendar(meetings: Iterable[Meeting], *, name: str, host: str, base_url: str) -> str:
    """A VCALENDAR of ``meetings`` (CRLF line ends, folded lines)."""
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape_text(name)}",
    ]
    for meeting in meetings:
        lines.extend(_event(meeting, host=host, base_url=base_url))
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)


# Subscription keys ----------------------------------------------------------------------------------------


def _fingerprint(user) -> str:
    return salted_hmac(SALT, f"{user.pk}:{user.password}:{user.is_active}").hexdigest()[:20]


def feed_key(user) -> str:
    """The key a calendar app subscribes with, for ``user`` (revoked when their password changes)."""
    return signing.Signer(salt=SALT).sign(f"{user.pk}.{_fingerprint(user)}")


def user_for_key(key: str):
    """The active user a feed key belongs to, or ``None``."""
    try:
        value = signing.Signer(salt=SALT).unsign(key)
    except signing.BadSignature:
        return None
    pk, _, fingerprint = value.partition(".")
    if not pk.isdigit():
        return None
    user = get_user_model().objects.filter(pk=int(pk), is_active=True).first()
    if user is None or not constant_time_compare(fingerprint, _fingerprint(user)):
        return None
    return user


class CalendarKeyAuthentication(authentication.BaseAuthentication):
    """``?key=…`` on the calendar feeds only: lets a calendar app read what its user may read."""

    def authenticate(self, request):
        key = request.query_params.get("key")
        if not key:
            return None
        user = user_for_key(key)
        if user is None:
            raise exceptions.AuthenticationFailed("This calendar key is not valid (any more).")
        return (user, None)

    def authenticate_header(self, request) -> str:
        return "Key"


class CalendarKeyScheme(OpenApiAuthenticationExtension):
    """Documents the calendar key in the OpenAPI schema."""

    target_class = "workinggroups.calendar.CalendarKeyAuthentication"
    name = "calendarKey"

    def get_security_definition(self, auto_schema):
        return {
            "type": "apiKey",
            "in": "query",
            "name": "key",
            "description": "Personal key of a calendar subscription (calendar feeds only), shown on the meeting pages.",
        }
