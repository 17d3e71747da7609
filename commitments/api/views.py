"""Agreement API: each viewset reads through the selector and writes through the services its pages use."""

from __future__ import annotations

from shrhub.api.viewsets import AnnotatedViewSet

from .. import filtersets, selectors, services
from ..models import Agreement, Audience, Obligation, ObligationProgress, Rollout
from . import serializers


class AgreementViewSet(AnnotatedViewSet):
    """Agreements reached with the host government: kind, parties, level, standards, status, evidence, with their
    open obligations and roll-out counts; ``rollout_gap=true`` for those not yet known or applied below."""

    queryset = Agreement.objects.none()
    selector = selectors.agreement_list
    serializer_class = serializers.AgreementSerializer
    prefetch = ("cleared_users",)
    visible_many = ("parties", "meetings", "engagements")  # masked links: only what the reader may see is sent
    filterset_class = filtersets.AgreementFilterSet
    create_service = services.agreement_create
    update_service = services.agreement_update
    delete_service = services.agreement_delete


class ObligationViewSet(AnnotatedViewSet):
    """What must be done under agreements: owner (staff or stakeholder), due date, status."""

    queryset = Obligation.objects.none()
    selector = selectors.obligation_list
    serializer_class = serializers.ObligationSerializer
    filterset_class = filtersets.ObligationFilterSet
    create_service = services.obligation_create
    update_service = services.obligation_update
    delete_service = services.obligation_delete


class ObligationProgressViewSet(AnnotatedViewSet):
    """Progress notes on obligations; appended, never edited. A note with ``new_status`` moves the obligation."""

    queryset = ObligationProgress.objects.none()
    selector = selectors.obligationprogress_list
    serializer_class = serializers.ObligationProgressSerializer
    filterset_class = filtersets.ObligationProgressFilterSet
    create_service = services.obligationprogress_create
    http_method_names = ["get", "post", "head", "options"]


class RolloutViewSet(AnnotatedViewSet):
    """Where each regional or local body stands with an agreement reached above it."""

    queryset = Rollout.objects.none()
    selector = selectors.rollout_list
    serializer_class = serializers.RolloutSerializer
    visible_many = ("engagements",)
    filterset_class = filtersets.RolloutFilterSet
    create_service = services.rollout_create
    update_service = services.rollout_update
    delete_service = services.rollout_delete


class AudienceViewSet(AnnotatedViewSet):
    """Who must be kept informed of each process (a country's in-country process, a working group, an agreement),
    by which means and how often, with when they last were (from the engagements the reader may see);
    ``overdue=true`` for those not informed in time."""

    queryset = Audience.objects.none()
    selector = selectors.audience_list
    serializer_class = serializers.AudienceSerializer
    filterset_class = filtersets.AudienceFilterSet
    create_service = services.audience_create
    update_service = services.audience_update
    delete_service = services.audience_delete
