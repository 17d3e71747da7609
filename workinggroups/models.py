"""Local security working groups (challenges 1.1.a and 1.1.c): who sits in them, when they meet, what
is said and agreed there, and whether the agreements are carried out.

Rules live in three tiers: the database enforces what one row can say about itself (constraints),
``clean()`` what needs a look at a related row (an approved meeting's record is locked), and the
services what spans several rows (attendance only for members of the group on the day).
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from shrhub import clock
from shrhub.models import ASSIGNEE, SEE_CONFIDENTIAL, ConfidentialModel, DomainModel, concrete_field, user_label
from shrhub.types import AnyUser
from shrhub.zones import validate_time_zone, zone_or_operation

from .choices import (
    CLOSED_ACTION_STATUSES,
    OPEN_ACTION_STATUSES,
    ActionStatus,
    AttendanceStatus,
    Constituency,
    GroupStatus,
    MeetingStatus,
    MemberRole,
)

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


def meeting_seen(user: AnyUser, path: str = "meeting", *, optional: bool = False) -> Q:
    """Rows whose meeting at ``path`` is visible to ``user`` (or absent, when ``optional``): everything that is
    part of a meeting's record (agenda, key issues, guests, attendance, amendments, the actions it agreed and
    their progress) is hidden with the meeting, whose level is decided by ``Meeting.objects.visible_to``."""
    if user is not None and user.is_authenticated and user.is_active and _sees_every_meeting(user):
        return Q()  # no subquery for those who see every meeting (administrators)
    seen = Q(**{f"{path}__in": Meeting.objects.visible_to(user).values("pk")})
    return (Q(**{f"{path}__isnull": True}) | seen) if optional else seen


def _sees_every_meeting(user: AnyUser) -> bool:
    return user.has_perm("workinggroups.view_meeting") and user.has_perm(SEE_CONFIDENTIAL)


LOCKED_MESSAGE = _("These minutes are approved and locked; record an amendment instead.")
RECORD_LOCKED_MESSAGE = _("The minutes of this meeting are approved: its record is locked.")


class WorkingGroup(DomainModel):
    """A local security working group for one jurisdiction.

    It is expected to meet every ``cadence_days`` (counted from its last held meeting, or from
    ``established_on`` before the first); its secretariat/focal point, if set, is one of its current
    members (``clean()``).
    """

    jurisdiction = models.ForeignKey(
        "shrhub.Jurisdiction", on_delete=models.PROTECT, related_name="working_groups", verbose_name=_("jurisdiction")
    )
    name = models.CharField(max_length=200, verbose_name=_("name"))
    purpose = models.TextField(
        _("purpose / terms of reference"),
        help_text=_("Why the group exists and how it works: scope, membership, decision-making."),
    )
    established_on = models.DateField(
        default=clock.today,
        help_text=_("The first meeting falls due one cadence after this date."),
        verbose_name=_("established on"),
    )
    cadence_days = models.PositiveSmallIntegerField(
        _("expected cadence (days)"), default=90, help_text=_("How often the group should meet, in days.")
    )
    status = models.CharField(
        max_length=10, choices=GroupStatus.choices, default=GroupStatus.ACTIVE, verbose_name=_("status")
    )
    standing_agenda = models.TextField(
        blank=True,
        help_text=_("One item per line; every new meeting's agenda starts from it."),
        verbose_name=_("standing agenda"),
    )
    secretariat = models.ForeignKey(
        "Membership",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("secretariat / focal point"),
        help_text=_("The member responsible for logistics, the agenda and recording key issues."),
    )
    neutral_facilitator = models.BooleanField(
        _("the secretariat is a neutral facilitator"),
        default=False,
        help_text=_("The Hub edition recommends a neutral facilitator as secretariat."),
    )
    time_zone = models.CharField(
        max_length=64,
        blank=True,
        validators=[validate_time_zone],
        help_text="Where the group meets: its meetings are planned and shown in this zone. Blank: the operation's.",
        verbose_name=_("time zone"),
    )
    masked_links = ("secretariat",)  # a secretariat seat of a hidden stakeholder shows only to who may see it
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("working group")
        verbose_name_plural = _("working groups")
        ordering = ["name", "id"]
        constraints = [
            models.CheckConstraint(
                name="workinggroup_cadence_1_to_366_days",
                condition=Q(cadence_days__gte=1, cadence_days__lte=366),
                violation_error_message=_("The cadence is between 1 and 366 days."),
            ),
            models.UniqueConstraint(
                fields=["jurisdiction", "name"],
                name="workinggroup_unique_name",
                violation_error_message=_("This jurisdiction already has a working group with this name."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("workinggroups:workinggroup_detail", args=[self.pk])

    @property
    def zone(self) -> ZoneInfo:
        """Where the group meets: its own time zone, or the operation's."""
        return zone_or_operation(self.time_zone)

    def clean(self) -> None:
        errors: dict[str, StrOrPromise] = {}
        if self.cadence_days is not None and not 1 <= self.cadence_days <= 366:
            errors["cadence_days"] = _("The cadence is between 1 and 366 days.")
        secretariat = self.secretariat  # None without a query when no secretariat is named
        if secretariat is not None:
            if self.pk is None or secretariat.group_id != self.pk:
                errors["secretariat"] = _("The secretariat must be a member of this group.")
            elif secretariat.left_on is not None:
                errors["secretariat"] = _("The secretariat must be a current member of this group.")
        if self.neutral_facilitator and not self.secretariat_id:
            errors["neutral_facilitator"] = _("Choose the secretariat before marking it as a neutral facilitator.")
        if errors:
            raise ValidationError(errors)

    def standing_agenda_items(self) -> list[str]:
        return [line.strip() for line in self.standing_agenda.splitlines() if line.strip()]


class Membership(DomainModel):
    """A seat in a group, held by a stakeholder or by a company staff member (exactly one: database),
    for a constituency and a role, from ``joined_on`` to ``left_on`` (inclusive; open while null).

    A member has at most one open seat per group (database); periods never overlap (services).
    """

    group = models.ForeignKey(
        WorkingGroup, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("group")
    )
    stakeholder = models.ForeignKey(
        "stakeholders.Stakeholder",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="working_group_memberships",
        help_text=_("An organisation or person from the registry…"),
        verbose_name=_("stakeholder"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="working_group_memberships",
        verbose_name=_("company staff"),
        help_text=_("…or a member of the company's staff."),
    )
    constituency = models.CharField(max_length=20, choices=Constituency.choices, verbose_name=_("constituency"))
    role = models.CharField(
        max_length=12, choices=MemberRole.choices, default=MemberRole.MEMBER, verbose_name=_("role")
    )
    joined_on = models.DateField(verbose_name=_("joined on"))
    left_on = models.DateField(null=True, blank=True, verbose_name=_("left on"))
    notes = models.CharField(max_length=300, blank=True, verbose_name=_("notes"))
    history = HistoricalRecords()
    user_references = {"user": ASSIGNEE}

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["group", "role", "id"]
        indexes = [models.Index(fields=["group", "constituency"])]
        constraints = [
            models.CheckConstraint(
                name="membership_exactly_one_member",
                condition=(
                    (Q(stakeholder__isnull=False) & Q(user__isnull=True))
                    | (Q(stakeholder__isnull=True) & Q(user__isnull=False))
                ),
                violation_error_message=_("A seat is held either by a stakeholder or by a company staff member."),
            ),
            models.CheckConstraint(
                name="membership_left_after_joined",
                condition=Q(left_on__isnull=True) | Q(left_on__gte=F("joined_on")),
                violation_error_message=_("A member leaves on or after the day they joined."),
            ),
            models.UniqueConstraint(
                fields=["group", "stakeholder"],
                condition=Q(left_on__isnull=True),
                name="membership_one_open_seat_per_stakeholder",
                violation_error_message=_("This stakeholder is already a current member of the group."),
            ),
            models.UniqueConstraint(
                fields=["group", "user"],
                condition=Q(left_on__isnull=True),
                name="membership_one_open_seat_per_user",
                violation_error_message=_("This staff member is already a current member of the group."),
            ),
        ]

    def __str__(self) -> str:
        return self.member_name

    def get_absolute_url(self) -> str:
        return reverse("workinggroups:membership_detail", args=[self.pk])

    hides_with = ("stakeholder",)  # a seat is hidden whenever its stakeholder is

    @property
    def member_name(self) -> str:
        if self.stakeholder is not None:
            return self.stakeholder.name
        if self.user_id:
            return user_label(self.user)
        return "—"

    @property
    def is_current(self) -> bool:
        return self.left_on is None

    def active_on(self, day: datetime.date) -> bool:
        """A member on ``day``: joined on or before it and not left before it."""
        return self.joined_on <= day and (self.left_on is None or self.left_on >= day)

    def clean(self) -> None:
        errors: dict[str, StrOrPromise] = {}
        if bool(self.stakeholder_id) == bool(self.user_id):
            errors["stakeholder"] = _("Choose either a stakeholder or a company staff member (exactly one).")
        if self.left_on and self.joined_on and self.left_on < self.joined_on:
            errors["left_on"] = _("A member leaves on or after the day they joined.")
        if errors:
            raise ValidationError(errors)


class Meeting(ConfidentialModel):
    """One meeting of a group: planned, then held (or postponed, cancelled), with its record.

    Once its minutes are approved (only a held meeting's, with ``approved_by`` only when approved:
    database) the record is locked: ``clean()`` refuses any change to ``LOCKED_FIELDS``, so pages,
    API and admin all refuse it; corrections are ``MinutesAmendment`` rows and the original stays
    readable. Catalogue practices it carries out are tagged so that adoptions can cite it.

    A meeting carries a confidentiality level and named users like every confidential record
    (``VisibleQuerySet.visible_to``); its whole record (agenda, key issues, guests, attendance, amendments,
    the actions it agreed and their progress) is hidden with it. The level and the named users are not
    among ``LOCKED_FIELDS``: access can still be tightened (or opened) after the minutes are approved.
    """

    LOCKED_FIELDS = (
        "group",
        "title",
        "status",
        "starts_at",
        "duration_minutes",
        "location",
        "minutes",
        "decisions",
        "approved_at",
        "approved_by",
    )

    group = models.ForeignKey(WorkingGroup, on_delete=models.PROTECT, related_name="meetings", verbose_name=_("group"))
    title = models.CharField(
        max_length=200, blank=True, help_text=_("Optional, e.g. “Quarterly meeting”."), verbose_name=_("title")
    )
    status = models.CharField(
        max_length=10, choices=MeetingStatus.choices, default=MeetingStatus.PLANNED, verbose_name=_("status")
    )
    starts_at = models.DateTimeField(_("scheduled start"))
    duration_minutes = models.PositiveSmallIntegerField(_("duration (minutes)"), default=120)
    location = models.CharField(max_length=200, blank=True, verbose_name=_("location"))
    minutes = models.TextField(
        blank=True, help_text=_("Markdown. Shown sanitised: no scripts, no styling."), verbose_name=_("minutes")
    )
    decisions = models.TextField(
        blank=True, help_text=_("Markdown: what the meeting decided."), verbose_name=_("decisions")
    )
    practices = models.ManyToManyField(
        "practices.Practice",
        blank=True,
        related_name="meetings",
        help_text=_("Catalogue practices this meeting carries out."),
        verbose_name=_("practices"),
    )
    approved_at = models.DateTimeField(_("minutes approved at"), null=True, blank=True, editable=False)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
        verbose_name=_("minutes approved by"),
    )
    history = HistoricalRecords(m2m_fields=[practices, "cleared_users"])

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["-starts_at", "-id"]
        indexes = [
            # Matches "the group's latest held meetings" (filter and order) exactly, so that even SQLite
            # without statistics picks it for the health figures' subqueries.
            models.Index(fields=["group", "status", "-starts_at", "-id"], name="meeting_group_latest_idx"),
            models.Index(fields=["status", "starts_at"]),
        ]
        constraints = [
            models.CheckConstraint(
                name="meeting_approved_only_when_held",
                condition=Q(approved_at__isnull=True) | Q(status=MeetingStatus.HELD),
                violation_error_message=_("Only the minutes of a held meeting can be approved."),
            ),
            models.CheckConstraint(
                name="meeting_approver_only_when_approved",
                condition=Q(approved_by__isnull=True) | Q(approved_at__isnull=False),
                violation_error_message=_("An approver is recorded only with the approval."),
            ),
            models.CheckConstraint(
                name="meeting_duration_positive",
                condition=Q(duration_minutes__gte=1),
                violation_error_message=_("A meeting lasts at least a minute."),
            ),
        ]

    def __str__(self) -> str:
        when = timezone.localtime(self.starts_at).strftime("%Y-%m-%d") if self.starts_at else gettext("unscheduled")
        return f"{self.title or gettext('Meeting')} ({when})"

    def get_absolute_url(self) -> str:
        return reverse("workinggroups:meeting_detail", args=[self.pk])

    @property
    def date(self) -> datetime.date:
        """The meeting's calendar day in the site's time zone (membership dates are days)."""
        return clock.day_of(self.starts_at)

    @property
    def ends_at(self) -> datetime.datetime:
        return self.starts_at + datetime.timedelta(minutes=self.duration_minutes)

    @property
    def is_approved(self) -> bool:
        return self.approved_at is not None

    @property
    def minutes_approvable(self) -> bool:
        """Held, with minutes written, not yet approved: what ``services.meeting_approve`` accepts."""
        return not self.is_approved and self.status == MeetingStatus.HELD and bool(self.minutes.strip())

    def amendments_in_order(self) -> list[MinutesAmendment]:
        """Amendments oldest first (uses a prefetch of ``amendments`` when there is one)."""
        return sorted(self.amendments.all(), key=lambda a: (a.created_at, a.pk))

    @property
    def effective_minutes(self) -> str:
        """The minutes as they stand: the latest amendment's text, or the approved/draft text."""
        amendments = self.amendments_in_order() if self.pk else []
        return amendments[-1].minutes if amendments else self.minutes

    @property
    def effective_decisions(self) -> str:
        amendments = self.amendments_in_order() if self.pk else []
        return amendments[-1].decisions if amendments else self.decisions

    def clean(self) -> None:
        errors: dict[str, StrOrPromise] = {}
        if self.approved_at is not None and self.status != MeetingStatus.HELD:
            errors["status"] = _("Only the minutes of a held meeting can be approved.")
        if self.duration_minutes is not None and self.duration_minutes < 1:
            errors["duration_minutes"] = _("A meeting lasts at least a minute.")
        if self.pk is not None:
            stored = Meeting._base_manager.filter(pk=self.pk).values(*self._locked_attnames()).first()
            if stored is not None and stored["approved_at"] is not None:
                for name, attname in zip(self.LOCKED_FIELDS, self._locked_attnames(), strict=True):
                    if getattr(self, attname) != stored[attname]:
                        key = name if name not in {"approved_at", "approved_by"} else "minutes"
                        text = LOCKED_MESSAGE if key in {"minutes", "decisions"} else RECORD_LOCKED_MESSAGE
                        errors.setdefault(key, text)
        if errors:
            raise ValidationError(errors)

    @classmethod
    def _locked_attnames(cls) -> list[str]:
        return [concrete_field(cls, name).attname for name in cls.LOCKED_FIELDS]


class MeetingPart(DomainModel):
    """A piece of a meeting's record: refused once the meeting's minutes are approved (``clean()``)."""

    class Meta:
        abstract = True

    def clean(self) -> None:
        meeting_id = getattr(self, "meeting_id", None)
        if meeting_id and Meeting._base_manager.filter(pk=meeting_id, approved_at__isnull=False).exists():
            raise ValidationError(RECORD_LOCKED_MESSAGE)


class AgendaItem(MeetingPart):
    """One numbered item of a meeting's agenda (positions are unique per meeting)."""

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="agenda_items", verbose_name=_("meeting")
    )
    position = models.PositiveSmallIntegerField(verbose_name=_("position"))
    title = models.CharField(max_length=300, verbose_name=_("title"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        ordering = ["meeting", "position"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "position"], name="agendaitem_unique_position"),
        ]

    def __str__(self) -> str:
        return f"{self.position}. {self.title}"

    def get_absolute_url(self) -> str:
        return self.meeting.get_absolute_url()

    hides_with = ("meeting",)


class KeyIssue(MeetingPart):
    """A key issue raised at a meeting, with the stakeholder who raised it when known."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="key_issues", verbose_name=_("meeting"))
    text = models.TextField(_("issue"))
    raised_by = models.ForeignKey(
        "stakeholders.Stakeholder",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="working_group_issues",
        verbose_name=_("raised by"),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("key issue")
        verbose_name_plural = _("key issues")
        ordering = ["meeting", "id"]

    def __str__(self) -> str:
        text = " ".join(self.text.split())
        return text if len(text) <= 80 else f"{text[:79]}…"

    def get_absolute_url(self) -> str:
        return reverse("workinggroups:keyissue_detail", args=[self.pk])

    hides_with = ("meeting", "raised_by")


class Guest(MeetingPart):
    """Someone at a meeting who is not a member (an invited expert, a visiting official)."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="guests", verbose_name=_("meeting"))
    name = models.CharField(max_length=200, verbose_name=_("name"))
    organisation = models.CharField(max_length=200, blank=True, verbose_name=_("organisation"))
    stakeholder = models.ForeignKey(
        "stakeholders.Stakeholder",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="working_group_guest_visits",
        help_text=_("If the guest is in the registry."),
        verbose_name=_("stakeholder"),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("guest")
        verbose_name_plural = _("guests")
        ordering = ["meeting", "name", "id"]

    def __str__(self) -> str:
        return f"{self.name} ({self.organisation})" if self.organisation else self.name

    def get_absolute_url(self) -> str:
        return self.meeting.get_absolute_url()

    hides_with = ("meeting", "stakeholder")


class Attendance(MeetingPart):
    """Whether a member came to a meeting. One row per meeting and seat (database); only for members of
    the meeting's group on the meeting's day (services)."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendance", verbose_name=_("meeting"))
    membership = models.ForeignKey(
        Membership, on_delete=models.PROTECT, related_name="attendance", verbose_name=_("membership")
    )
    status = models.CharField(max_length=10, choices=AttendanceStatus.choices, verbose_name=_("status"))
    history = HistoricalRecords()

    class Meta:
        ordering = ["meeting", "membership__constituency", "id"]
        verbose_name_plural = _("attendance")
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "membership"],
                name="attendance_unique_member",
                violation_error_message=_("This member's attendance is already recorded for the meeting."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.membership}: {self.get_status_display()}"

    def get_absolute_url(self) -> str:
        return self.meeting.get_absolute_url()

    hides_with = ("meeting", "membership")  # the seat hides with its stakeholder


class MinutesAmendment(DomainModel):
    """A correction of approved minutes: the new text, why, by whom, when. Never edited or deleted
    (services offer neither); the approved original stays on the meeting, readable."""

    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="amendments", verbose_name=_("meeting"))
    reason = models.TextField(help_text=_("What was wrong and who asked for the correction."), verbose_name=_("reason"))
    minutes = models.TextField(_("amended minutes"), help_text=_("Markdown: the full corrected minutes."))
    decisions = models.TextField(_("amended decisions"), blank=True)
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
        verbose_name = _("minutes amendment")
        verbose_name_plural = _("minutes amendments")
        ordering = ["meeting", "created_at", "id"]

    def __str__(self) -> str:
        when = timezone.localtime(self.created_at).strftime("%Y-%m-%d") if self.created_at else gettext("new")
        return gettext("Amendment of %(meeting)s (%(when)s)") % {"meeting": self.meeting, "when": when}

    def get_absolute_url(self) -> str:
        return self.meeting.get_absolute_url() + f"#amendment-{self.pk}"

    hides_with = ("meeting",)  # the meeting whose minutes it corrects

    def clean(self) -> None:
        errors: dict[str, StrOrPromise] = {}
        if self.meeting_id and not Meeting._base_manager.filter(pk=self.meeting_id, approved_at__isnull=False).exists():
            errors["meeting"] = _("Only approved minutes are amended; until approval, edit the draft.")
        if self.reason is not None and not self.reason.strip():
            errors["reason"] = _("Say why the minutes are amended.")
        if errors:
            raise ValidationError(errors)


class ActionItem(DomainModel):
    """An agreement or follow-up of a group, usually from a meeting, owned by one member or one company
    staff member (exactly one: database), due on a date. It is closed (done or dropped) with a date,
    and only then (database)."""

    group = models.ForeignKey(
        WorkingGroup, on_delete=models.PROTECT, related_name="action_items", verbose_name=_("group")
    )
    meeting = models.ForeignKey(
        Meeting,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="action_items",
        help_text=_("The meeting that agreed it."),
        verbose_name=_("meeting"),
    )
    description = models.TextField(help_text=_("What was agreed, concretely."), verbose_name=_("description"))
    owner_membership = models.ForeignKey(
        Membership,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="actions",
        verbose_name=_("owner (member)"),
    )
    owner_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="working_group_actions",
        verbose_name=_("owner (company staff)"),
    )
    due_on = models.DateField(_("due on"))
    status = models.CharField(
        max_length=12, choices=ActionStatus.choices, default=ActionStatus.OPEN, verbose_name=_("status")
    )
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    history = HistoricalRecords()
    user_references = {"owner_user": ASSIGNEE}

    class Meta:
        verbose_name = _("action item")
        verbose_name_plural = _("action items")
        ordering = ["due_on", "id"]
        indexes = [models.Index(fields=["status", "due_on"]), models.Index(fields=["group", "status"])]
        constraints = [
            models.CheckConstraint(
                name="actionitem_exactly_one_owner",
                condition=(
                    (Q(owner_membership__isnull=False) & Q(owner_user__isnull=True))
                    | (Q(owner_membership__isnull=True) & Q(owner_user__isnull=False))
                ),
                violation_error_message=_("An action has one owner: a member or a company staff member."),
            ),
            models.CheckConstraint(
                name="actionitem_closed_on_iff_closed",
                condition=(
                    (Q(status__in=sorted(CLOSED_ACTION_STATUSES)) & Q(closed_on__isnull=False))
                    | (Q(status__in=sorted(OPEN_ACTION_STATUSES)) & Q(closed_on__isnull=True))
                ),
                violation_error_message=_("A done or dropped action has a closing date; an open one has none."),
            ),
        ]

    def __str__(self) -> str:
        text = " ".join(self.description.split())
        return text if len(text) <= 80 else f"{text[:79]}…"

    def get_absolute_url(self) -> str:
        return reverse("workinggroups:actionitem_detail", args=[self.pk])

    hides_with = ("meeting", "owner_membership")  # the meeting that agreed it, the owner's seat (if any)

    @property
    def owner_name(self) -> str:
        if self.owner_membership is not None:
            return self.owner_membership.member_name
        if self.owner_user_id:
            return user_label(self.owner_user)
        return "—"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_ACTION_STATUSES

    def is_overdue(self, today: datetime.date | None = None) -> bool:
        """Still open after its due date."""
        today = today or clock.today()
        return self.is_open and self.due_on is not None and self.due_on < today

    def clean(self) -> None:
        errors: dict[str, StrOrPromise] = {}
        if bool(self.owner_membership_id) == bool(self.owner_user_id):
            errors["owner_membership"] = _("Choose one owner: a member of the group or a company staff member.")
        meeting = self.meeting  # None without a query when no meeting is named
        if meeting is not None and self.group_id and meeting.group_id != self.group_id:
            errors["meeting"] = _("The meeting belongs to another group.")
        seat = self.owner_membership if self.group_id else None
        if seat is not None and seat.group_id != self.group_id:
            errors["owner_membership"] = _("The owner must be a member of this group.")
        if meeting is not None and self.due_on and self.due_on < meeting.date:
            errors["due_on"] = _("An action falls due on or after the meeting that agreed it.")
        if self.status in CLOSED_ACTION_STATUSES and not self.closed_on:
            errors["closed_on"] = _("Give the date the action was closed.")
        if self.status in OPEN_ACTION_STATUSES and self.closed_on:
            errors["closed_on"] = _("An open action has no closing date.")
        if errors:
            raise ValidationError(errors)


class ActionProgress(DomainModel):
    """A dated progress note on an action, optionally with the status the action moved to. Notes are
    appended, never edited (services offer no update)."""

    action = models.ForeignKey(
        ActionItem, on_delete=models.CASCADE, related_name="progress_notes", verbose_name=_("action")
    )
    note = models.TextField(verbose_name=_("note"))
    new_status = models.CharField(
        _("moved the action to"),
        max_length=12,
        choices=ActionStatus.choices,
        blank=True,
        help_text=_("The status the action moved to with this note, if it changed."),
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
        ordering = ["action", "created_at", "id"]
        verbose_name = _("progress note")

    def __str__(self) -> str:
        text = " ".join(self.note.split())
        return text if len(text) <= 80 else f"{text[:79]}…"

    def get_absolute_url(self) -> str:
        return self.action.get_absolute_url() + f"#progress-{self.pk}"

    hides_with = ("action",)  # its action hides with its meeting and its owner's stakeholder


class CalendarFeedToken(models.Model):
    """A personal calendar subscription: the credential a calendar app (which cannot log in) puts in the feed's
    address. Only a SHA-256 hash of the secret is stored (the raw key is shown once, when issued); it is for one
    feed (one group's meetings, or every group's when ``group`` is empty), it expires, its owner or an
    administrator can revoke it, and it records when it was last used. One active token per user and feed:
    issuing a new one revokes the previous (``workinggroups.calendar.issue_feed_token``). The feed shows what its
    owner may see at the time of each request, and nothing once the owner is deactivated or loses the right to
    read meetings."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feeds", verbose_name=_("user")
    )
    group = models.ForeignKey(
        WorkingGroup,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        help_text=_("Empty: every group."),
        verbose_name=_("group"),
    )
    prefix = models.CharField(max_length=12, unique=True, editable=False, verbose_name=_("prefix"))
    key_hash = models.CharField(max_length=64, editable=False, verbose_name=_("key hash"))
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))
    expires_at = models.DateTimeField(verbose_name=_("expires at"))
    revoked_at = models.DateTimeField(null=True, blank=True, verbose_name=_("revoked at"))
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("revoked by"),
    )
    last_used_at = models.DateTimeField(null=True, blank=True, verbose_name=_("last used at"))

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("calendar feed token")

    def __str__(self) -> str:
        return f"{self.feed_name} ({self.prefix}…)"

    @property
    def feed_name(self) -> str:
        return (
            gettext("%(group)s: meetings") % {"group": self.group.name}
            if self.group is not None
            else gettext("Every group's meetings")
        )

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None and self.expires_at > clock.now()
