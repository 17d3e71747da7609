"""Times in the right zone: the reader's (``when``), a working group's wall clock for its meetings (the meeting
form reads and writes it), and zone names validated where they are stored."""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from shrhub.templatetags.shrhub import when
from shrhub.zones import at_wall_clock, validate_time_zone, wall_clock, zone_abbreviation
from tests.workinggroups.factories import MeetingFactory, WorkingGroupFactory
from workinggroups.forms import MeetingForm

NOON_UTC = datetime.datetime(2026, 12, 4, 12, 0, tzinfo=datetime.UTC)


def test_when_shows_the_readers_zone_and_names_it():
    with timezone.override(ZoneInfo("Africa/Lagos")), translation.override("en"):
        assert when(NOON_UTC) == "4 Dec 2026, 13:00 WAT"
    with timezone.override(ZoneInfo("America/Bogota")), translation.override("es"):
        assert when(NOON_UTC) == "4 dic 2026, 07:00 UTC-05"
    with translation.override("fr"):
        assert when(NOON_UTC, "Europe/Paris") == "4 déc 2026, 13:00 CET"
    assert when(None) == ""


def test_zone_abbreviation_falls_back_to_the_offset():
    assert zone_abbreviation(NOON_UTC.astimezone(ZoneInfo("Asia/Kolkata"))) == "IST"
    assert zone_abbreviation(NOON_UTC.astimezone(ZoneInfo("America/Lima"))) == "UTC-05"


def test_wall_clock_round_trip_across_a_daylight_saving_change():
    paris = ZoneInfo("Europe/Paris")
    summer = datetime.datetime(2026, 7, 1, 9, 0)
    moment = at_wall_clock(summer, paris)
    assert moment.utcoffset() == datetime.timedelta(hours=2)
    assert wall_clock(moment, paris) == summer


def test_zone_names_are_validated():
    validate_time_zone("")
    validate_time_zone("Africa/Kinshasa")
    with pytest.raises(ValidationError):
        validate_time_zone("Mars/Olympus_Mons")


@pytest.mark.django_db
def test_the_meeting_form_reads_and_writes_the_groups_wall_clock():
    group = WorkingGroupFactory(time_zone="America/Lima")
    with timezone.override(ZoneInfo("Europe/Paris")):  # the reader is elsewhere: the form still uses Lima
        form = MeetingForm(
            data={
                "group": group.pk,
                "status": "planned",
                "starts_at": "2026-12-04T14:30",
                "duration_minutes": 60,
                "confidentiality": "internal",
            }
        )
        assert form.is_valid(), form.errors
        assert form.cleaned_data["starts_at"] == datetime.datetime(2026, 12, 4, 19, 30, tzinfo=datetime.UTC)
        meeting = MeetingFactory(group=group, starts_at=form.cleaned_data["starts_at"])
        shown = MeetingForm(instance=meeting)["starts_at"].value()
        assert shown == datetime.datetime(2026, 12, 4, 14, 30)
