"""Reading notifications: only a recipient's own, and only those whose record the recipient may see now."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.contrib.contenttypes.prefetch import GenericPrefetch
from django.db.models import Q, QuerySet

from shrhub.models import signed_in_account, visible_rows
from shrhub.types import AnyUser

from .choices import ReminderKind
from .models import DigestSettings, Notification
from .reminders import REMINDED_MODELS, record_querysets


def visible_notifications(user: AnyUser) -> QuerySet[Notification]:
    """The user's notifications whose record they may see today (a record hidden since is left out: not shown,
    counted or mailed), most pressing first. One query, whatever the number of notifications."""
    if not user.is_authenticated:
        return Notification.objects.none()
    types = ContentType.objects.get_for_models(*REMINDED_MODELS)
    seen = Q()
    for model in REMINDED_MODELS:
        seen |= Q(content_type=types[model], object_id__in=visible_rows(model, user).values("pk"))
    return Notification.objects.filter(seen, recipient_id=user.pk).select_related("content_type")


def open_notifications(user: AnyUser) -> QuerySet[Notification]:
    """Those still holding (not resolved), soonest occasion first."""
    return visible_notifications(user).filter(resolved_at__isnull=True).order_by("occasion", "id")


def unread_count(user: AnyUser) -> int:
    return open_notifications(user).filter(read_at__isnull=True).count()


@dataclass(frozen=True)
class Item:
    """A notification as its reader sees it: what, about which record, when, and where to act."""

    notification: Notification
    kind_label: str
    title: str
    url: str

    @property
    def occasion(self) -> datetime.date:
        return self.notification.occasion


def items(notifications: QuerySet[Notification]) -> list[Item]:
    """The notifications with their records loaded (one query per kind of record) and labelled."""
    rows = list(notifications.prefetch_related(GenericPrefetch("record", record_querysets())))
    return [
        Item(row, str(ReminderKind(row.kind).label), str(row.record), row.record.get_absolute_url())
        for row in rows
        if row.record is not None
    ]


def digest_settings_of(user: AnyUser) -> DigestSettings:
    """The user's digest settings (weekly, every kind, until they choose)."""
    settings, _ = DigestSettings.objects.get_or_create(user=signed_in_account(user))
    return settings
