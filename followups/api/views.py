"""Follow-up API: each viewset reads through the selector and writes through the services its pages use."""

from __future__ import annotations

from shrhub.api.viewsets import AnnotatedViewSet

from .. import filtersets, selectors, services
from ..models import FollowUp, FollowUpProgress
from . import serializers


class FollowUpViewSet(AnnotatedViewSet):
    """What the company undertook in engagements: owner, due date, status; ``overdue=true``, ``open=true`` and
    ``mine=true`` for the tracker."""

    queryset = FollowUp.objects.none()
    selector = selectors.followup_list
    serializer_class = serializers.FollowUpSerializer
    filterset_class = filtersets.FollowUpFilterSet
    create_service = services.followup_create
    update_service = services.followup_update
    delete_service = services.followup_delete


class FollowUpProgressViewSet(AnnotatedViewSet):
    """Progress notes on follow-ups; appended, never edited. A note with ``new_status`` moves the follow-up."""

    queryset = FollowUpProgress.objects.none()
    selector = selectors.followupprogress_list
    serializer_class = serializers.FollowUpProgressSerializer
    filterset_class = filtersets.FollowUpProgressFilterSet
    create_service = services.followupprogress_create
    http_method_names = ["get", "post", "head", "options"]
