"""The feed's meetings are on their group's wall clock: ``DTSTART;TZID=<the group's zone>`` with the VTIMEZONE
it names, read back by a calendar parser to the same moment; lines folded at 75 octets without splitting a
character."""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

import icalendar
import pytest

from workinggroups.calendar import render_calendar

from .factories import AgendaItemFactory, MeetingFactory, WorkingGroupFactory

pytestmark = pytest.mark.django_db

LIMA = ZoneInfo("America/Lima")


def feed(*meetings) -> str:
    return render_calendar(meetings, name="Meetings", host="shrhub.test", base_url="https://shrhub.test")


def test_a_meeting_is_on_its_groups_wall_clock_with_the_zone_described():
    group = WorkingGroupFactory(name="Lima SWG", time_zone="America/Lima")
    starts = datetime.datetime(2026, 12, 4, 14, 30, tzinfo=LIMA)
    meeting = MeetingFactory(group=group, starts_at=starts.astimezone(datetime.UTC), duration_minutes=90)
    body = feed(meeting)
    assert "DTSTART;TZID=America/Lima:20261204T143000\r\n" in body
    assert "DTEND;TZID=America/Lima:20261204T160000\r\n" in body
    assert "BEGIN:VTIMEZONE\r\nTZID:America/Lima\r\n" in body
    event = icalendar.Calendar.from_ical(body).walk("VEVENT")[0]
    assert event.decoded("dtstart") == starts  # the same moment, whatever the reader's zone


def test_a_group_without_a_zone_meets_in_the_operations(settings):
    group = WorkingGroupFactory(time_zone="")
    meeting = MeetingFactory(group=group, starts_at=datetime.datetime(2026, 6, 1, 8, 0, tzinfo=datetime.UTC))
    event = icalendar.Calendar.from_ical(feed(meeting)).walk("VEVENT")[0]
    assert event.decoded("dtstart") == meeting.starts_at
    assert event.decoded("dtstart").utcoffset() == ZoneInfo(settings.TIME_ZONE).utcoffset(meeting.starts_at)


@pytest.mark.parametrize("title", ["x" * 200, "é" * 120, "ab" + "€" * 90, "😀" * 40])
def test_long_lines_fold_at_75_octets_and_read_back_whole(title):
    meeting = MeetingFactory(title=title, location="Council hall, Kessa; room 2")
    AgendaItemFactory(meeting=meeting, position=1, title="Patrols, roadblocks; and the market")
    body = feed(meeting)
    lines = body.split("\r\n")
    assert all(len(line.encode("utf-8")) <= 75 for line in lines)
    event = icalendar.Calendar.from_ical(body).walk("VEVENT")[0]
    assert str(event["summary"]) == f"{meeting.group.name}: {title}"
    assert str(event["location"]) == "Council hall, Kessa; room 2"
    assert str(event["description"]) == "Agenda:\n1. Patrols, roadblocks; and the market"
