"""Time zones: the operation's (``settings.TIME_ZONE``), a user's (their preferences) and a working group's
(where it meets). One validator for a stored zone name, one list of choices, one way of naming a moment's zone."""

from __future__ import annotations

import datetime
from functools import cache
from zoneinfo import ZoneInfo, available_timezones

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy


@cache
def zone_names() -> tuple[str, ...]:
    return tuple(sorted(available_timezones()))


def validate_time_zone(value: str) -> None:
    """A stored zone must be an IANA name this machine knows (blank is allowed by the field: "the operation's")."""
    if value and value not in zone_names():
        raise ValidationError(
            gettext_lazy("Choose a time zone from the list (e.g. Africa/Kinshasa)."), code="invalid_time_zone"
        )


def zone_or_operation(name: str) -> ZoneInfo:
    """``name``'s zone, or the operation's when it is blank."""
    return ZoneInfo(name or settings.TIME_ZONE)


def zone_choices() -> list[tuple[str, str]]:
    """For a select: blank first (the operation's zone, named), then every IANA name."""
    operation = _("The operation's (%(zone)s)") % {"zone": settings.TIME_ZONE}
    return [("", operation), *((name, name) for name in zone_names())]


def zone_abbreviation(moment: datetime.datetime) -> str:
    """What a reader sees after a time: "WAT", "CET", "UTC"; a zone without a letter abbreviation shows its
    offset from UTC ("UTC-05")."""
    name = moment.tzname() or ""
    return f"UTC{name}" if name[:1] in {"+", "-"} else name


def wall_clock(moment: datetime.datetime, zone: ZoneInfo) -> datetime.datetime:
    """What a clock on the wall in ``zone`` reads at ``moment`` (naive): a form shows it for editing."""
    return moment.astimezone(zone).replace(tzinfo=None)


def at_wall_clock(reading: datetime.datetime, zone: ZoneInfo) -> datetime.datetime:
    """The moment a clock on the wall in ``zone`` reads ``reading``. A form parses a typed time in the reader's
    zone; the wall-clock reading it holds is kept and placed in ``zone`` instead."""
    naive = reading.replace(tzinfo=None) if reading.tzinfo is None else timezone.make_naive(reading)
    return timezone.make_aware(naive, zone)
