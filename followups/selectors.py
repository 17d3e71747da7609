"""Reads of the engagement follow-ups: every list starts from ``visible_to(user)`` (a follow-up hides with its
engagement) and loads what its page shows, at a constant number of queries."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db.models import BooleanField, Case, Count, OuterRef, Prefetch, Q, QuerySet, Value, When
from django.utils.translation import gettext

from shrhub import clock
from shrhub.models import user_label
from shrhub.selectors import count_of
from shrhub.types import AnyUser
from stakeholders.models import Engagement
from stakeholders.selectors import without_documents
from workinggroups.choices import OPEN_ACTION_STATUSES, ActionStatus

from .models import FollowUp, FollowUpProgress


def followup_list(*, user: AnyUser, today: datetime.date | None = None) -> QuerySet[FollowUp]:
    """Follow-ups with engagement and owner loaded, their visible note count and ``is_overdue_now`` (open past
    its due date)."""
    today = today or clock.today()
    visible = FollowUp.objects.visible_to(user).select_related("engagement", "owner")
    return without_documents(visible, "engagement").annotate(
        is_overdue_now=Case(
            When(status__in=sorted(OPEN_ACTION_STATUSES), due_on__lt=today, then=Value(True)),
            default=Value(False),
            output_field=BooleanField(),
        ),
        note_count=count_of(FollowUpProgress.objects.visible_to(user).filter(follow_up=OuterRef("pk"))),
    )


def followup_detail(*, user: AnyUser) -> QuerySet[FollowUp]:
    """One follow-up with its progress notes (and their authors)."""
    return followup_list(user=user).prefetch_related(
        Prefetch("progress_notes", queryset=FollowUpProgress.objects.visible_to(user).select_related("author"))
    )


def engagement_follow_ups(engagement: Engagement, *, user: AnyUser) -> list[FollowUp]:
    """The follow-ups of one engagement the user may see, soonest due first (the engagement page's card)."""
    return list(followup_list(user=user).filter(engagement=engagement).order_by("due_on", "id"))


def followupprogress_list(*, user: AnyUser) -> QuerySet[FollowUpProgress]:
    return FollowUpProgress.objects.visible_to(user).select_related("follow_up__engagement", "author")


@dataclass(frozen=True)
class TrackerRow:
    """One line of the tracker's summary; ``query`` is the filter that lists exactly its follow-ups (none for the
    unowned line: no filter names "nobody")."""

    query: str
    label: str
    open: int
    overdue: int
    done: int


def followup_tracker_summary(follow_ups: QuerySet[FollowUp], *, today: datetime.date | None = None) -> dict:
    """Open, overdue and done counts of ``follow_ups`` by owner (unowned ones on a line of their own), in two
    queries whatever the number of rows."""
    today = today or clock.today()
    open_statuses = sorted(OPEN_ACTION_STATUSES)
    rows = list(
        follow_ups.order_by()
        .values("owner_id")
        .annotate(
            open=Count("pk", filter=Q(status__in=open_statuses)),
            overdue=Count("pk", filter=Q(status__in=open_statuses, due_on__lt=today)),
            done=Count("pk", filter=Q(status=ActionStatus.DONE)),
        )
    )
    owners = get_user_model().objects.in_bulk({row["owner_id"] for row in rows if row["owner_id"]})
    by_owner = [
        TrackerRow(
            f"owner={row['owner_id']}" if row["owner_id"] else "",
            user_label(owners.get(row["owner_id"])) if row["owner_id"] else gettext("Nobody (unowned)"),
            row["open"],
            row["overdue"],
            row["done"],
        )
        for row in rows
    ]
    by_owner.sort(key=lambda r: (-r.overdue, -r.open, r.label))
    return {"by_owner": by_owner}
