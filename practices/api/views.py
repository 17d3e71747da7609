"""Catalogue API (read-only, by stable key) and adoptions API (read-write through the services)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, cast

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema
from rest_framework import pagination, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from shrhub.api.validation import parse_if_match, validated_payload
from shrhub.api.viewsets import DomainViewSet

from .. import filtersets, selectors, services
from ..models import Adoption, Challenge, Edition, MappingQuestion, Method, Practice, Reference
from . import serializers


class PageNumberPagination(pagination.PageNumberPagination):
    """Paging by number, for lists sorted by rank, by related rows or by dates that may be empty: keyset
    (cursor) paging can follow none of these."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200


class CatalogueViewSet(viewsets.ReadOnlyModelViewSet):
    """Read-only catalogue rows, looked up by their stable ``key``. Rows withdrawn from the data file are
    listed with ``withdrawn: true`` so that incremental sync (``updated_since``) sees them go."""

    selector: Callable[..., QuerySet]
    lookup_field = "key"
    pagination_class = PageNumberPagination
    ordering_fields = ()  # sorting is the FilterSet's ``ordering``, the same as on the pages
    list_params = frozenset({"page", "page_size", "ordering", "format"})

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        super().initial(request, *args, **kwargs)
        if self.action == "list":
            # A misspelt filter answers 400, as everywhere (the check reads only the filterset and the paginator).
            DomainViewSet.reject_unknown_params(self, request)  # type: ignore[arg-type]

    def get_queryset(self) -> QuerySet:
        return type(self).selector(user=self.request.user)


class EditionViewSet(CatalogueViewSet):
    """The published texts of the toolkit, with their sections."""

    queryset = Edition.objects.none()
    selector = selectors.edition_list
    serializer_class = serializers.EditionSerializer
    filterset_class = filtersets.EditionFilterSet


class ChallengeViewSet(CatalogueViewSet):
    """Challenges of every edition; ``ref`` is the 2016 code shared by both editions."""

    queryset = Challenge.objects.none()
    selector = selectors.challenge_list
    serializer_class = serializers.ChallengeSerializer
    filterset_class = filtersets.ChallengeFilterSet


class PracticeViewSet(CatalogueViewSet):
    """Catalogue items with steps and citations. ``q`` searches (ranked, with highlighted passages)."""

    queryset = Practice.objects.none()
    selector = selectors.practice_detail
    serializer_class = serializers.PracticeSerializer
    filterset_class = filtersets.PracticeFilterSet


class ReferenceViewSet(CatalogueViewSet):
    """Sources the toolkit cites, by short form."""

    queryset = Reference.objects.none()
    selector = selectors.reference_list
    serializer_class = serializers.ReferenceSerializer
    filterset_class = filtersets.ReferenceFilterSet


class MethodViewSet(CatalogueViewSet):
    """Analytical methods (PESTLES, the stakeholder-mapping questions) with their questions."""

    queryset = Method.objects.none()
    selector = selectors.method_list
    serializer_class = serializers.MethodSerializer
    filterset_class = filtersets.MethodFilterSet


class MappingQuestionViewSet(CatalogueViewSet):
    """Stakeholder-mapping questions; ``asked_in_rounds=true`` gives the ones every mapping round answers."""

    queryset = MappingQuestion.objects.none()
    selector = selectors.question_list
    serializer_class = serializers.MappingQuestionSerializer
    filterset_class = filtersets.MappingQuestionFilterSet


class AdoptionViewSet(DomainViewSet):
    """Practices taken up per jurisdiction: status, owner, target date, review. Same rules as the pages."""

    queryset = Adoption.objects.none()
    selector = selectors.adoption_list
    serializer_class = serializers.AdoptionSerializer
    filterset_class = filtersets.AdoptionFilterSet
    pagination_class = PageNumberPagination  # sorts by challenge, jurisdiction name, target and review dates
    ordering_fields = ()  # sorting is the FilterSet's ``ordering``, the same as on the pages
    list_params = frozenset({"page", "page_size", "ordering", "format"})
    create_service = services.adoption_create
    update_service = services.adoption_update
    delete_service = services.adoption_delete
    if_match_actions = frozenset({"review"})

    @extend_schema(request=serializers.AdoptionReviewSerializer, responses=serializers.AdoptionSerializer)
    @action(detail=True, methods=["post"], filterset_class=None)
    def review(self, request: Request, pk: str | None = None) -> Response:
        """Record that the adoption was reviewed (today, or on ``on``). Accepts ``If-Match``."""
        instance = cast(Adoption, self.get_object())
        if not request.user.has_perm("practices.change_adoption"):
            self.permission_denied(request)
        payload = validated_payload(serializers.AdoptionReviewSerializer(data=request.data))
        instance = services.adoption_mark_reviewed(
            actor=request.user,
            instance=instance,
            on=payload.get("on"),
            expected_version=parse_if_match(request),
        )
        response = Response(self.get_serializer(instance).data)
        response["ETag"] = f'"{instance.version}"'
        return response
