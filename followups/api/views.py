"""Follow-up API: each viewset reads through the selector and writes through the services its pages use."""

from __future__ import annotations

from typing import Any

from shrhub.api.viewsets import DomainViewSet

from .. import filtersets, selectors, services
from ..models import FollowUp, FollowUpProgress
from . import serializers


class FollowUpsViewSet(DomainViewSet):
    """Answers writes with the record as the list shows it (annotations included)."""

    def perform_create(self, serializer: Any) -> None:
        super().perform_create(serializer)
        serializer.instance = self.get_queryset().get(pk=serializer.instance.pk)

    def perform_update(self, serializer: Any) -> None:
        super().perform_update(serializer)
        serializer.instance = self.get_queryset().get(pk=serializer.instance.pk)


class FollowUpViewSet(FollowUpsViewSet):
    """What the company undertook in engagements: owner, due date, status; ``overdue=true``, ``open=true`` and
    ``mine=true`` for the tracker."""

    queryset = FollowUp.objects.none()
    selector = selectors.followup_list
    serializer_class = serializers.FollowUpSerializer
    filterset_class = filtersets.FollowUpFilterSet
    create_service = services.followup_create
    update_service = services.followup_update
    delete_service = services.followup_delete


class FollowUpProgressViewSet(FollowUpsViewSet):
    """Progress notes on follow-ups; appended, never edited. A note with ``new_status`` moves the follow-up."""

    queryset = FollowUpProgress.objects.none()
    selector = selectors.followupprogress_list
    serializer_class = serializers.FollowUpProgressSerializer
    filterset_class = filtersets.FollowUpProgressFilterSet
    create_service = services.followupprogress_create
    http_method_names = ["get", "post", "head", "options"]
