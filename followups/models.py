"""Owned follow-ups of engagements: what the company undertook to do after meeting a stakeholder, with one
owner, a due date, a status and dated progress notes. Listed with working-group actions (and, later, agreement
obligations) in one tracker per person (``followups.tracker``)."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, ClassVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from shrhub import clock
from shrhub.models import ASSIGNEE, DomainModel, user_label
from stakeholders.models import Engagement
from workinggroups.choices import CLOSED_ACTION_STATUSES, OPEN_ACTION_STATUSES, ActionStatus

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

FollowUpStatus = ActionStatus  # one vocabulary for every owned, dated item of the tracker


class OwnedItem(DomainModel):
    """The shape every owned, dated item of the tracker shares (agreement obligations, risk mitigations): what
    is to be done, one company owner (or nobody yet), a due date, a status, and a closing date when, and only
    when, it is done or dropped (database). ``workinggroups.services.settle_closing`` fills the closing date."""

    description = models.TextField(help_text=_("What is to be done, concretely."), verbose_name=_("description"))
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("owner (company staff)"),
    )
    due_on = models.DateField(_("due on"))
    status = models.CharField(
        max_length=12, choices=ActionStatus.choices, default=ActionStatus.OPEN, verbose_name=_("status")
    )
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    user_references = {"owner": ASSIGNEE}

    class Meta:
        abstract = True
        ordering = ["due_on", "id"]
        constraints = [
            models.CheckConstraint(
                name="%(class)s_closed_on_iff_closed",
                condition=(
                    (Q(status__in=sorted(CLOSED_ACTION_STATUSES)) & Q(closed_on__isnull=False))
                    | (Q(status__in=sorted(OPEN_ACTION_STATUSES)) & Q(closed_on__isnull=True))
                ),
                violation_error_message=_("A done or dropped item has a closing date; an open one has none."),
            ),
        ]

    def __str__(self) -> str:
        text = " ".join(self.description.split())
        return text if len(text) <= 80 else f"{text[:79]}…"

    @property
    def owner_name(self) -> str:
        return user_label(self.owner) if self.owner_id else "—"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_ACTION_STATUSES

    def is_overdue(self, today: datetime.date | None = None) -> bool:
        """Still open after its due date."""
        return self.is_open and self.due_on < (today or clock.today())

    def clean(self) -> None:
        errors: dict[str, StrOrPromise] = {}
        if self.status in CLOSED_ACTION_STATUSES and not self.closed_on:
            errors["closed_on"] = _("Give the date it was closed.")
        if self.status in OPEN_ACTION_STATUSES and self.closed_on:
            errors["closed_on"] = _("An open item has no closing date.")
        if errors:
            raise ValidationError(errors)


class ProgressNote(DomainModel):
    """A dated progress note on an owned item, optionally with the status it moved to: appended, never edited.
    A concrete note names its item's foreign key in ``item_field``."""

    note = models.TextField(verbose_name=_("note"))
    new_status = models.CharField(
        _("moved the item to"),
        max_length=12,
        choices=ActionStatus.choices,
        blank=True,
        help_text=_("The status the item moved to with this note, if it changed."),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("author"),
    )
    item_field: ClassVar[str]

    class Meta:
        abstract = True
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        text = " ".join(self.note.split())
        return text if len(text) <= 80 else f"{text[:79]}…"

    def get_absolute_url(self) -> str:
        return getattr(self, self.item_field).get_absolute_url() + f"#progress-{self.pk}"


class FollowUp(DomainModel):
    """Something the company undertook in an engagement: owned by one company staff member, due on a date,
    closed (done or dropped) with a date, and only then (database). An item whose owner left is unowned and
    shows in the managers' warnings until someone takes it on."""

    engagement = models.ForeignKey(
        Engagement, on_delete=models.CASCADE, related_name="follow_up_items", verbose_name=_("engagement")
    )
    description = models.TextField(
        help_text=_("What the company undertook to do, concretely."), verbose_name=_("description")
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="follow_ups",
        verbose_name=_("owner"),
    )
    due_on = models.DateField(_("due on"))
    status = models.CharField(
        max_length=12, choices=FollowUpStatus.choices, default=FollowUpStatus.OPEN, verbose_name=_("status")
    )
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    history = HistoricalRecords()
    user_references = {"owner": ASSIGNEE}

    class Meta:
        verbose_name = _("follow-up")
        verbose_name_plural = _("follow-ups")
        ordering = ["due_on", "id"]
        indexes = [models.Index(fields=["status", "due_on"]), models.Index(fields=["owner", "status", "due_on"])]
        constraints = [
            models.CheckConstraint(
                name="followup_closed_on_iff_closed",
                condition=(
                    (Q(status__in=sorted(CLOSED_ACTION_STATUSES)) & Q(closed_on__isnull=False))
                    | (Q(status__in=sorted(OPEN_ACTION_STATUSES)) & Q(closed_on__isnull=True))
                ),
                violation_error_message=_("A done or dropped follow-up has a closing date; an open one has none."),
            ),
        ]

    hides_with = ("engagement",)  # a follow-up is as confidential as the engagement that made it

    def __str__(self) -> str:
        text = " ".join(self.description.split())
        return text if len(text) <= 80 else f"{text[:79]}…"

    def get_absolute_url(self) -> str:
        return reverse("followups:followup_detail", args=[self.pk])

    @property
    def owner_name(self) -> str:
        return user_label(self.owner) if self.owner_id else "—"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_ACTION_STATUSES

    def is_overdue(self, today: datetime.date | None = None) -> bool:
        """Still open after its due date."""
        return self.is_open and self.due_on < (today or clock.today())

    def clean(self) -> None:
        errors: dict[str, StrOrPromise] = {}
        if self.status in CLOSED_ACTION_STATUSES and not self.closed_on:
            errors["closed_on"] = _("Give the date the follow-up was closed.")
        if self.status in OPEN_ACTION_STATUSES and self.closed_on:
            errors["closed_on"] = _("An open follow-up has no closing date.")
        if errors:
            raise ValidationError(errors)


class FollowUpProgress(DomainModel):
    """A dated progress note on a follow-up, optionally with the status it moved to. Appended, never edited."""

    follow_up = models.ForeignKey(
        FollowUp, on_delete=models.CASCADE, related_name="progress_notes", verbose_name=_("follow-up")
    )
    note = models.TextField(verbose_name=_("note"))
    new_status = models.CharField(
        _("moved the follow-up to"),
        max_length=12,
        choices=FollowUpStatus.choices,
        blank=True,
        help_text=_("The status the follow-up moved to with this note, if it changed."),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("author"),
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["follow_up", "created_at", "id"]
        verbose_name = _("follow-up progress note")
        verbose_name_plural = _("follow-up progress notes")

    hides_with = ("follow_up",)

    def __str__(self) -> str:
        text = " ".join(self.note.split())
        return text if len(text) <= 80 else f"{text[:79]}…"

    def get_absolute_url(self) -> str:
        return self.follow_up.get_absolute_url() + f"#progress-{self.pk}"
