"""The one way the application asks what day and time it is.

"Today" is the operation's day (``TIME_ZONE``), not the server's: a site office in Lima and a server in
Frankfurt must agree on which reviews are overdue. Everything that compares with the present goes through
here, so tests can move the clock (``pytest --travel``) and see the whole application move with it.
"""

from __future__ import annotations

import calendar
import datetime

from django.utils import timezone


def now() -> datetime.datetime:
    """The current moment, time-zone aware."""
    return timezone.now()


def today() -> datetime.date:
    """The current day in the operation's time zone, whichever zone the reader chose for showing times."""
    return timezone.localdate(timezone=timezone.get_default_timezone())


def months_before(day: datetime.date, months: int) -> datetime.date:
    """The same day ``months`` calendar months earlier (later for a negative ``months``), or the last day of
    that month when it is shorter (31 March, one month before: 28 or 29 February)."""
    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    month += 1
    return day.replace(year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1]))


def day_of(moment: datetime.datetime) -> datetime.date:
    """The operation's calendar day on which ``moment`` falls (a meeting at 23:30 UTC may be tomorrow in Lima)."""
    return timezone.localdate(moment, timezone=timezone.get_default_timezone())
