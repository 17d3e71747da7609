"""Demo follow-ups: each demo engagement's follow-up sentence becomes an owned item, as the data migration turned
the free text of existing engagements into items. Owners are the engagement's first company participant who
may be given work (else the first contributor); past due dates are mostly done, some still open (overdue), so
the trackers, the reminders and the managers' warnings have something to show."""

from __future__ import annotations

import datetime
import random
from typing import Any

from django.core.management.base import OutputWrapper
from django.db.models import Exists, OuterRef

from shrhub import clock, demo
from shrhub.selectors import assignable_users
from stakeholders.models import Engagement
from workinggroups.choices import ActionStatus

from .models import FollowUp

DONE_SHARE = 0.6  # of the follow-ups past their due date
DEFAULT_DELAY = datetime.timedelta(days=30)  # due after the engagement, when it named no date


def seed_follow_ups(
    *, scale: int, rng: random.Random, stdout: OutputWrapper, today: datetime.date | None = None
) -> dict[str, int]:
    """An owned item for every demo engagement with follow-up text and no item yet; return the count."""
    today = today or clock.today()
    staff = list(assignable_users().order_by("pk").values_list("pk", flat=True))
    assignable = set(staff)
    engagements = (
        Engagement.objects.exclude(follow_ups="")
        .exclude(Exists(FollowUp.objects.filter(engagement=OuterRef("pk"))))
        .prefetch_related("company_participants")
        .order_by("pk")
    )
    items = [_item(engagement, staff, assignable, rng, today) for engagement in engagements.iterator(chunk_size=500)]
    demo.insert(FollowUp, items)
    return {"follow-ups": len(items)}


def _item(
    engagement: Engagement, staff: list[int], assignable: set[int], rng: random.Random, today: datetime.date
) -> FollowUp:
    participants = sorted(user.pk for user in engagement.company_participants.all())
    owner = next((pk for pk in participants if pk in assignable), staff[0] if staff else None)
    due = engagement.follow_up_due_on or engagement.occurred_on + DEFAULT_DELAY
    fields: dict[str, Any] = {"status": ActionStatus.OPEN, "closed_on": None}
    if due < today and rng.random() < DONE_SHARE:
        closed = min(today, due + datetime.timedelta(days=rng.randint(0, 5)))
        fields = {"status": ActionStatus.DONE, "closed_on": closed}
    elif due < today and rng.random() < 0.3:
        fields = {"status": ActionStatus.IN_PROGRESS, "closed_on": None}
    description = engagement.follow_ups.strip()
    return FollowUp(engagement=engagement, description=description, owner_id=owner, due_on=due, **fields)
