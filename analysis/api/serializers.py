"""Explicit API shapes of the situation analyses and the risk register. Writes go through the services."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from commitments.models import Agreement
from practices.models import Practice
from shrhub.api.serializers import (
    CONFIDENTIALITY_FIELDS,
    META_FIELDS,
    ConfidentialSerializer,
    DomainSerializer,
    MaskedLinkField,
    UserReferenceField,
    VisibleRelatedField,
)
from shrhub.models import Jurisdiction
from stakeholders.models import InformationSource, MandateArea, Stakeholder, VulnerableGroup

from ..models import CoordinationRisk, Finding, Mitigation, MitigationProgress, SituationAnalysis


class SituationAnalysisSerializer(ConfidentialSerializer):
    jurisdiction = VisibleRelatedField(queryset=Jurisdiction.objects.all())
    previous = MaskedLinkField(read_only=True)
    stakeholders = VisibleRelatedField(queryset=Stakeholder.objects.all(), many=True, required=False)
    finding_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = SituationAnalysis
        fields = [
            "id",
            "jurisdiction",
            "edition",
            "previous",
            "title",
            "as_of",
            "summary",
            "formal_systems",
            "informal_systems",
            "stakeholders",
            "author",
            "review_on",
            "status",
            "approved_by",
            "approved_on",
            "finding_count",
            *CONFIDENTIALITY_FIELDS,
            *META_FIELDS,
        ]
        read_only_fields = ["edition", "previous", "author", "status", "approved_by", "approved_on", *META_FIELDS]
        # The service numbers editions: DRF's check of (jurisdiction, edition) would test the model's default
        # edition (1) and refuse every later one. The model's constraint still holds, checked on save.
        validators: list = []


class FindingSerializer(DomainSerializer):
    analysis = VisibleRelatedField(queryset=SituationAnalysis.objects.all())
    sources = serializers.SlugRelatedField(
        slug_field="code", queryset=InformationSource.objects.all(), many=True, required=False
    )
    stakeholders = VisibleRelatedField(queryset=Stakeholder.objects.all(), many=True, required=False)
    mandate_areas = serializers.SlugRelatedField(
        slug_field="code", queryset=MandateArea.objects.all(), many=True, required=False
    )

    class Meta:
        model = Finding
        fields = [
            "id",
            "analysis",
            "heading",
            "text",
            "confidence",
            "sources",
            "other_sources",
            "stakeholders",
            "mandate_areas",
            *META_FIELDS,
        ]
        read_only_fields = META_FIELDS


class CoordinationRiskSerializer(ConfidentialSerializer):
    jurisdiction = VisibleRelatedField(queryset=Jurisdiction.objects.all())
    area = serializers.SlugRelatedField(
        slug_field="code", queryset=MandateArea.objects.all(), allow_null=True, required=False
    )
    vulnerable_groups = serializers.SlugRelatedField(
        slug_field="code", queryset=VulnerableGroup.objects.all(), many=True, required=False
    )
    owner = UserReferenceField(allow_null=True, required=False)
    stakeholders = VisibleRelatedField(queryset=Stakeholder.objects.all(), many=True, required=False)
    agreements = VisibleRelatedField(queryset=Agreement.objects.all(), many=True, required=False)
    practices = VisibleRelatedField(queryset=Practice.objects.all(), many=True, required=False)
    analysis = MaskedLinkField(queryset=SituationAnalysis.objects.all(), allow_null=True, required=False)
    score = serializers.IntegerField(read_only=True, help_text="Likelihood × impact (1–25).")
    rating = serializers.CharField(read_only=True, help_text="low (1–4), medium (5–9), high (10–16), critical (20–25).")
    open_mitigations = serializers.IntegerField(read_only=True)
    overdue_mitigations = serializers.IntegerField(read_only=True)

    class Meta:
        model = CoordinationRisk
        fields = [
            "id",
            "title",
            "jurisdiction",
            "upper_level",
            "lower_level",
            "area",
            "other_area",
            "challenge",
            "affected",
            "vulnerable_groups",
            "harm",
            "likelihood",
            "impact",
            "score",
            "rating",
            "owner",
            "status",
            "accepted_reason",
            "review_on",
            "stakeholders",
            "agreements",
            "practices",
            "analysis",
            "open_mitigations",
            "overdue_mitigations",
            *CONFIDENTIALITY_FIELDS,
            *META_FIELDS,
        ]
        read_only_fields = META_FIELDS


class MitigationSerializer(DomainSerializer):
    risk = VisibleRelatedField(queryset=CoordinationRisk.objects.all())
    owner = UserReferenceField(allow_null=True, required=False)
    owner_name = serializers.CharField(read_only=True)
    is_overdue = serializers.SerializerMethodField()
    closed_on = serializers.DateField(allow_null=True, required=False, help_text="Today when closed without one.")

    class Meta:
        model = Mitigation
        fields = [
            "id",
            "risk",
            "description",
            "owner",
            "owner_name",
            "due_on",
            "status",
            "closed_on",
            "is_overdue",
            *META_FIELDS,
        ]
        read_only_fields = META_FIELDS

    def get_is_overdue(self, obj: Mitigation) -> bool:
        annotated = getattr(obj, "is_overdue_now", None)
        return obj.is_overdue() if annotated is None else bool(annotated)


class MitigationProgressSerializer(DomainSerializer):
    mitigation = VisibleRelatedField(queryset=Mitigation.objects.all())
    author: serializers.PrimaryKeyRelatedField[Any] = serializers.PrimaryKeyRelatedField(
        read_only=True, allow_null=True
    )

    class Meta:
        model = MitigationProgress
        fields = ["id", "mitigation", "note", "new_status", "author", *META_FIELDS]
        read_only_fields = ["author", *META_FIELDS]
