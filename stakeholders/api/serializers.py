"""Explicit API shapes of the registry. Writes go through the same services as the pages."""

from __future__ import annotations

from typing import Any

from django.db.models import Model
from rest_framework import serializers

from practices.models import Practice
from practices.selectors import round_questions
from shrhub.api.serializers import (
    CONFIDENTIALITY_FIELDS,
    META_FIELDS,
    ConfidentialSerializer,
    DomainSerializer,
    MaskedLinkField,
    PrimaryKeyRelatedField,
    SlugRelatedField,
    UserReferenceField,
    VisibleRelatedField,
)
from shrhub.models import Jurisdiction, hidden_fields

from ..models import (
    Assessment,
    Engagement,
    InformationSource,
    MandateArea,
    MappingAnswer,
    MappingRound,
    Position,
    Relationship,
    Stakeholder,
    Tenure,
    VulnerableGroup,
)


class CodeField(SlugRelatedField):
    """Vocabulary values by their stable code (``women``, ``security``)."""

    def __init__(self, model: type[Model], **kwargs: Any) -> None:
        super().__init__(slug_field="code", queryset=model._default_manager.all(), **kwargs)


class StakeholderSerializer(ConfidentialSerializer):
    jurisdiction = VisibleRelatedField(queryset=Jurisdiction.objects.all())
    parent = MaskedLinkField(queryset=Stakeholder.objects.all(), allow_null=True, required=False)  # type: ignore[assignment]  # a declared field, not Field's own attribute
    mandate_areas = CodeField(MandateArea, many=True, required=False)
    vulnerable_groups = CodeField(VulnerableGroup, many=True, required=False)
    current_assessment = serializers.SerializerMethodField()
    relationship_owner = UserReferenceField(allow_null=True, required=False)

    class Meta:
        model = Stakeholder
        fields = [
            "id",
            "kind",
            "name",
            "short_name",
            "external_id",
            "sector",
            "vps_participant",
            "level",
            "jurisdiction",
            "parent",
            "mandate",
            "mandate_areas",
            "vulnerable_groups",
            "description",
            "website",
            "relationship_owner",
            "contact_interval_days",
            "email",
            "phone",
            "languages",
            "current_assessment",
            *CONFIDENTIALITY_FIELDS,
            *META_FIELDS,
        ]
        read_only_fields = META_FIELDS

    def get_current_assessment(self, obj: Stakeholder) -> dict | None:
        current = obj.seen_assessment  # the latest assessment this reader may see (StakeholderQuerySet)
        if current is None:
            return None
        summary = {
            "id": current.pk,
            "assessed_on": current.assessed_on,
            "stance": current.stance,
            "influence": current.influence,
            "interest": current.interest,
            "confidence": current.confidence,
        }
        request = self.context.get("request")
        for name in hidden_fields(Assessment, getattr(request, "user", None)):
            summary.pop(name, None)
        return summary


class PositionSerializer(DomainSerializer):
    organisation = VisibleRelatedField(queryset=Stakeholder.objects.all())
    current_holder = serializers.SerializerMethodField()

    class Meta:
        model = Position
        fields = ["id", "organisation", "title", "is_key", "description", "current_holder", *META_FIELDS]
        read_only_fields = META_FIELDS

    def get_current_holder(self, obj: Position) -> dict | None:
        tenures = getattr(obj, "current_tenures", None)
        if tenures is None:
            tenures = list(obj.tenures.filter(ended_on__isnull=True).select_related("holder"))
        if not tenures:
            return None
        return {"id": tenures[0].holder_id, "name": tenures[0].holder.name, "since": tenures[0].started_on}


class TenureSerializer(DomainSerializer):
    position = VisibleRelatedField(queryset=Position.objects.all())
    holder = VisibleRelatedField(queryset=Stakeholder.objects.all())

    class Meta:
        model = Tenure
        fields = ["id", "position", "holder", "started_on", "ended_on", "notes", *META_FIELDS]
        read_only_fields = META_FIELDS


class AssessmentSerializer(ConfidentialSerializer):
    stakeholder = VisibleRelatedField(queryset=Stakeholder.objects.all())
    mapping_round = VisibleRelatedField(queryset=MappingRound.objects.all(), allow_null=True, required=False)
    sources = CodeField(InformationSource, many=True, allow_empty=False)
    vulnerable_groups = CodeField(VulnerableGroup, many=True, required=False)
    author = PrimaryKeyRelatedField(read_only=True, allow_null=True)
    influence = serializers.IntegerField(min_value=1, max_value=5)
    interest = serializers.IntegerField(min_value=1, max_value=5)

    class Meta:
        model = Assessment
        fields = [
            "id",
            "stakeholder",
            "mapping_round",
            "assessed_on",
            "stance",
            "influence",
            "interest",
            "confidence",
            "sources",
            "economic_agenda",
            "social_agenda",
            "formal_role",
            "vulnerable_groups",
            "author",
            "review_due_on",
            "notes",
            *CONFIDENTIALITY_FIELDS,
            *META_FIELDS,
        ]
        read_only_fields = ["author", *META_FIELDS]


class MappingAnswerSerializer(DomainSerializer):
    mapping_round = VisibleRelatedField(queryset=MappingRound.objects.all())
    question = serializers.PrimaryKeyRelatedField(queryset=round_questions())
    question_text = serializers.CharField(source="question.text", read_only=True)

    class Meta:
        model = MappingAnswer
        fields = ["id", "mapping_round", "question", "question_text", "answer", *META_FIELDS]
        read_only_fields = META_FIELDS


class MappingRoundSerializer(DomainSerializer):
    jurisdiction = VisibleRelatedField(queryset=Jurisdiction.objects.all())
    lead = UserReferenceField(allow_null=True, required=False)
    practices = VisibleRelatedField(queryset=Practice.objects.all(), many=True, required=False)
    assessment_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = MappingRound
        fields = [
            "id",
            "name",
            "jurisdiction",
            "started_on",
            "review_due_on",
            "status",
            "lead",
            "scope",
            "practices",
            "assessment_count",
            *META_FIELDS,
        ]
        read_only_fields = ["assessment_count", *META_FIELDS]


class RelationshipSerializer(ConfidentialSerializer):
    source = VisibleRelatedField(queryset=Stakeholder.objects.all())  # type: ignore[assignment]  # a declared field, not Field's own attribute
    target = VisibleRelatedField(queryset=Stakeholder.objects.all())

    class Meta:
        model = Relationship
        fields = ["id", "source", "kind", "target", "notes", *CONFIDENTIALITY_FIELDS, *META_FIELDS]
        read_only_fields = META_FIELDS
        validators: list[Any] = []  # the model's unique constraint answers with its own message via the service


class EngagementSerializer(ConfidentialSerializer):
    company_participants = UserReferenceField(many=True, required=False)
    jurisdiction = VisibleRelatedField(queryset=Jurisdiction.objects.all())
    stakeholders = VisibleRelatedField(queryset=Stakeholder.objects.all(), many=True, allow_empty=False)
    practices = VisibleRelatedField(queryset=Practice.objects.all(), many=True, required=False)

    class Meta:
        model = Engagement
        fields = [
            "id",
            "occurred_on",
            "kind",
            "title",
            "jurisdiction",
            "stakeholders",
            "company_participants",
            "topics",
            "summary",
            "outcome",
            "follow_ups",
            "follow_up_due_on",
            "practices",
            *CONFIDENTIALITY_FIELDS,
            *META_FIELDS,
        ]
        read_only_fields = META_FIELDS
