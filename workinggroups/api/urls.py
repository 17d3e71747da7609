"""Working-group endpoints, registered under /api/v1/ by config.api_urls."""

from .views import (
    ActionItemViewSet,
    ActionProgressViewSet,
    AgendaItemViewSet,
    AttendanceViewSet,
    GuestViewSet,
    KeyIssueViewSet,
    MeetingViewSet,
    MembershipViewSet,
    MinutesAmendmentViewSet,
    WorkingGroupViewSet,
)

ROUTES = [
    ("working-groups", WorkingGroupViewSet, "workinggroup"),
    ("memberships", MembershipViewSet, "membership"),
    ("meetings", MeetingViewSet, "meeting"),
    ("agenda-items", AgendaItemViewSet, "agendaitem"),
    ("attendance", AttendanceViewSet, "attendance"),
    ("guests", GuestViewSet, "guest"),
    ("key-issues", KeyIssueViewSet, "keyissue"),
    ("minutes-amendments", MinutesAmendmentViewSet, "minutesamendment"),
    ("action-items", ActionItemViewSet, "actionitem"),
    ("action-progress", ActionProgressViewSet, "actionprogress"),
]
