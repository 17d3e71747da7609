"""The application's one clock: the operation's day, and the test run's ``--travel`` moving it."""

from __future__ import annotations

import datetime
import pathlib
import re
import zoneinfo

import pytest
import time_machine
from django.utils import timezone

from shrhub import clock
from tests.helpers.project import project_code_dirs

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


APP_DIRS = project_code_dirs()
OTHER_CLOCKS = re.compile(
    r"date\.today\(|datetime\.now\(|datetime\.utcnow\(|timezone\.now\(|timezone\.localdate\("
    r"|(?<![\w.])time\.time\(|\{% now "
)


def test_the_application_asks_only_the_clock():
    """Outside ``shrhub/clock.py`` no code or template reads the server's clock: everything asks ``shrhub.clock``
    (``{% today %}`` and ``{% clock_now %}`` in templates), so moving it moves the whole application."""
    root = pathlib.Path(__file__).resolve().parents[2]
    found = []
    for top in APP_DIRS:
        for path in sorted((root / top).rglob("*")):
            if path.suffix not in {".py", ".html"} or "migrations" in path.parts or path.name == "clock.py":
                continue
            for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
                if OTHER_CLOCKS.search(line):
                    found.append(f"{path.relative_to(root)}:{number}: {line.strip()}")
    assert not found, "\n".join(found)
