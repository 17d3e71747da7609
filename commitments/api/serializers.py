"""Explicit API shapes of agreements, obligations and roll-outs. Writes go through the same services as the
pages."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from shrhub.api.serializers import (
    CONFIDENTIALITY_FIELDS,
    META_FIELDS,
    ConfidentialSerializer,
    DomainSerializer,
    MaskedLinkField,
    UserReferenceField,
    VisibleRelatedField,
)
from shrhub.models import Jurisdiction, JurisdictionLevel
from stakeholders.models import Engagement, Stakeholder
from workinggroups.models import Meeting, WorkingGroup

from ..models import Agreement, Audience, Obligation, ObligationProgress, Rollout


class AgreementSerializer(ConfidentialSerializer):
    jurisdiction = VisibleRelatedField(queryset=Jurisdiction.objects.all())
    level = serializers.CharField(source="jurisdiction.level", read_only=True)
    parties = VisibleRelatedField(queryset=Stakeholder.objects.all(), many=True, required=False)
    meetings = VisibleRelatedField(queryset=Meeting.objects.all(), many=True, required=False)
    engagements = VisibleRelatedField(queryset=Engagement.objects.all(), many=True, required=False)
    superseded_by = MaskedLinkField(queryset=Agreement.objects.all(), allow_null=True, required=False)
    open_obligations = serializers.IntegerField(read_only=True)
    bodies = serializers.IntegerField(read_only=True, help_text="Bodies in its roll-out.")
    bodies_known = serializers.IntegerField(read_only=True, help_text="Bodies aware, committed or implementing.")
    bodies_contradicting = serializers.IntegerField(read_only=True)

    class Meta:
        model = Agreement
        fields = [
            "id",
            "kind",
            "title",
            "summary",
            "made_on",
            "jurisdiction",
            "level",
            "parties",
            "company_is_party",
            "incorporates_vps",
            "other_standards",
            "status",
            "superseded_by",
            "meetings",
            "engagements",
            "open_obligations",
            "bodies",
            "bodies_known",
            "bodies_contradicting",
            *CONFIDENTIALITY_FIELDS,
            *META_FIELDS,
        ]
        read_only_fields = META_FIELDS


class ObligationSerializer(DomainSerializer):
    agreement = VisibleRelatedField(queryset=Agreement.objects.all())
    owner = UserReferenceField(allow_null=True, required=False)
    owner_stakeholder = VisibleRelatedField(queryset=Stakeholder.objects.all(), allow_null=True, required=False)
    owner_name = serializers.CharField(read_only=True)
    is_overdue = serializers.SerializerMethodField()
    closed_on = serializers.DateField(allow_null=True, required=False, help_text="Today when closed without one.")

    class Meta:
        model = Obligation
        fields = [
            "id",
            "agreement",
            "description",
            "owner",
            "owner_stakeholder",
            "owner_name",
            "due_on",
            "status",
            "closed_on",
            "is_overdue",
            *META_FIELDS,
        ]
        read_only_fields = META_FIELDS

    def get_is_overdue(self, obj: Obligation) -> bool:
        annotated = getattr(obj, "is_overdue_now", None)
        return obj.is_overdue() if annotated is None else bool(annotated)


class ObligationProgressSerializer(DomainSerializer):
    obligation = VisibleRelatedField(queryset=Obligation.objects.all())
    author: serializers.PrimaryKeyRelatedField[Any] = serializers.PrimaryKeyRelatedField(
        read_only=True, allow_null=True
    )

    class Meta:
        model = ObligationProgress
        fields = ["id", "obligation", "note", "new_status", "author", *META_FIELDS]
        read_only_fields = ["author", *META_FIELDS]


class RolloutSerializer(DomainSerializer):
    agreement = VisibleRelatedField(queryset=Agreement.objects.all())
    body = VisibleRelatedField(queryset=Stakeholder.objects.all())
    engagements = VisibleRelatedField(queryset=Engagement.objects.all(), many=True, required=False)
    as_of = serializers.DateField(required=False, help_text="Today when left out.")

    class Meta:
        model = Rollout
        fields = ["id", "agreement", "body", "state", "as_of", "evidence", "engagements", *META_FIELDS]
        read_only_fields = META_FIELDS


class AudienceSerializer(DomainSerializer):
    """Someone kept informed of a process; ``last_informed_on``, ``next_due_on`` and ``overdue`` come from the
    engagements the reader may see."""

    country = VisibleRelatedField(
        queryset=Jurisdiction.objects.filter(level=JurisdictionLevel.NATIONAL), allow_null=True, required=False
    )
    working_group = VisibleRelatedField(queryset=WorkingGroup.objects.all(), allow_null=True, required=False)
    agreement = VisibleRelatedField(queryset=Agreement.objects.all(), allow_null=True, required=False)
    stakeholder = VisibleRelatedField(queryset=Stakeholder.objects.all())
    owner = UserReferenceField(allow_null=True, required=False)
    every_days = serializers.IntegerField(
        min_value=1, max_value=32767, help_text="How often they should hear from the team, in days."
    )
    process_name = serializers.CharField(read_only=True)
    last_informed_on = serializers.DateField(
        read_only=True, allow_null=True, help_text="The latest engagement with them; null when never informed."
    )
    next_due_on = serializers.DateField(read_only=True, help_text="Last informed plus the interval; today if never.")
    overdue = serializers.BooleanField(read_only=True, help_text="Never informed, or the due day has passed.")

    class Meta:
        model = Audience
        fields = [
            "id",
            "process",
            "country",
            "working_group",
            "agreement",
            "process_name",
            "stakeholder",
            "means",
            "every_days",
            "owner",
            "notes",
            "last_informed_on",
            "next_due_on",
            "overdue",
            *META_FIELDS,
        ]
        read_only_fields = META_FIELDS
        # Once per process is the model's conditional constraints (checked by the service's full_clean); DRF would
        # turn each into a validator that makes country, working group and agreement all required.
        validators: list[Any] = []
