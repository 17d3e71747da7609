"""Writing notifications: kept in step with the reminders that hold, read by their recipient."""

from __future__ import annotations

import datetime

from django.db import transaction

from shrhub import clock
from shrhub.types import AnyUser

from .models import Notification
from .reminders import current_reminders

Key = tuple[int, str, int, int, datetime.date]


def _key(row: Notification) -> Key:
    return (row.recipient_id, row.kind, row.content_type_id, row.object_id, row.occasion)


@transaction.atomic
def refresh_notifications(today: datetime.date | None = None) -> dict[str, int]:
    """Store a notification for every reminder that holds today (never twice: ``notification_once``), resolve
    those whose condition no longer holds and reopen a resolved one whose condition holds again. Safe to run
    as often as wanted, and on several workers at once."""
    holding = current_reminders(today)
    now = clock.now()
    stored = {
        _key(row): row
        for row in Notification.objects.all().only(
            "id", "recipient_id", "kind", "content_type_id", "object_id", "occasion", "resolved_at"
        )
    }
    new = [
        Notification(recipient_id=recipient, kind=kind, content_type_id=type_id, object_id=object_id, occasion=occasion)
        for (recipient, kind, type_id, object_id, occasion) in holding - stored.keys()
    ]
    Notification.objects.bulk_create(new, batch_size=500, ignore_conflicts=True)
    resolved = [row.pk for key, row in stored.items() if key not in holding and row.resolved_at is None]
    reopened = [row.pk for key, row in stored.items() if key in holding and row.resolved_at is not None]
    Notification.objects.filter(pk__in=resolved).update(resolved_at=now)
    Notification.objects.filter(pk__in=reopened).update(resolved_at=None)
    return {"created": len(new), "resolved": len(resolved), "reopened": len(reopened)}


def mark_read(user: AnyUser, ids: list[int] | None = None) -> int:
    """Mark the user's notifications read (those named, else all of them); returns how many changed."""
    rows = Notification.objects.filter(recipient_id=user.pk, read_at__isnull=True)
    if ids is not None:
        rows = rows.filter(pk__in=ids)
    return rows.update(read_at=clock.now())
