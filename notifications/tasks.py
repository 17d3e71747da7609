"""Background work on Django's tasks API (the django-tasks backport; ``settings.TASKS`` picks the backend: the
database by default, run by ``manage.py db_worker``). ``manage.py run_scheduler`` enqueues them on time."""

from __future__ import annotations

from django_tasks import task

from . import digests, services


@task()
def refresh_notifications() -> dict[str, int]:
    """Bring every user's notifications in step with what is due, overdue and new today."""
    return services.refresh_notifications()


@task()
def send_digests(frequency: str) -> dict[str, int]:
    """Send this period's ``frequency`` digests not sent yet (the notifications refreshed first)."""
    return digests.send_digests(frequency)
