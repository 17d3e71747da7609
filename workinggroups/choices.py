from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class GroupStatus(models.TextChoices):
    FORMING = "forming", _("Forming")
    ACTIVE = "active", _("Active")
    DORMANT = "dormant", _("Dormant")
    CLOSED = "closed", _("Closed")


# Groups expected to meet on their cadence: only these can be overdue for a meeting.
MEETING_STATUSES = frozenset({GroupStatus.FORMING, GroupStatus.ACTIVE})


class Constituency(models.TextChoices):
    """Who a member speaks for: the toolkit's invitation list for a local security working group."""

    POLICE = "police", _("Police")
    MILITARY = "military", _("Military")
    LOCAL_GOVERNMENT = "local_government", _("Local government")
    LOCAL_LEADER = "local_leader", _("Local / community leader")
    COMPANY = "company", _("Company")
    CIVIL_SOCIETY = "civil_society", _("Civil society")
    VULNERABLE_GROUP = "vulnerable_group", _("Vulnerable-group representative")
    OTHER = "other", _("Other")


class MemberRole(models.TextChoices):
    CO_CHAIR = "co_chair", _("Co-chair")
    SECRETARIAT = "secretariat", _("Secretariat / focal point")
    MEMBER = "member", _("Member")
    OBSERVER = "observer", _("Observer")


class MeetingStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    HELD = "held", _("Held")
    POSTPONED = "postponed", _("Postponed")
    CANCELLED = "cancelled", _("Cancelled")


class AttendanceStatus(models.TextChoices):
    PRESENT = "present", _("Present")
    APOLOGIES = "apologies", _("Apologies")
    ABSENT = "absent", _("Absent")


class ActionStatus(models.TextChoices):
    OPEN = "open", pgettext_lazy("status", "Open")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    DROPPED = "dropped", _("Dropped")


OPEN_ACTION_STATUSES = frozenset({ActionStatus.OPEN, ActionStatus.IN_PROGRESS})
CLOSED_ACTION_STATUSES = frozenset({ActionStatus.DONE, ActionStatus.DROPPED})
