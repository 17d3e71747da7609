"""The application's one clock: the operation's day, and the test run's ``--travel`` moving it."""

from __future__ import annotations

import datetime
import zoneinfo

import pytest
import time_machine
from django.utils import timezone

from shrhub import clock

pytestmark = pytest.mark.dates


def test_travel_moves_the_application_clock(request):
    """Under ``--travel WHEN`` the application lives on WHEN's day; without it, on today's."""
    when = request.config.getoption("--travel")
    if when:
        expected = datetime.datetime.fromisoformat(when)
        expected = expected if expected.tzinfo else expected.replace(tzinfo=datetime.UTC)
        assert abs(clock.now() - expected) < datetime.timedelta(hours=1)
        assert clock.today() == timezone.localdate(expected)
    else:
        assert abs(clock.now() - datetime.datetime.now(datetime.UTC)) < datetime.timedelta(minutes=1)


@pytest.mark.parametrize(
    ("zone", "expected"),
    [
        ("UTC", datetime.date(2026, 12, 31)),
        ("America/Lima", datetime.date(2026, 12, 31)),
        ("Asia/Tokyo", datetime.date(2027, 1, 1)),
    ],
)
def test_today_is_the_operations_day(settings, zone, expected):
    """At 23:30 UTC on New Year's Eve it is already next year in Tokyo, still the 31st in Lima."""
    settings.TIME_ZONE = zone
    with time_machine.travel(datetime.datetime(2026, 12, 31, 23, 30, tzinfo=datetime.UTC), tick=False):
        assert clock.today() == expected
        assert clock.now().tzinfo is not None
        assert timezone.localtime(clock.now()).tzinfo.key == zoneinfo.ZoneInfo(zone).key
