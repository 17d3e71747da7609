"""Working-group API: each viewset reads through the selector and writes through the services its pages use.

Approved minutes are refused here exactly as on the pages (the service and the model say no; the API
answers 400 with the field's message). Planned meetings are also served as iCalendar feeds.
"""

from __future__ import annotations

from typing import Any, cast

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import pagination, status
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from shrhub.api.validation import require_if_match, validated_payload
from shrhub.api.viewsets import DomainViewSet
from shrhub.models import AccessLog, log_access
from shrhub.tokens import ApiTokenAuthentication
from shrhub.two_factor import VerifiedSessionAuthentication

from .. import filtersets, selectors, services
from ..calendar import CalendarKeyAuthentication, render_calendar
from ..models import (
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
from . import serializers

CALENDAR_AUTH = [ApiTokenAuthentication, VerifiedSessionAuthentication, CalendarKeyAuthentication]
CALENDAR_SCHEMA = extend_schema(
    parameters=[
        OpenApiParameter(
            "key",
            str,
            description="Personal subscription key (shown on the pages) for calendar apps that cannot log in.",
        )
    ],
    responses={(200, "text/calendar"): OpenApiResponse(OpenApiTypes.STR, description="An RFC 5545 calendar.")},
    filters=False,
)


def calendar_response(request: Request, meetings: QuerySet[Meeting], name: str) -> HttpResponse:
    body = render_calendar(
        meetings, name=name, host=request.get_host().split(":")[0], base_url=f"{request.scheme}://{request.get_host()}"
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    log_access(
        request.user, AccessLog.Action.EXPORT, model="workinggroups.meeting", via="api", detail=f"calendar {name}"
    )
    response["Content-Disposition"] = 'inline; filename="meetings.ics"'
    response["Cache-Control"] = "private, max-age=300"
    return response


class HealthPagination(pagination.PageNumberPagination):
    """Paging by number for the groups, which sort by health figures that are computed (and may be empty,
    e.g. no attendance yet): keyset paging can follow neither. Groups are few, so counting them is cheap."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200


class WorkingGroupsViewSet(DomainViewSet):
    """Answers writes with the record as the list shows it (annotations included)."""

    def perform_create(self, serializer: Any) -> None:
        super().perform_create(serializer)
        serializer.instance = self.get_queryset().get(pk=serializer.instance.pk)

    def perform_update(self, serializer: Any) -> None:
        super().perform_update(serializer)
        serializer.instance = self.get_queryset().get(pk=serializer.instance.pk)

    def require(self, permission: str) -> None:
        if not self.request.user.has_perm(f"workinggroups.{permission}"):
            raise PermissionDenied


class WorkingGroupViewSet(WorkingGroupsViewSet):
    """Working groups with their health figures; sortable by them (``ordering=next_due``, ``-attendance``…)."""

    queryset = WorkingGroup.objects.none()
    pagination_class = HealthPagination
    list_params = frozenset({"page", "page_size", "ordering", "format"})
    selector = selectors.workinggroup_health_list
    serializer_class = serializers.WorkingGroupSerializer
    filterset_class = filtersets.WorkingGroupFilterSet
    create_service = services.workinggroup_create
    update_service = services.workinggroup_update
    delete_service = services.workinggroup_delete

    @CALENDAR_SCHEMA
    @action(
        detail=True,
        methods=["get"],
        authentication_classes=CALENDAR_AUTH,
        pagination_class=None,
        filterset_class=None,
    )
    def calendar(self, request: Request, pk: str | None = None) -> HttpResponse:
        """The group's planned meetings as an iCalendar feed."""
        group = cast(WorkingGroup, self.get_object())
        return calendar_response(
            request, selectors.planned_meetings(user=request.user, group=group), f"{group.name}: meetings"
        )


class MembershipViewSet(WorkingGroupsViewSet):
    """Seats in groups: a stakeholder or a company staff member, with constituency, role and dates."""

    queryset = Membership.objects.none()
    selector = selectors.membership_list
    serializer_class = serializers.MembershipSerializer
    filterset_class = filtersets.MembershipFilterSet
    create_service = services.membership_create
    update_service = services.membership_update
    delete_service = services.membership_delete


class MeetingViewSet(WorkingGroupsViewSet):
    """Meetings with agenda and minutes. Approved minutes are locked: corrections go to ``amendments``."""

    queryset = Meeting.objects.none()
    selector = selectors.meeting_api_list
    serializer_class = serializers.MeetingSerializer
    filterset_class = filtersets.MeetingFilterSet
    create_service = services.meeting_create
    update_service = services.meeting_update
    delete_service = services.meeting_delete
    if_match_required_actions = frozenset({"approve"})

    @extend_schema(request=None, responses=serializers.MeetingSerializer)
    @action(detail=True, methods=["post"], filterset_class=None)
    def approve(self, request: Request, pk: str | None = None) -> Response:
        """Approve the minutes of a held meeting; from then on they are locked. ``If-Match`` with the meeting's
        ETag is required: approving must be based on the version the approver read (missing or ``*``: 428;
        stale: 412)."""
        self.require("change_meeting")
        meeting = cast(Meeting, self.get_object())
        version = require_if_match(request)
        services.meeting_approve(actor=request.user, instance=meeting, expected_version=version)
        meeting = self.get_queryset().get(pk=meeting.pk)
        response = Response(self.get_serializer(meeting).data)
        response["ETag"] = f'"{meeting.version}"'
        return response

    @extend_schema(
        methods=["GET"], request=None, responses=serializers.MinutesAmendmentSerializer(many=True), filters=False
    )
    @extend_schema(
        methods=["POST"],
        request=serializers.MinutesAmendmentSerializer,
        responses={201: serializers.MinutesAmendmentSerializer},
    )
    @action(detail=True, methods=["get", "post"], pagination_class=None, filterset_class=None)
    def amendments(self, request: Request, pk: str | None = None) -> Response:
        """The amendments of approved minutes, oldest first; POST records a new one (the full corrected text
        and the reason)."""
        meeting = cast(Meeting, self.get_object())
        if request.method == "POST":
            self.require("add_minutesamendment")
            context = self.get_serializer_context()
            payload = validated_payload(serializers.MinutesAmendmentSerializer(data=request.data, context=context))
            amendment = services.minutes_amend(actor=request.user, meeting=meeting, **payload)
            return Response(
                serializers.MinutesAmendmentSerializer(amendment, context=context).data,
                status=status.HTTP_201_CREATED,
            )
        amendments = selectors.minutesamendment_list(user=request.user).filter(meeting=meeting)
        return Response(serializers.MinutesAmendmentSerializer(amendments, many=True).data)

    @CALENDAR_SCHEMA
    @action(
        detail=False,
        methods=["get"],
        authentication_classes=CALENDAR_AUTH,
        pagination_class=None,
        filterset_class=None,
    )
    def calendar(self, request: Request) -> HttpResponse:
        """Every planned meeting the user may see, as an iCalendar feed."""
        return calendar_response(request, selectors.planned_meetings(user=request.user), "Working-group meetings")


class AgendaItemViewSet(WorkingGroupsViewSet):
    """Agenda items of meetings, by position (locked with approved minutes)."""

    queryset = AgendaItem.objects.none()
    selector = selectors.agendaitem_list
    serializer_class = serializers.AgendaItemSerializer
    filterset_class = filtersets.AgendaItemFilterSet
    create_service = services.agendaitem_create
    update_service = services.agendaitem_update
    delete_service = services.agendaitem_delete


class AttendanceViewSet(WorkingGroupsViewSet):
    """Who came to which held meeting; only members of the meeting's group on its day."""

    queryset = Attendance.objects.none()
    selector = selectors.attendance_list
    serializer_class = serializers.AttendanceSerializer
    filterset_class = filtersets.AttendanceFilterSet
    create_service = services.attendance_create
    update_service = services.attendance_update
    delete_service = services.attendance_delete


class GuestViewSet(WorkingGroupsViewSet):
    """Non-members at meetings."""

    queryset = Guest.objects.none()
    selector = selectors.guest_list
    serializer_class = serializers.GuestSerializer
    filterset_class = filtersets.GuestFilterSet
    create_service = services.guest_create
    update_service = services.guest_update
    delete_service = services.guest_delete


class KeyIssueViewSet(WorkingGroupsViewSet):
    """Key issues raised at meetings, with who raised them."""

    queryset = KeyIssue.objects.none()
    selector = selectors.keyissue_list
    serializer_class = serializers.KeyIssueSerializer
    filterset_class = filtersets.KeyIssueFilterSet
    create_service = services.keyissue_create
    update_service = services.keyissue_update
    delete_service = services.keyissue_delete


class MinutesAmendmentViewSet(WorkingGroupsViewSet):
    """Every amendment of approved minutes (read-only here; record one on ``meetings/{id}/amendments/``)."""

    queryset = MinutesAmendment.objects.none()
    selector = selectors.minutesamendment_list
    serializer_class = serializers.MinutesAmendmentSerializer
    filterset_class = filtersets.MinutesAmendmentFilterSet
    http_method_names = ["get", "head", "options"]


class ActionItemViewSet(WorkingGroupsViewSet):
    """Agreements and follow-ups: owner, due date, status; ``overdue=true`` and ``open=true`` for the tracker."""

    queryset = ActionItem.objects.none()
    selector = selectors.actionitem_list
    serializer_class = serializers.ActionItemSerializer
    filterset_class = filtersets.ActionItemFilterSet
    create_service = services.actionitem_create
    update_service = services.actionitem_update
    delete_service = services.actionitem_delete


class ActionProgressViewSet(WorkingGroupsViewSet):
    """Progress notes on actions; appended, never edited. A note with ``new_status`` moves the action."""

    queryset = ActionProgress.objects.none()
    selector = selectors.actionprogress_list
    serializer_class = serializers.ActionProgressSerializer
    filterset_class = filtersets.ActionProgressFilterSet
    create_service = services.actionprogress_create
    http_method_names = ["get", "post", "head", "options"]
