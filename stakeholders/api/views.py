"""Registry API: each viewset reads through the selector and writes through the services its pages use."""

from __future__ import annotations

from shrhub.api.viewsets import DomainViewSet

from .. import filtersets, selectors, services
from ..models import Assessment, Engagement, MappingAnswer, MappingRound, Position, Relationship, Stakeholder, Tenure
from . import serializers


class StakeholderViewSet(DomainViewSet):
    """Organisations and persons of the host country."""

    queryset = Stakeholder.objects.none()
    selector = selectors.stakeholder_api_list
    serializer_class = serializers.StakeholderSerializer
    prefetch = ("mandate_areas", "vulnerable_groups", "cleared_users")
    filterset_class = filtersets.StakeholderFilterSet
    create_service = services.stakeholder_create
    update_service = services.stakeholder_update
    delete_service = services.stakeholder_delete


class PositionViewSet(DomainViewSet):
    """Offices inside organisations, with their current holder."""

    queryset = Position.objects.none()
    selector = selectors.position_list
    serializer_class = serializers.PositionSerializer
    filterset_class = filtersets.PositionFilterSet
    create_service = services.position_create
    update_service = services.position_update
    delete_service = services.position_delete


class TenureViewSet(DomainViewSet):
    """Who held which office from when to when."""

    queryset = Tenure.objects.none()
    selector = selectors.tenure_list
    serializer_class = serializers.TenureSerializer
    filterset_class = filtersets.TenureFilterSet
    create_service = services.tenure_create
    update_service = services.tenure_update
    delete_service = services.tenure_delete


class AssessmentViewSet(DomainViewSet):
    """Dated judgements of stakeholders; the latest per stakeholder is its current view."""

    queryset = Assessment.objects.none()
    selector = selectors.assessment_list
    serializer_class = serializers.AssessmentSerializer
    prefetch = ("cleared_users",)
    filterset_class = filtersets.AssessmentFilterSet
    create_service = services.assessment_create
    update_service = services.assessment_update
    delete_service = services.assessment_delete


class MappingRoundViewSet(DomainViewSet):
    """Periodic mapping exercises over a jurisdiction."""

    queryset = MappingRound.objects.none()
    selector = selectors.mappinground_list
    serializer_class = serializers.MappingRoundSerializer
    prefetch = ("practices",)
    filterset_class = filtersets.MappingRoundFilterSet
    create_service = services.mappinground_create
    update_service = services.mappinground_update
    delete_service = services.mappinground_delete


class MappingAnswerViewSet(DomainViewSet):
    """A round's answers to the catalogue's mapping questions."""

    queryset = MappingAnswer.objects.none()
    selector = selectors.mappinganswer_list
    serializer_class = serializers.MappingAnswerSerializer
    filterset_class = filtersets.MappingAnswerFilterSet
    create_service = services.mappinganswer_create
    update_service = services.mappinganswer_update
    delete_service = services.mappinganswer_delete


class RelationshipViewSet(DomainViewSet):
    """Directed, typed edges between stakeholders."""

    queryset = Relationship.objects.none()
    selector = selectors.relationship_list
    serializer_class = serializers.RelationshipSerializer
    prefetch = ("cleared_users",)
    filterset_class = filtersets.RelationshipFilterSet
    create_service = services.relationship_create
    update_service = services.relationship_update
    delete_service = services.relationship_delete


class EngagementViewSet(DomainViewSet):
    """Logged contacts with stakeholders."""

    queryset = Engagement.objects.none()
    selector = selectors.engagement_api_list
    serializer_class = serializers.EngagementSerializer
    prefetch = ("company_participants", "practices", "cleared_users")
    visible_many = ("stakeholders",)
    filterset_class = filtersets.EngagementFilterSet
    create_service = services.engagement_create
    update_service = services.engagement_update
    delete_service = services.engagement_delete
