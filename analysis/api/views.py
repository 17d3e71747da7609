"""Situation analysis and risk register API: each viewset reads through the selector and writes through the
services its pages use."""

from __future__ import annotations

from shrhub.api.viewsets import AnnotatedViewSet

from .. import filtersets, selectors, services
from ..models import CoordinationRisk, Finding, Mitigation, MitigationProgress, SituationAnalysis
from . import serializers


class SituationAnalysisViewSet(AnnotatedViewSet):
    """Editions of the PESTLES situation analysis of a jurisdiction; approval and revision are on the pages."""

    queryset = SituationAnalysis.objects.none()
    selector = selectors.situationanalysis_list
    serializer_class = serializers.SituationAnalysisSerializer
    filterset_class = filtersets.SituationAnalysisFilterSet
    prefetch = ("cleared_users",)
    visible_many = ("stakeholders",)
    create_service = services.situationanalysis_create
    update_service = services.situationanalysis_update
    delete_service = services.situationanalysis_delete


class FindingViewSet(AnnotatedViewSet):
    """Findings of the analyses under the PESTLES headings, sourced, with a confidence."""

    queryset = Finding.objects.none()
    selector = selectors.finding_list
    serializer_class = serializers.FindingSerializer
    filterset_class = filtersets.FindingFilterSet
    prefetch = ("sources", "mandate_areas")
    visible_many = ("stakeholders",)
    create_service = services.finding_create
    update_service = services.finding_update
    delete_service = services.finding_delete


class CoordinationRiskViewSet(AnnotatedViewSet):
    """The coordination risk register: risks to communities from gaps between levels of government, rated,
    owned and mitigated; ``live=true``, ``min_score`` and ``review_due=true`` for the matrix and reviews."""

    queryset = CoordinationRisk.objects.none()
    selector = selectors.coordinationrisk_list
    serializer_class = serializers.CoordinationRiskSerializer
    filterset_class = filtersets.CoordinationRiskFilterSet
    prefetch = ("vulnerable_groups", "cleared_users")
    visible_many = ("stakeholders", "agreements", "practices")
    create_service = services.coordinationrisk_create
    update_service = services.coordinationrisk_update
    delete_service = services.coordinationrisk_delete


class MitigationViewSet(AnnotatedViewSet):
    """What is being done about each risk: owner, due date, status."""

    queryset = Mitigation.objects.none()
    selector = selectors.mitigation_list
    serializer_class = serializers.MitigationSerializer
    filterset_class = filtersets.MitigationFilterSet
    create_service = services.mitigation_create
    update_service = services.mitigation_update
    delete_service = services.mitigation_delete


class MitigationProgressViewSet(AnnotatedViewSet):
    """Progress notes on mitigations; appended, never edited."""

    queryset = MitigationProgress.objects.none()
    selector = selectors.mitigationprogress_list
    serializer_class = serializers.MitigationProgressSerializer
    filterset_class = filtersets.MitigationProgressFilterSet
    create_service = services.mitigationprogress_create
    http_method_names = ["get", "post", "head", "options"]
