"""What is due, overdue or new for whom: each reminder is computed here, once, from the records it is about.

Every source returns ``Reminder`` keys (recipient, kind, record, occasion). ``refresh_notifications`` stores
them as ``Notification`` rows (one per key, ever) and resolves the ones whose condition no longer holds; the
header list, the notification page and the digests read those rows, each filtered by what its recipient may
see at the time it is shown (``notifications.selectors``)."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Max, Q, QuerySet

from analysis.choices import RiskStatus
from analysis.models import CoordinationRisk, Mitigation
from commitments.models import Audience, Obligation
from commitments.selectors import audience_list
from followups.models import FollowUp
from shrhub import clock
from stakeholders.choices import RoundStatus
from stakeholders.models import CURRENT_ASSESSMENT_FIELDS, Assessment, MappingRound, Position, Stakeholder
from stakeholders.models import contact_interval as contact_interval_days
from stakeholders.selectors import occupied_positions, review_overdue_q
from workinggroups.choices import OPEN_ACTION_STATUSES
from workinggroups.models import ActionItem, Membership, WorkingGroup
from workinggroups.selectors import with_health

from .choices import ReminderKind

DUE_SOON_DAYS = 7  # an item due within a week is "due soon"; so is an assessment review
NEW_FOR_DAYS = 14  # an item assigned in the last two weeks is "new" for its owner


@dataclass(frozen=True)
class Reminder:
    """One reason ``model``'s record ``object_id`` concerns user ``recipient_id``, on ``occasion``."""

    recipient_id: int
    kind: str
    model: type[models.Model]
    object_id: int
    occasion: datetime.date


ReminderSource = Callable[[datetime.date], Iterator[Reminder]]


def tracked_items(today: datetime.date) -> Iterator[Reminder]:
    """Owned follow-ups, working-group actions, agreement obligations and risk mitigations: new for their owner,
    due within a week, overdue."""
    open_statuses = sorted(OPEN_ACTION_STATUSES)
    follow_ups = FollowUp.objects.filter(status__in=open_statuses, owner__isnull=False, owner__is_active=True)
    yield from _tracked(FollowUp, follow_ups.values_list("owner_id", "pk", "due_on", "created_at"), today)
    actions = ActionItem.objects.filter(status__in=open_statuses).annotate(
        owner_id=models.functions.Coalesce("owner_user_id", "owner_membership__user_id")
    )
    rows = actions.filter(owner_id__isnull=False).values_list("owner_id", "pk", "due_on", "created_at")
    yield from _tracked(ActionItem, rows, today)
    for model in (Obligation, Mitigation):
        owned = model.objects.filter(status__in=open_statuses, owner__isnull=False, owner__is_active=True)
        yield from _tracked(model, owned.values_list("owner_id", "pk", "due_on", "created_at"), today)


def _tracked(
    model: type[models.Model], rows: Iterable[tuple[int, int, datetime.date, datetime.datetime]], today: datetime.date
) -> Iterator[Reminder]:
    soon = today + datetime.timedelta(days=DUE_SOON_DAYS)
    for owner_id, pk, due_on, created_at in rows:
        created_on = clock.day_of(created_at)
        if created_on >= today - datetime.timedelta(days=NEW_FOR_DAYS):
            yield Reminder(owner_id, ReminderKind.ASSIGNED, model, pk, created_on)
        if due_on < today:
            yield Reminder(owner_id, ReminderKind.OVERDUE, model, pk, due_on)
        elif due_on <= soon:
            yield Reminder(owner_id, ReminderKind.DUE_SOON, model, pk, due_on)


def relationships_not_met(today: datetime.date) -> Iterator[Reminder]:
    """A relationship owner whose stakeholder has not been met within its interval (``contact_interval``)."""
    rows = (
        Stakeholder.objects.filter(relationship_owner__isnull=False, relationship_owner__is_active=True)
        .annotate(last_met=Max("engagements__occurred_on"))
        .values_list(
            "relationship_owner_id",
            "pk",
            "contact_interval_days",
            "current_internal_assessment__influence",
            "last_met",
            "created_at",
        )
    )
    for owner_id, pk, days, influence, last_met, created_at in rows:
        since = last_met or clock.day_of(created_at)
        due = since + datetime.timedelta(days=contact_interval_days(days, influence))
        if due < today:
            yield Reminder(owner_id, ReminderKind.NOT_MET, Stakeholder, pk, due)


def vacant_key_offices(today: datetime.date) -> Iterator[Reminder]:
    """The relationship owner of an organisation whose key office nobody holds."""
    rows = (
        Position.objects.filter(is_key=True, organisation__relationship_owner__is_active=True)
        .exclude(pk__in=occupied_positions())
        .annotate(vacant_since=Max("tenures__ended_on"))
        .values_list("organisation__relationship_owner_id", "pk", "vacant_since", "created_at")
    )
    for owner_id, pk, vacant_since, created_at in rows:
        yield Reminder(owner_id, ReminderKind.VACANT_OFFICE, Position, pk, vacant_since or clock.day_of(created_at))


def reviews_due(today: datetime.date) -> Iterator[Reminder]:
    """The author of a current assessment (at any level) due for review within a week, or overdue by the registry's
    rule (``review_overdue_q``: its review date passed, or none and older than ``SHRHUB_REVIEW_MONTHS``)."""
    current = Q()
    for field in CURRENT_ASSESSMENT_FIELDS:
        current |= Q(pk__in=Stakeholder.objects.values(f"{field}_id"))
    soon = today + datetime.timedelta(days=DUE_SOON_DAYS)
    rows = (
        Assessment.objects.filter(current, review_overdue_q(today) | Q(review_due_on__lte=soon), author__is_active=True)
        .values_list("author_id", "pk", "review_due_on", "assessed_on")
        .distinct()
    )
    months = settings.SHRHUB_REVIEW_MONTHS
    for author_id, pk, due, assessed_on in rows:
        occasion = due or clock.months_before(assessed_on, -months)
        yield Reminder(author_id, ReminderKind.REVIEW_DUE, Assessment, pk, occasion)


def meetings_overdue(today: datetime.date) -> Iterator[Reminder]:
    """Company staff members of a working group that is overdue for a meeting, as each of them sees the group."""
    staff = (
        Membership.objects.filter(Q(left_on__isnull=True) | Q(left_on__gte=today), user__is_active=True)
        .values_list("user_id", flat=True)
        .distinct()
    )
    users = get_user_model().objects.filter(pk__in=staff).order_by("pk")
    for user in users:
        groups = WorkingGroup.objects.filter(
            pk__in=Membership.objects.filter(Q(left_on__isnull=True) | Q(left_on__gte=today), user=user).values(
                "group_id"
            )
        )
        for pk, due in (
            with_health(groups, user=user, today=today)
            .filter(meeting_overdue=True)  # type: ignore[misc]  # annotated by with_health
            .values_list("pk", "next_due_on")
        ):
            yield Reminder(user.pk, ReminderKind.MEETING_OVERDUE, WorkingGroup, pk, due)


def rounds_past_review(today: datetime.date) -> Iterator[Reminder]:
    """The lead of a mapping round still open (or planned) after its review date."""
    rows = (
        MappingRound.objects.filter(review_due_on__lt=today, lead__is_active=True)
        .exclude(status=RoundStatus.CLOSED)
        .values_list("lead_id", "pk", "review_due_on")
    )
    for lead_id, pk, due in rows:
        if due is not None:  # always (the filter), said for the type checker
            yield Reminder(lead_id, ReminderKind.ROUND_REVIEW, MappingRound, pk, due)


def risks_past_review(today: datetime.date) -> Iterator[Reminder]:
    """The owner of a coordination risk not closed whose review date is within a week or past."""
    soon = today + datetime.timedelta(days=DUE_SOON_DAYS)
    rows = (
        CoordinationRisk.objects.filter(review_on__lte=soon, owner__is_active=True)
        .exclude(status=RiskStatus.CLOSED)
        .values_list("owner_id", "pk", "review_on")
    )
    for owner_id, pk, due in rows:
        yield Reminder(owner_id, ReminderKind.RISK_REVIEW, CoordinationRisk, pk, due)


def audiences_overdue(today: datetime.date) -> Iterator[Reminder]:
    """Who informs an audience member that is overdue (never informed, or not within its interval), as each owner
    sees it: the dates count only the engagements the owner may see, so a reminder never moves with, nor
    resolves on, an engagement hidden from them. Someone never informed is overdue from the day they were added
    (a fixed occasion: one reminder, not one a day). One query per owner."""
    owners = Audience.objects.filter(owner__is_active=True).values_list("owner_id", flat=True).distinct()
    for owner in get_user_model().objects.filter(pk__in=owners).order_by("pk"):
        rows = audience_list(user=owner, today=today).filter(owner=owner, overdue=True)  # type: ignore[misc]  # annotated
        dates = rows.values_list("pk", "last_informed_on", "next_due_on", "created_at")  # type: ignore[misc]  # as above
        for pk, last, due, created_at in dates:
            yield Reminder(owner.pk, ReminderKind.OVERDUE, Audience, pk, due if last else clock.day_of(created_at))


SOURCES: tuple[ReminderSource, ...] = (
    tracked_items,
    relationships_not_met,
    vacant_key_offices,
    reviews_due,
    meetings_overdue,
    rounds_past_review,
    risks_past_review,
    audiences_overdue,
)

# The models a notification may name: the selectors filter each by what its recipient may see.
REMINDED_MODELS: tuple[type[models.Model], ...] = (
    FollowUp,
    ActionItem,
    Stakeholder,
    Position,
    Assessment,
    WorkingGroup,
    MappingRound,
    Obligation,
    Mitigation,
    CoordinationRisk,
    Audience,
)


def record_querysets() -> list[QuerySet]:
    """How each reminded model is read to be named (with what its name shows loaded)."""
    related: dict[type[models.Model], tuple[str, ...]] = {
        Position: ("organisation",),
        Assessment: ("stakeholder",),
        Obligation: ("agreement",),
        Mitigation: ("risk",),
        Audience: ("stakeholder", "country", "working_group", "agreement"),
    }
    return [model._default_manager.select_related(*related.get(model, ())) for model in REMINDED_MODELS]


def current_reminders(today: datetime.date | None = None) -> set[tuple[int, str, int, int, datetime.date]]:
    """Every reminder that holds today, as notification keys (recipient, kind, content type, record, occasion)."""
    today = today or clock.today()
    types = ContentType.objects.get_for_models(*REMINDED_MODELS)
    return {
        (r.recipient_id, r.kind, types[r.model].pk, r.object_id, r.occasion)
        for source in SOURCES
        for r in source(today)
    }
