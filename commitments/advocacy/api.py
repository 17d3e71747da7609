"""API of the case for the VPs: benefit arguments, standards raised (with the arguments put, written with them),
commitment assessments, each reading through the selector and writing through the services its pages use; and
the readiness by level (``/api/v1/readiness/``), the twin of the manager view. Registered under /api/v1/ by
``commitments.api.urls``."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import BasePermission
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from shrhub.api.serializers import META_FIELDS, DomainSerializer, UserReferenceField, VisibleRelatedField
from shrhub.api.viewsets import AnnotatedViewSet
from stakeholders.models import Engagement, Stakeholder

from ..models import Advocacy, Agreement, ArgumentPut, BenefitArgument, CommitmentAssessment
from . import filtersets, selectors, services
from .readiness import readiness, visible_countries

# Serializers ------------------------------------------------------------------------------------------------


class BenefitArgumentSerializer(DomainSerializer):
    times_put = serializers.IntegerField(read_only=True, help_text="Times put to an agency (that you may see).")
    times_welcomed = serializers.IntegerField(read_only=True, help_text="Times welcomed or met with interest.")
    times_rejected = serializers.IntegerField(read_only=True)

    class Meta:
        model = BenefitArgument
        fields = [
            "id",
            "name",
            "benefit",
            "case",
            "retired",
            "times_put",
            "times_welcomed",
            "times_rejected",
            *META_FIELDS,
        ]
        read_only_fields = META_FIELDS


class ArgumentPutSerializer(serializers.ModelSerializer):
    """One argument put; ``wording`` left empty takes the argument's general case."""

    argument = serializers.PrimaryKeyRelatedField(queryset=BenefitArgument.objects.all())

    class Meta:
        model = ArgumentPut
        fields = ["argument", "wording", "response"]


class AdvocacySerializer(DomainSerializer):
    engagement = VisibleRelatedField(queryset=Engagement.objects.all())
    agency = VisibleRelatedField(queryset=Stakeholder.objects.all(), help_text="One of the engagement's stakeholders.")
    standard_name = serializers.CharField(read_only=True)
    arguments = ArgumentPutSerializer(
        many=True,
        required=False,
        help_text="The arguments put, each once. On an update, the list given replaces the stored one; leave it out "
        "to keep them.",
    )

    class Meta:
        model = Advocacy
        fields = [
            "id",
            "engagement",
            "agency",
            "standard",
            "other_standard",
            "standard_name",
            "response",
            "response_notes",
            "arguments",
            *META_FIELDS,
        ]
        read_only_fields = META_FIELDS
        validators: list[Any] = []  # uniqueness is the model's (validated by the service, hidden rows unnamed)


class CommitmentAssessmentSerializer(DomainSerializer):
    stakeholder = VisibleRelatedField(queryset=Stakeholder.objects.all())
    engagements = VisibleRelatedField(queryset=Engagement.objects.all(), many=True, required=False)
    agreements = VisibleRelatedField(queryset=Agreement.objects.all(), many=True, required=False)
    author = UserReferenceField(allow_null=True, required=False, help_text="The actor when left out.")

    class Meta:
        model = CommitmentAssessment
        fields = ["id", "stakeholder", "level", "assessed_on", "evidence", "engagements", "agreements", "author"]
        fields += META_FIELDS
        read_only_fields = META_FIELDS


# Viewsets ---------------------------------------------------------------------------------------------------


class BenefitArgumentViewSet(AnnotatedViewSet):
    """The team's arguments for the VPs, with how often each was put and how it was received. An argument that has
    been put cannot be deleted (400): retire it."""

    queryset = BenefitArgument.objects.none()
    selector = selectors.benefitargument_list
    serializer_class = BenefitArgumentSerializer
    filterset_class = filtersets.BenefitArgumentFilterSet
    create_service = services.benefitargument_create
    update_service = services.benefitargument_update
    delete_service = services.benefitargument_delete


class AdvocacyViewSet(AnnotatedViewSet):
    """Standards raised with an agency in an engagement, with the arguments put and the agency's response."""

    queryset = Advocacy.objects.none()
    selector = selectors.advocacy_list
    serializer_class = AdvocacySerializer
    filterset_class = filtersets.AdvocacyFilterSet
    create_service = services.advocacy_create
    update_service = services.advocacy_update
    delete_service = services.advocacy_delete


class CommitmentAssessmentViewSet(AnnotatedViewSet):
    """Dated commitment levels per stakeholder (the latest is the current one), with their evidence."""

    queryset = CommitmentAssessment.objects.none()
    selector = selectors.commitmentassessment_list
    serializer_class = CommitmentAssessmentSerializer
    visible_many = ("engagements", "agreements")  # masked links: only what the reader may see is sent
    filterset_class = filtersets.CommitmentAssessmentFilterSet
    create_service = services.commitmentassessment_create
    update_service = services.commitmentassessment_update
    delete_service = services.commitmentassessment_delete


# Readiness by level ---------------------------------------------------------------------------------------------


class CanViewManagerViews(BasePermission):
    message = gettext_lazy("Only managers and administrators see the manager views.")

    def has_permission(self, request: Request, view: Any) -> bool:
        user = request.user
        return bool(user and user.is_authenticated and user.has_perm("shrhub.view_manager_views"))


class PlaceSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class AgencySerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    name = serializers.CharField()
    kind = serializers.CharField()
    sector = serializers.CharField()
    jurisdiction = serializers.IntegerField(source="jurisdiction_id")
    commitment_level = serializers.CharField(allow_null=True, help_text="The current commitment; null: never assessed.")
    commitment_on = serializers.DateField(allow_null=True)
    advocacy_count = serializers.IntegerField(help_text="Standards raised with it.")
    advocacy_last = serializers.DateField(allow_null=True, help_text="When a standard was last raised with it.")


class CellSerializer(serializers.Serializer):
    response = serializers.CharField()
    count = serializers.IntegerField()

    def to_representation(self, instance: Any) -> dict[str, Any]:
        response, count, _url = instance
        return {"response": response, "count": count}


class ArgumentRowSerializer(serializers.Serializer):
    argument = serializers.IntegerField(source="argument_id")
    name = serializers.CharField()
    total = serializers.IntegerField()
    cells = CellSerializer(many=True)


class LevelSerializer(serializers.Serializer):
    level = serializers.CharField()
    name = serializers.CharField(source="label")
    total = serializers.IntegerField()
    no_one_ready = serializers.BooleanField()
    ready = AgencySerializer(many=True)
    blocking = AgencySerializer(many=True)
    on_the_way = AgencySerializer(many=True)
    never_assessed = AgencySerializer(many=True)
    tried = serializers.IntegerField(help_text="Standards raised with its agencies.")
    last_tried = serializers.DateField(allow_null=True)
    arguments = ArgumentRowSerializer(many=True, help_text="Arguments × response at this level.")


class ReadinessSerializer(serializers.Serializer):
    country = PlaceSerializer(allow_null=True)
    countries = PlaceSerializer(many=True)
    levels = LevelSerializer(many=True)
    arguments = ArgumentRowSerializer(many=True, help_text="Arguments × response in the whole country.")


class ReadinessAPIView(APIView):
    """Readiness by level in one country: who in government is ready for an in-country process, who blocks, who is
    on the way, who was never assessed; what has been tried; which arguments worked with whom."""

    permission_classes = [CanViewManagerViews]

    @extend_schema(
        summary="Readiness by level for an in-country process",
        parameters=[
            OpenApiParameter(
                "country",
                OpenApiTypes.INT,
                OpenApiParameter.QUERY,
                required=False,
                description="A national jurisdiction id (default: the first you may see, by name).",
            )
        ],
        responses=ReadinessSerializer,
        tags=["insights"],
    )
    def get(self, request: Request) -> Response:
        unknown = {name: [_("Unknown parameter.")] for name in request.query_params if name != "country"}
        if unknown:
            raise ValidationError(unknown)
        raw = request.query_params.get("country")
        country = None
        if raw is not None:
            country = visible_countries(request.user).filter(pk=raw).first() if raw.isdigit() else None
            if country is None:
                raise ValidationError({"country": [_("Choose a country (a national jurisdiction) you may see.")]})
        figure = readiness(user=request.user, country=country)
        return Response(ReadinessSerializer(figure).data)
