"""The API twins of the user's own lists: notifications and "my follow-ups"."""

from __future__ import annotations

from dataclasses import asdict

from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from .. import selectors, tracker

TRACKED_ITEM = inline_serializer(
    "TrackedItem",
    {
        "source": serializers.ChoiceField(choices=["engagements", "groups"]),
        "pk": serializers.IntegerField(),
        "description": serializers.CharField(),
        "url": serializers.CharField(),
        "owner": serializers.CharField(),
        "due_on": serializers.DateField(),
        "status": serializers.CharField(),
        "status_label": serializers.CharField(),
        "overdue": serializers.BooleanField(),
        "context": serializers.CharField(),
        "context_url": serializers.CharField(),
    },
    many=True,
)
NOTIFICATION = inline_serializer(
    "Notification",
    {
        "id": serializers.IntegerField(),
        "kind": serializers.CharField(),
        "kind_label": serializers.CharField(),
        "title": serializers.CharField(),
        "url": serializers.CharField(),
        "occasion": serializers.DateField(),
        "read": serializers.BooleanField(),
    },
    many=True,
)


class MyFollowUpsView(APIView):
    """The requesting user's follow-ups and actions, as the "My follow-ups" page lists them (at most 500)."""

    permission_classes = [IsAuthenticated]

    @extend_schema(
        parameters=[
            OpenApiParameter("scope", str, enum=["mine", "all"], description="Whose items (default: mine)."),
            OpenApiParameter(
                "state", str, enum=["open", "overdue", "closed", "all"], description="Which (default: open)."
            ),
            OpenApiParameter("source", str, enum=["all", "engagements", "groups"], description="From where."),
        ],
        responses=TRACKED_ITEM,
    )
    def get(self, request: Request) -> Response:
        form = tracker.TrackerForm(request.query_params)
        if not form.is_valid():
            raise ValidationError({name: [str(error) for error in errors] for name, errors in form.errors.items()})
        items = tracker.tracked_items(request.user, form.choices())
        return Response([asdict(item) for item in items])


class MyNotificationsView(APIView):
    """The requesting user's open notifications (what is due, overdue and new for them), soonest first."""

    permission_classes = [IsAuthenticated]

    @extend_schema(responses=NOTIFICATION)
    def get(self, request: Request) -> Response:
        items = selectors.items(selectors.open_notifications(request.user)[:200])
        return Response(
            [
                {
                    "id": item.notification.pk,
                    "kind": item.notification.kind,
                    "kind_label": item.kind_label,
                    "title": item.title,
                    "url": item.url,
                    "occasion": item.occasion,
                    "read": item.notification.read_at is not None,
                }
                for item in items
            ]
        )
