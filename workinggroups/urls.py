"""Working-group pages, mounted at /working-groups/."""

from django.urls import path

from shrhub.routing import model_urls

from . import views

app_name = "workinggroups"


urlpatterns = [
    *model_urls(views, "groups", "workinggroup", "WorkingGroup"),
    *model_urls(views, "members", "membership", "Membership"),
    path("members/<int:pk>/end/", views.MembershipEndView.as_view(), name="membership_end"),
    *model_urls(views, "meetings", "meeting", "Meeting"),
    path("meetings/<int:pk>/attendance/", views.MeetingAttendanceView.as_view(), name="meeting_attendance"),
    path("meetings/<int:pk>/minutes/", views.MeetingMinutesView.as_view(), name="meeting_minutes"),
    path("meetings/minutes-preview/", views.MinutesPreviewView.as_view(), name="minutes_preview"),
    path("meetings/<int:pk>/approve/", views.MeetingApproveView.as_view(), name="meeting_approve"),
    path("meetings/<int:pk>/amend/", views.MeetingAmendView.as_view(), name="meeting_amend"),
    path("meetings/<int:pk>/print/", views.MeetingPrintView.as_view(), name="meeting_print"),
    *model_urls(views, "key-issues", "keyissue", "KeyIssue"),
    *model_urls(views, "actions", "actionitem", "ActionItem"),
    path("actions/<int:pk>/progress/", views.ActionProgressCreateView.as_view(), name="actionitem_progress"),
    path("calendar-feeds/", views.CalendarFeedListView.as_view(), name="calendarfeed_list"),
    path("calendar-feeds/<int:pk>/revoke/", views.CalendarFeedRevokeView.as_view(), name="calendarfeed_revoke"),
]
