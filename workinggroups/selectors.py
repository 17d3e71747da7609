"""Reads of the working groups: every list starts from ``visible_to(user)`` and loads what its page shows.

Health figures are SQL annotations (correlated subqueries), so a list of groups costs the same number
of queries for two groups or two hundred, and the FilterSet can sort by any of them.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import (
    BooleanField,
    Case,
    Count,
    DateField,
    Exists,
    F,
    FloatField,
    Func,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
    Window,
)
from django.db.models.expressions import CombinedExpression
from django.db.models.functions import Cast, Coalesce, NullIf, RowNumber, TruncDate

from shrhub import clock
from shrhub.models import user_label
from shrhub.selectors import count_of
from shrhub.types import AnyUser

from .choices import (
    MEETING_STATUSES,
    OPEN_ACTION_STATUSES,
    ActionStatus,
    AttendanceStatus,
    Constituency,
    MeetingStatus,
    MemberRole,
)
from .models import (
    ActionItem,
    ActionProgress,
    AgendaItem,
    Attendance,
    Guest,
    KeyIssue,
    Meeting,
    Membership,
    MinutesAmendment,
    WorkingGroup,
)

if TYPE_CHECKING:
    from django.db.backends.base.base import BaseDatabaseWrapper
    from django.db.models.sql.compiler import SQLCompiler, _AsSqlType


def health_meetings() -> int:
    """How many of a group's latest held meetings the attendance figures look at."""
    return int(getattr(settings, "WORKINGGROUPS_HEALTH_MEETINGS", 4))


class PlusDays(Func):
    """``date + n days`` as a date, on SQLite (``date(d, '+n days')``) and PostgreSQL (``d + n``)."""

    arity = 2
    output_field = DateField()

    def as_sqlite(self, compiler: SQLCompiler, connection: BaseDatabaseWrapper, **extra_context: Any) -> _AsSqlType:
        return self.as_sql(
            compiler, connection, template="date(%(expressions)s || ' days')", arg_joiner=", '+' || ", **extra_context
        )

    def as_postgresql(self, compiler: SQLCompiler, connection: BaseDatabaseWrapper, **extra_context: Any) -> _AsSqlType:
        return self.as_sql(compiler, connection, template="(%(expressions)s)", arg_joiner=" + ", **extra_context)


_count = count_of  # a correlated count; pass querysets that start from ``visible_to(user)``


def _rate(part: str, whole: str) -> CombinedExpression:
    """``part / whole`` as a float, NULL when ``whole`` is 0 (no data is not 0 %)."""
    return Cast(F(part), FloatField()) / Cast(NullIf(F(whole), Value(0)), FloatField())


def recent_held_meetings(group_ref: Any, last_n: int, *, user: AnyUser) -> QuerySet[Meeting, Any]:
    """The ids of a group's ``last_n`` latest held meetings that ``user`` may see (a subquery on ``group_ref``)."""
    return (
        Meeting.objects.visible_to(user)
        .filter(group=group_ref, status=MeetingStatus.HELD)
        .order_by("-starts_at", "-id")
        .values("pk")[:last_n]
    )


def _recent_attendance(last_n: int, *, user: AnyUser) -> QuerySet[Attendance]:
    """Attendance at the group's ``last_n`` latest held meetings that ``user`` may see. It starts from those
    meetings' ids (found through the meeting index on group, status and start) rather than joining attendance
    to meetings, which would read every group's attendance for each group."""
    return Attendance.objects.visible_to(user).filter(
        meeting__in=recent_held_meetings(OuterRef(OuterRef("pk")), last_n, user=user)
    )


def _current_members(today: datetime.date, *, user: AnyUser) -> QuerySet[Membership]:
    """The group's current seats that ``user`` may see (a hidden member is neither counted nor "represented")."""
    return (
        Membership.objects.visible_to(user)
        .filter(group=OuterRef("pk"), joined_on__lte=today)
        .filter(Q(left_on__isnull=True) | Q(left_on__gte=today))
    )


def with_health(
    queryset: QuerySet[WorkingGroup], *, user: AnyUser, today: datetime.date | None = None, last_n: int | None = None
) -> QuerySet[WorkingGroup]:
    """Annotate groups with their health figures, counting only the meetings ``user`` may see (and the
    attendance at them, and the actions they agreed): a figure never reveals a hidden meeting, not even its
    date through "last held".

    - ``last_held_at``; ``next_due_on`` = (day of the last held meeting, or ``established_on``) + cadence;
      ``meeting_overdue`` when that day has passed for a forming or active group; ``next_planned_at``, the
      first planned meeting from ``today`` on.
    - ``attended`` / ``expected`` / ``attendance_rate``: present ÷ recorded attendance over the last
      ``last_n`` held meetings (``None`` without records).
    - ``vulnerable_represented`` / ``civil_society_represented``: a current member of that constituency;
      ``vulnerable_attend`` / ``civil_society_attend``: one was present at one of those meetings.
    - ``open_actions``, ``overdue_actions`` (open past due), ``done_actions``, ``counted_actions`` (all
      but dropped) and ``completion_rate`` = done ÷ counted (``None`` without actions).
    """
    today = today or clock.today()
    last_n = last_n or health_meetings()
    meetings = Meeting.objects.visible_to(user).filter(group=OuterRef("pk"))
    held = meetings.filter(status=MeetingStatus.HELD).order_by("-starts_at", "-id")
    planned = meetings.filter(status=MeetingStatus.PLANNED, starts_at__date__gte=today).order_by("starts_at", "id")
    recent = _recent_attendance(last_n, user=user)
    actions = ActionItem.objects.visible_to(user).filter(group=OuterRef("pk"))
    open_actions = actions.filter(status__in=sorted(OPEN_ACTION_STATUSES))
    members = _current_members(today, user=user)
    return queryset.annotate(
        last_held_at=Subquery(held.values("starts_at")[:1]),
        next_planned_at=Subquery(planned.values("starts_at")[:1]),
        next_due_on=PlusDays(Coalesce(TruncDate(F("last_held_at")), F("established_on")), F("cadence_days")),
        meeting_overdue=Case(
            When(status__in=sorted(MEETING_STATUSES), next_due_on__lt=today, then=Value(True)),
            default=Value(False),
            output_field=BooleanField(),
        ),
        attended=_count(recent.filter(status=AttendanceStatus.PRESENT)),
        expected=_count(recent),
        attendance_rate=_rate("attended", "expected"),
        vulnerable_represented=Exists(members.filter(constituency=Constituency.VULNERABLE_GROUP)),
        civil_society_represented=Exists(members.filter(constituency=Constituency.CIVIL_SOCIETY)),
        vulnerable_attend=Exists(
            recent.filter(status=AttendanceStatus.PRESENT, membership__constituency=Constituency.VULNERABLE_GROUP)
        ),
        civil_society_attend=Exists(
            recent.filter(status=AttendanceStatus.PRESENT, membership__constituency=Constituency.CIVIL_SOCIETY)
        ),
        open_actions=_count(open_actions),
        overdue_actions=_count(open_actions.filter(due_on__lt=today)),
        done_actions=_count(actions.filter(status=ActionStatus.DONE)),
        counted_actions=_count(actions.exclude(status=ActionStatus.DROPPED)),
        completion_rate=_rate("done_actions", "counted_actions"),
    )


# Groups and members ---------------------------------------------------------------------------------------


def workinggroup_list(*, user: AnyUser) -> QuerySet[WorkingGroup]:
    """Groups the user may see, with jurisdiction and secretariat loaded."""
    return WorkingGroup.objects.visible_to(user).select_related(
        "jurisdiction", "secretariat__stakeholder", "secretariat__user"
    )


def workinggroup_health_list(
    *, user: AnyUser, today: datetime.date | None = None, last_n: int | None = None
) -> QuerySet[WorkingGroup]:
    """Groups the user may see with their health figures (see ``with_health``), most overdue first."""
    return with_health(workinggroup_list(user=user), user=user, today=today, last_n=last_n).order_by(
        "next_due_on",
        "name",  # type: ignore[misc]  # an annotation the plugin cannot follow
    )


def workinggroup_detail(*, user: AnyUser) -> QuerySet[WorkingGroup]:
    """One group with its health, members (current first) and meetings, each list filtered for the user."""
    return workinggroup_health_list(user=user).prefetch_related(
        Prefetch("memberships", queryset=membership_list(user=user).order_by("left_on", "role", "id")),
        Prefetch(
            "meetings",
            queryset=Meeting.objects.visible_to(user)
            .annotate(present_count=_meeting_count(AttendanceStatus.PRESENT, user=user))
            .order_by("-starts_at", "-id"),
        ),
    )


def membership_list(*, user: AnyUser) -> QuerySet[Membership]:
    """Seats with their group, stakeholder or staff member loaded."""
    return Membership.objects.visible_to(user).select_related("group__jurisdiction", "stakeholder", "user")


@dataclass(frozen=True)
class ConstituencyAttendance:
    constituency: str
    label: str
    present: int
    expected: int

    @property
    def rate(self) -> float | None:
        return self.present / self.expected if self.expected else None


def attendance_by_constituency(
    group_ids: Iterable[int], *, user: AnyUser, last_n: int | None = None
) -> dict[int, list[ConstituencyAttendance]]:
    """Per group, present ÷ recorded attendance by constituency over its ``last_n`` latest held meetings that
    ``user`` may see.

    Two queries whatever the number of groups: the recent meetings (a window function), then one
    aggregate over their attendance.
    """
    last_n = last_n or health_meetings()
    ranked = (
        Meeting.objects.visible_to(user)
        .filter(group_id__in=list(group_ids), status=MeetingStatus.HELD)
        .annotate(
            rank=Window(RowNumber(), partition_by=[F("group_id")], order_by=[F("starts_at").desc(), F("id").desc()])
        )
        .filter(rank__lte=last_n)
        .values_list("pk", flat=True)
    )
    meeting_ids = list(ranked)
    rows = (
        Attendance.objects.visible_to(user)
        .filter(meeting_id__in=meeting_ids)
        .values("meeting__group_id", "membership__constituency")
        .annotate(present=Count("pk", filter=Q(status=AttendanceStatus.PRESENT)), expected=Count("pk"))
        .order_by("meeting__group_id", "membership__constituency")
    )
    labels = dict(Constituency.choices)
    result: dict[int, list[ConstituencyAttendance]] = defaultdict(list)
    for row in rows:
        code = row["membership__constituency"]
        result[row["meeting__group_id"]].append(
            ConstituencyAttendance(code, str(labels.get(code, code)), row["present"], row["expected"])
        )
    order = list(labels)
    for entries in result.values():
        entries.sort(key=lambda entry: order.index(entry.constituency) if entry.constituency in order else 99)
    return dict(result)


def members_on(meeting: Meeting, *, user: AnyUser) -> QuerySet[Membership]:
    """The seats of the meeting's group held on the meeting's day (those whose attendance can be recorded)
    that the user may see."""
    day = meeting.date
    return (
        Membership.objects.visible_to(user)
        .filter(group_id=meeting.group_id, joined_on__lte=day)
        .filter(Q(left_on__isnull=True) | Q(left_on__gte=day))
        .select_related("stakeholder", "user")
        .order_by("constituency", "id")
    )


# Meetings -------------------------------------------------------------------------------------------------


def _meeting_count(status: str | None = None, *, user: AnyUser) -> Coalesce:
    """How many attendance rows of the meeting the user may see (a hidden member's attendance is not counted)."""
    rows = Attendance.objects.visible_to(user).filter(meeting=OuterRef("pk"))
    if status:
        rows = rows.filter(status=status)
    return _count(rows)


def meeting_list(*, user: AnyUser) -> QuerySet[Meeting]:
    """Meetings with their group and approver, and how many members were present of how many recorded."""
    return (
        Meeting.objects.visible_to(user)
        .select_related("group__jurisdiction", "approved_by")
        .annotate(
            present_count=_meeting_count(AttendanceStatus.PRESENT, user=user),
            recorded_count=_meeting_count(user=user),
            amendment_count=_count(MinutesAmendment.objects.visible_to(user).filter(meeting=OuterRef("pk"))),
        )
    )


def meeting_api_list(*, user: AnyUser) -> QuerySet[Meeting]:
    """Meetings as the API lists them: with agenda, practice tags, named users and amendments (for the effective
    text)."""
    return meeting_list(user=user).prefetch_related(
        Prefetch("agenda_items", queryset=AgendaItem.objects.visible_to(user).order_by("position")),
        "practices",
        "cleared_users",
        Prefetch("amendments", queryset=MinutesAmendment.objects.visible_to(user)),
    )


def meeting_detail(*, user: AnyUser) -> QuerySet[Meeting]:
    """One meeting with its whole record: agenda, attendance, guests, key issues, amendments, actions."""
    return meeting_list(user=user).prefetch_related(
        Prefetch("agenda_items", queryset=AgendaItem.objects.visible_to(user).order_by("position")),
        Prefetch(
            "attendance",
            queryset=Attendance.objects.visible_to(user)
            .select_related("membership__stakeholder", "membership__user")
            .order_by("membership__constituency", "id"),
        ),
        Prefetch("guests", queryset=Guest.objects.visible_to(user).select_related("stakeholder")),
        Prefetch("key_issues", queryset=KeyIssue.objects.visible_to(user).select_related("raised_by")),
        Prefetch("amendments", queryset=MinutesAmendment.objects.visible_to(user).select_related("author")),
        Prefetch("action_items", queryset=actionitem_list(user=user)),
        "practices",
    )


def previous_meeting(meeting: Meeting, *, user: AnyUser) -> Meeting | None:
    """The group's last held meeting before this one, with what it agreed (action items and their status)."""
    if meeting.starts_at is None:
        return None
    return (
        Meeting.objects.visible_to(user)
        .filter(group_id=meeting.group_id, status=MeetingStatus.HELD, starts_at__lt=meeting.starts_at)
        .exclude(pk=meeting.pk)
        .order_by("-starts_at", "-id")
        .prefetch_related(Prefetch("action_items", queryset=actionitem_list(user=user)), "amendments")
        .first()
    )


def planned_meetings(*, user: AnyUser, group: WorkingGroup | None = None) -> QuerySet[Meeting]:
    """Planned (and postponed) meetings from a week ago on, for the calendar feed, with their agenda."""
    since = clock.now() - datetime.timedelta(days=7)
    meetings = (
        Meeting.objects.visible_to(user)
        .filter(status__in=[MeetingStatus.PLANNED, MeetingStatus.POSTPONED], starts_at__gte=since)
        .select_related("group__jurisdiction")
        .prefetch_related(Prefetch("agenda_items", queryset=AgendaItem.objects.visible_to(user)))
        .order_by("starts_at", "id")
    )
    return meetings.filter(group=group) if group is not None else meetings


def agendaitem_list(*, user: AnyUser) -> QuerySet[AgendaItem]:
    return AgendaItem.objects.visible_to(user).select_related("meeting__group")


def keyissue_list(*, user: AnyUser) -> QuerySet[KeyIssue]:
    return KeyIssue.objects.visible_to(user).select_related("meeting__group", "raised_by")


def guest_list(*, user: AnyUser) -> QuerySet[Guest]:
    return Guest.objects.visible_to(user).select_related("meeting__group", "stakeholder")


def attendance_list(*, user: AnyUser) -> QuerySet[Attendance]:
    return Attendance.objects.visible_to(user).select_related(
        "meeting__group", "membership__stakeholder", "membership__user"
    )


def minutesamendment_list(*, user: AnyUser) -> QuerySet[MinutesAmendment]:
    return MinutesAmendment.objects.visible_to(user).select_related("meeting__group", "author")


# Actions --------------------------------------------------------------------------------------------------


def actionitem_list(*, user: AnyUser, today: datetime.date | None = None) -> QuerySet[ActionItem]:
    """Action items with group, meeting and owner loaded, and ``is_overdue_now`` (open past its due date)."""
    today = today or clock.today()
    return (
        ActionItem.objects.visible_to(user)
        .select_related(
            "group",
            "meeting",
            "owner_membership__stakeholder",
            "owner_membership__user",
            "owner_user",
        )
        .annotate(
            is_overdue_now=Case(
                When(status__in=sorted(OPEN_ACTION_STATUSES), due_on__lt=today, then=Value(True)),
                default=Value(False),
                output_field=BooleanField(),
            ),
            note_count=_count(ActionProgress.objects.visible_to(user).filter(action=OuterRef("pk"))),
        )
    )


def open_actions(actions: QuerySet[ActionItem]) -> QuerySet[ActionItem]:
    """The open ones of ``actions`` (open or in progress: ``OPEN_ACTION_STATUSES``), soonest due first."""
    return actions.filter(status__in=sorted(OPEN_ACTION_STATUSES)).order_by("due_on", "id")


def current_co_chairs(group: WorkingGroup) -> list[Membership]:
    """The group's current co-chairs, from its loaded seats (``workinggroup_detail`` prefetches the visible ones)."""
    return [m for m in group.memberships.all() if m.is_current and m.role == MemberRole.CO_CHAIR]


def actionitem_detail(*, user: AnyUser) -> QuerySet[ActionItem]:
    return actionitem_list(user=user).prefetch_related(
        Prefetch("progress_notes", queryset=ActionProgress.objects.visible_to(user).select_related("author"))
    )


def actionprogress_list(*, user: AnyUser) -> QuerySet[ActionProgress]:
    return ActionProgress.objects.visible_to(user).select_related("action__group", "author")


@dataclass(frozen=True)
class TrackerRow:
    """One line of the tracker's summary; ``query`` is the filter that lists exactly its actions."""

    query: str
    label: str
    open: int
    overdue: int
    done: int


def action_tracker_summary(actions: QuerySet[ActionItem], *, today: datetime.date | None = None) -> dict:
    """Open, overdue and done counts of ``actions`` by group and by owner (three queries).

    An owner is the stakeholder or the staff account behind the seats, so someone who sits in several
    groups is one line.
    """
    today = today or clock.today()
    open_statuses = sorted(OPEN_ACTION_STATUSES)
    open_count = Count("pk", filter=Q(status__in=open_statuses))
    overdue_count = Count("pk", filter=Q(status__in=open_statuses, due_on__lt=today))
    done_count = Count("pk", filter=Q(status=ActionStatus.DONE))
    base = actions.order_by()
    groups = (
        base.values("group_id", "group__name")
        .annotate(open=open_count, overdue=overdue_count, done=done_count)
        .order_by("-overdue", "-open", "group__name")
    )
    by_group = [
        TrackerRow(f"group={row['group_id']}", row["group__name"], row["open"], row["overdue"], row["done"])
        for row in groups
    ]
    owners = list(
        base.annotate(staff_id=Coalesce("owner_user_id", "owner_membership__user_id"))
        .values("owner_membership__stakeholder_id", "owner_membership__stakeholder__name", "staff_id")
        .annotate(open=open_count, overdue=overdue_count, done=done_count)
    )
    staff = get_user_model().objects.in_bulk({row["staff_id"] for row in owners if row["staff_id"]})
    by_owner = []
    for row in owners:
        if row["owner_membership__stakeholder_id"]:
            query = f"owner_stakeholder={row['owner_membership__stakeholder_id']}"
            label = row["owner_membership__stakeholder__name"]
        else:
            query, label = f"owner_user={row['staff_id']}", user_label(staff.get(row["staff_id"]))
        by_owner.append(TrackerRow(query, label, row["open"], row["overdue"], row["done"]))
    by_owner.sort(key=lambda r: (-r.overdue, -r.open, r.label))
    return {"by_group": by_group, "by_owner": by_owner}


# Start page -----------------------------------------------------------------------------------------------


def overdue_overview(*, user: AnyUser, today: datetime.date | None = None) -> dict:
    """What the start page warns about: groups overdue for a meeting, overdue actions, coming meetings."""
    today = today or clock.today()
    groups = workinggroup_health_list(user=user, today=today)
    overdue_groups = list(groups.filter(meeting_overdue=True)[:10])  # type: ignore[misc]  # an annotation the plugin cannot follow
    actions = actionitem_list(user=user, today=today)
    return {
        "overdue_groups": overdue_groups,
        "overdue_group_count": groups.filter(meeting_overdue=True).count(),  # type: ignore[misc]  # an annotation the plugin cannot follow
        "overdue_actions": actions.filter(is_overdue_now=True).count(),  # type: ignore[misc]  # an annotation the plugin cannot follow
        "open_actions": actions.filter(status__in=sorted(OPEN_ACTION_STATUSES)).count(),
        "upcoming": list(planned_meetings(user=user).filter(starts_at__gte=clock.now()).prefetch_related(None)[:5]),
    }
