"""Explicit API shapes of the follow-ups. Writes go through the same services as the pages."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from shrhub.api.serializers import META_FIELDS, DomainSerializer, UserReferenceField, VisibleRelatedField
from stakeholders.models import Engagement

from ..models import FollowUp, FollowUpProgress


class FollowUpSerializer(DomainSerializer):
    engagement = VisibleRelatedField(queryset=Engagement.objects.all())
    owner = UserReferenceField(allow_null=True, required=False)
    owner_name = serializers.CharField(read_only=True)
    is_overdue = serializers.SerializerMethodField()
    closed_on = serializers.DateField(allow_null=True, required=False, help_text="Today when closed without one.")

    class Meta:
        model = FollowUp
        fields = [
            "id",
            "engagement",
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

    def get_is_overdue(self, obj: FollowUp) -> bool:
        annotated = getattr(obj, "is_overdue_now", None)
        return obj.is_overdue() if annotated is None else bool(annotated)


class FollowUpProgressSerializer(DomainSerializer):
    follow_up = VisibleRelatedField(queryset=FollowUp.objects.all())
    author: serializers.PrimaryKeyRelatedField[Any] = serializers.PrimaryKeyRelatedField(
        read_only=True, allow_null=True
    )

    class Meta:
        model = FollowUpProgress
        fields = ["id", "follow_up", "note", "new_status", "author", *META_FIELDS]
        read_only_fields = ["author", *META_FIELDS]
