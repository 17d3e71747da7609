from django.db import models


class GroupStatus(models.TextChoices):
    FORMING = "forming", "Forming"
    ACTIVE = "active", "Active"
    DORMANT = "dormant", "Dormant"
    CLOSED = "closed", "Closed"


# Groups expected to meet on their cadence: only these can be overdue for a meeting.
MEETING_STATUSES = frozenset({GroupStatus.FORMING, GroupStatus.ACTIVE})


class Constituency(models.TextChoices):
    """Who a member speaks for: the toolkit's invitation list for a local security working group."""

    POLICE = "police", "Police"
    MILITARY = "military", "Military"
    LOCAL_GOVERNMENT = "local_government", "Local government"
    LOCAL_LEADER = "local_leader", "Local / community leader"
    COMPANY = "company", "Company"
    CIVIL_SOCIETY = "civil_society", "Civil society"
    VULNERABLE_GROUP = "vulnerable_group", "Vulnerable-group representative"
    OTHER = "other", "Other"


class MemberRole(models.TextChoices):
    CO_CHAIR = "co_chair", "Co-chair"
    SECRETARIAT = "secretariat", "Secretariat / focal point"
    MEMBER = "member", "Member"
    OBSERVER = "observer", "Observer"


class MeetingStatus(models.TextChoices):
    PLANNED = "planned", "Planned"
    HELD = "held", "Held"
    POSTPONED = "postponed", "Postponed"
    CANCELLED = "cancelled", "Cancelled"


class AttendanceStatus(models.TextChoices):
    PRESENT = "present", "Present"
    APOLOGIES = "apologies", "Apologies"
    ABSENT = "absent", "Absent"


class ActionStatus(models.TextChoices):
    OPEN = "open", "Open"
    IN_PROGRESS = "in_progress", "In progress"
    DONE = "done", "Done"
    DROPPED = "dropped", "Dropped"


OPEN_ACTION_STATUSES = frozenset({ActionStatus.OPEN, ActionStatus.IN_PROGRESS})
CLOSED_ACTION_STATUSES = frozenset({ActionStatus.DONE, ActionStatus.DROPPED})
