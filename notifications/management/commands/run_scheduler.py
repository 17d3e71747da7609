"""Enqueue the periodic jobs on time: the one scheduler of a deployment (APScheduler; the jobs run on the task
workers). Running two schedulers is harmless (every job is idempotent) but wasteful."""

from __future__ import annotations

from typing import Any

from apscheduler.schedulers.blocking import BlockingScheduler
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger
from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

from notifications.choices import DigestFrequency
from notifications.tasks import refresh_notifications, send_digests


def refresh() -> None:
    refresh_notifications.enqueue()


def daily_digests() -> None:
    send_digests.enqueue(DigestFrequency.DAILY.value)


def weekly_digests() -> None:
    send_digests.enqueue(DigestFrequency.WEEKLY.value)


def build_scheduler() -> BlockingScheduler:
    """The jobs, in the operation's time zone: refresh often, daily digests every day, weekly ones on Mondays."""
    scheduler = BlockingScheduler(timezone=settings.TIME_ZONE)
    hour = settings.SHRHUB_DIGEST_HOUR
    scheduler.add_job(refresh, IntervalTrigger(minutes=settings.SHRHUB_REFRESH_MINUTES), id="refresh")
    scheduler.add_job(daily_digests, CronTrigger(hour=hour, minute=0), id="daily-digests")
    scheduler.add_job(weekly_digests, CronTrigger(day_of_week="mon", hour=hour, minute=5), id="weekly-digests")
    return scheduler


class Command(BaseCommand):
    help = "Enqueue the periodic jobs (notifications, digests) on time; run one beside the task workers."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--list", action="store_true", help="Print the jobs and their next run, then exit.")

    def handle(self, *args: Any, list: bool, **options: Any) -> None:
        scheduler = build_scheduler()
        if list:
            for job in scheduler.get_jobs():
                self.stdout.write(f"{job.id}: {job.trigger}")
            return
        self.stdout.write(f"Scheduler: {len(scheduler.get_jobs())} jobs, time zone {settings.TIME_ZONE}.")
        refresh()  # a first refresh at start, so the header count is right from the start
        scheduler.start()
