"""Explicit API shapes of the catalogue (read-only) and of adoptions (read-write through the services)."""

from __future__ import annotations

from typing import Any, cast

from django.db.models import QuerySet
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from shrhub.api.serializers import META_FIELDS, DomainSerializer, UserReferenceField, VisibleRelatedField
from shrhub.models import Jurisdiction

from ..models import Adoption, Challenge, Citation, Edition, MappingQuestion, Method, Practice, Reference, Section, Step
from ..search import highlight

CATALOGUE_META = ["withdrawn", "updated_at"]


class SectionSerializer(DomainSerializer):
    class Meta:
        model = Section
        fields = ["key", "chapter", "number", "title", *CATALOGUE_META]


class EditionSerializer(DomainSerializer):
    sections = SectionSerializer(many=True, read_only=True)

    class Meta:
        model = Edition
        fields = [
            "id",
            "key",
            "title",
            "short_title",
            "year",
            "publisher",
            "url",
            "description",
            "order",
            "sections",
            *CATALOGUE_META,
        ]


class ChallengeSerializer(DomainSerializer):
    edition = serializers.CharField(source="section.edition.key", read_only=True)
    section = serializers.CharField(source="section.key", read_only=True)

    class Meta:
        model = Challenge
        fields = ["id", "key", "edition", "section", "code", "ref", "title", "problem", "order", *CATALOGUE_META]


class CitationSerializer(DomainSerializer):
    reference = serializers.CharField(source="reference.key", read_only=True)
    short_form = serializers.CharField(source="reference.short_form", read_only=True)
    printed = serializers.CharField(source="__str__", read_only=True)

    class Meta:
        model = Citation
        fields = ["reference", "short_form", "locator", "printed"]


class StepSerializer(DomainSerializer):
    citations = CitationSerializer(many=True, read_only=True)

    class Meta:
        model = Step
        fields = ["key", "order", "depth", "text", "citations"]


class PracticeSerializer(DomainSerializer):
    """A catalogue item with its steps (each with its citations) and its own citations. When the list is
    searched (``q``), ``search_rank`` and ``search_highlight`` (HTML, matches in ``<mark>``) are filled."""

    label = serializers.CharField(source="__str__", read_only=True)  # type: ignore[assignment]  # a declared field, not Field's own attribute
    edition = serializers.CharField(source="challenge.section.edition.key", read_only=True)
    challenge = serializers.CharField(source="challenge.key", read_only=True)
    challenge_code = serializers.CharField(source="challenge.code", read_only=True)
    challenge_ref = serializers.CharField(source="challenge.ref", read_only=True)
    steps = StepSerializer(many=True, read_only=True)
    citations = serializers.SerializerMethodField()
    search_rank = serializers.SerializerMethodField()
    search_highlight = serializers.SerializerMethodField()

    class Meta:
        model = Practice
        fields = [
            "id",
            "key",
            "label",
            "edition",
            "challenge",
            "challenge_code",
            "challenge_ref",
            "kind",
            "group_heading",
            "heading",
            "text",
            "order",
            "source",
            "steps",
            "citations",
            "search_rank",
            "search_highlight",
            *CATALOGUE_META,
        ]

    @extend_schema_field(CitationSerializer(many=True))
    def get_citations(self, obj: Practice) -> list[dict]:
        """Citations on the item itself (not on one of its steps)."""
        own = getattr(obj, "own_citations", None)
        if own is None:
            own = [c for c in obj.citations.all() if c.step_id is None]
        return cast(list[dict[str, Any]], CitationSerializer(own, many=True).data)  # many=True: a list

    @extend_schema_field(serializers.FloatField(allow_null=True))
    def get_search_rank(self, obj: Practice) -> float | None:
        rank = getattr(obj, "search_rank", None)
        return None if rank is None else round(float(rank), 6)

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_search_highlight(self, obj: Practice) -> str | None:
        request = self.context.get("request")
        query = request.query_params.get("q", "").strip() if request is not None else ""
        if not query:
            return None
        return str(highlight(obj.search_document, query, headline=getattr(obj, "search_headline", "")))


class ReferenceSerializer(DomainSerializer):
    citation_count = serializers.IntegerField(read_only=True)
    practice_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = Reference
        fields = ["id", "key", "short_form", "title", "notes", "citation_count", "practice_count", *CATALOGUE_META]


class MappingQuestionSerializer(DomainSerializer):
    method = serializers.CharField(source="method.key", read_only=True)

    class Meta:
        model = MappingQuestion
        fields = ["id", "key", "method", "number", "text", "asked_in_rounds", "withdrawn"]


class MethodSerializer(DomainSerializer):
    edition = serializers.CharField(source="challenge.section.edition.key", read_only=True)
    challenge = serializers.CharField(source="challenge.key", read_only=True)
    practice = serializers.CharField(source="practice.key", read_only=True, allow_null=True, default=None)
    questions = serializers.SerializerMethodField()

    class Meta:
        model = Method
        fields = ["id", "key", "name", "description", "source", "edition", "challenge", "practice", "questions"]
        fields += CATALOGUE_META

    @extend_schema_field(MappingQuestionSerializer(many=True))
    def get_questions(self, obj: Method) -> list[dict]:
        return [
            {
                "id": q.id,
                "key": q.key,
                "method": obj.key,
                "number": q.number,
                "text": q.text,
                "asked_in_rounds": q.asked_in_rounds,
                "withdrawn": q.withdrawn,
            }
            for q in obj.questions.all()
        ]


class PracticeKeyField(serializers.SlugRelatedField):
    """A practice by its stable catalogue key (the same on every installation)."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(slug_field="key", queryset=Practice.objects.all(), **kwargs)

    def get_queryset(self) -> QuerySet[Practice]:
        request = self.context.get("request")
        queryset = Practice.objects.select_related("challenge")
        return queryset.visible_to(request.user) if request is not None else queryset


class AdoptionSerializer(DomainSerializer):
    """An adoption; ``practice`` is the catalogue key. Rules (one per practice and place, a reason for
    "not applicable", no withdrawn practice) are the services', answered as 400 with field messages."""

    practice = PracticeKeyField()
    practice_label = serializers.CharField(source="practice.__str__", read_only=True)
    challenge_ref = serializers.CharField(source="practice.challenge.ref", read_only=True)
    jurisdiction = VisibleRelatedField(queryset=Jurisdiction.objects.all())
    owner = UserReferenceField(allow_null=True, required=False)
    owner_name = serializers.SerializerMethodField()
    is_overdue = serializers.SerializerMethodField()

    class Meta:
        model = Adoption
        fields = [
            "id",
            "practice",
            "practice_label",
            "challenge_ref",
            "jurisdiction",
            "status",
            "owner",
            "owner_name",
            "target_date",
            "not_applicable_reason",
            "notes",
            "last_reviewed_on",
            "is_overdue",
            *META_FIELDS,
        ]
        read_only_fields = META_FIELDS
        validators: list[Any] = []  # the services check one adoption per practice and jurisdiction, on the field

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_owner_name(self, obj: Adoption) -> str | None:
        if obj.owner is None:
            return None
        return obj.owner.get_full_name() or obj.owner.get_username()

    @extend_schema_field(OpenApiTypes.BOOL)
    def get_is_overdue(self, obj: Adoption) -> bool:
        return obj.is_overdue()


class AdoptionReviewSerializer(serializers.Serializer):
    on = serializers.DateField(required=False, help_text="The review date (default: today).")
