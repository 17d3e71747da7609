"""The scheduler enqueues the periodic jobs on the real task queue, in the operation's time zone."""

from __future__ import annotations

import datetime
import io
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django_tasks_db.models import DBTaskResult

from notifications.management.commands.run_scheduler import (
    build_scheduler,
    daily_digests,
    refresh,
    weekly_digests,
)


def test_the_jobs_and_their_times(settings):
    settings.TIME_ZONE = "Africa/Kinshasa"
    settings.SHRHUB_DIGEST_HOUR = 6
    scheduler = build_scheduler()
    jobs = {job.id: job for job in scheduler.get_jobs()}
    assert set(jobs) == {"refresh", "daily-digests", "weekly-digests"}
    zone = ZoneInfo("Africa/Kinshasa")
    sunday_evening = datetime.datetime(2026, 12, 6, 20, 0, tzinfo=zone)
    daily = jobs["daily-digests"].trigger.get_next_fire_time(None, sunday_evening)
    weekly = jobs["weekly-digests"].trigger.get_next_fire_time(None, sunday_evening)
    assert (daily.date(), daily.hour, daily.utcoffset()) == (datetime.date(2026, 12, 7), 6, datetime.timedelta(hours=1))
    assert (weekly.date(), weekly.hour, weekly.minute) == (datetime.date(2026, 12, 7), 6, 5)  # Monday


def test_list_prints_the_jobs():
    out = io.StringIO()
    call_command("run_scheduler", "--list", stdout=out)
    jobs = [line.split(":")[0] for line in out.getvalue().splitlines()]
    assert jobs == ["refresh", "daily-digests", "weekly-digests"]


@pytest.mark.django_db
def test_each_job_enqueues_its_task():
    refresh()
    daily_digests()
    weekly_digests()
    queued = list(DBTaskResult.objects.order_by("enqueued_at").values_list("task_path", "args_kwargs"))
    assert [path for path, _ in queued] == [
        "notifications.tasks.refresh_notifications",
        "notifications.tasks.send_digests",
        "notifications.tasks.send_digests",
    ]
    assert [arguments["args"] for _, arguments in queued[1:]] == [["daily"], ["weekly"]]
