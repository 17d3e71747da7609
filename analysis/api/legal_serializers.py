"""Explicit API shapes of the legal framework. Experts consulted are sent as the ids of those the reader may see
(the viewsets' ``visible_many``); an edit keeps the experts its author may not see. Writes go through
``analysis.legal_services``."""

from __future__ import annotations

from rest_framework import serializers

from shrhub.api.serializers import (
    META_FIELDS,
    DomainSerializer,
    SlugRelatedField,
    UserReferenceField,
    VisibleRelatedField,
)
from shrhub.models import Jurisdiction
from stakeholders.models import Stakeholder

from ..models import ActionPlan, IhlAssessment, InitiativeCommitment, Instrument, InstrumentStatus, NationalLaw

ENTRY_FIELDS = ["link", "prepared_by", "experts", "verified_on"]


class LegalEntrySerializer(DomainSerializer):
    country = VisibleRelatedField(queryset=Jurisdiction.objects.all(), help_text="A national jurisdiction.")
    prepared_by = UserReferenceField(
        allow_null=True, required=False, help_text="Company staff; omitted on a new entry, whoever writes it."
    )
    experts = VisibleRelatedField(queryset=Stakeholder.objects.all(), many=True, required=False)


class NationalLawSerializer(LegalEntrySerializer):
    class Meta:
        model = NationalLaw
        fields = [
            "id",
            "country",
            "title",
            "reference",
            "area",
            "summary",
            "vps_connection",
            *ENTRY_FIELDS,
            *META_FIELDS,
        ]
        read_only_fields = META_FIELDS


class InstrumentSerializer(serializers.ModelSerializer):
    """An international instrument (reference data). ``name`` and ``short_name`` are in English."""

    class Meta:
        model = Instrument
        fields = ["code", "name", "short_name", "area", "adopted_in", "order"]
        read_only_fields = fields


class InstrumentStatusSerializer(LegalEntrySerializer):
    instrument = SlugRelatedField(
        slug_field="code", queryset=Instrument.objects.all(), help_text="The instrument's code (/instruments/)."
    )

    class Meta:
        model = InstrumentStatus
        fields = ["id", "country", "instrument", "state", "since", "notes", *ENTRY_FIELDS, *META_FIELDS]
        read_only_fields = META_FIELDS
        # One status per country and instrument: the model's constraint answers, through the service, with its
        # own message (DRF's check would name the fields only).
        validators: list = []


class IhlAssessmentSerializer(LegalEntrySerializer):
    is_current = serializers.BooleanField(read_only=True, help_text="No later assessment of the same country.")

    class Meta:
        model = IhlAssessment
        fields = [
            "id",
            "country",
            "applies",
            "assessed_on",
            "reasoning",
            "areas",
            "is_current",
            *ENTRY_FIELDS,
            *META_FIELDS,
        ]
        read_only_fields = META_FIELDS


class ActionPlanSerializer(LegalEntrySerializer):
    class Meta:
        model = ActionPlan
        fields = [
            "id",
            "country",
            "title",
            "status",
            "adopted_on",
            "summary",
            "security_elements",
            *ENTRY_FIELDS,
            *META_FIELDS,
        ]
        read_only_fields = META_FIELDS


class InitiativeCommitmentSerializer(LegalEntrySerializer):
    initiative_name = serializers.CharField(read_only=True)

    class Meta:
        model = InitiativeCommitment
        fields = [
            "id",
            "country",
            "initiative",
            "other_initiative",
            "initiative_name",
            "since",
            "commitments",
            *ENTRY_FIELDS,
            *META_FIELDS,
        ]
        read_only_fields = META_FIELDS
        validators: list = []  # the model's conditional constraint answers through the service
