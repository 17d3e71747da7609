"""The manager views' API twins under ``/api/v1/insights/``: the same filters, the same selectors, the same
figures (and the view's warnings), as JSON. Only ``shrhub.view_manager_views`` opens them: anonymous
requests get 401, other roles 403. Unknown or invalid parameters answer 400.
"""

from __future__ import annotations

from typing import Any, ClassVar

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import BasePermission
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from shrhub.models import JurisdictionLevel
from shrhub.registry import Warning, manager_warnings

from ..choices import Sector
from . import exports, selectors, warnings
from .filters import (
    CoordinationFilterSet,
    CoverageFilterSet,
    InsightFilterSet,
    InvalidFilters,
    RoundChangesFilterSet,
    Scope,
    resolve_scope,
)
from .views import PERMISSIONS


class CanViewManagerViews(BasePermission):
    """Authenticated, with ``shrhub.view_manager_views`` and ``stakeholders.view_stance`` (managers and
    administrators)."""

    message = "Only managers and administrators see the manager views."

    def has_permission(self, request: Request, view: Any) -> bool:
        user = request.user
        return bool(user and user.is_authenticated and user.has_perms(PERMISSIONS))


# Serializers (read-only, mirroring the dataclasses of ``selectors``) -----------------------------------------


class WarningSerializer(serializers.Serializer):
    severity = serializers.ChoiceField(choices=["high", "medium", "low"])
    title = serializers.CharField()
    detail = serializers.CharField()
    url = serializers.CharField()
    source = serializers.CharField()


class ActorSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    url = serializers.CharField(help_text="Path of the stakeholder's page.")
    kind = serializers.CharField()
    level = serializers.CharField()
    sector = serializers.CharField()


class RoundRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    started_on = serializers.DateField()
    jurisdiction = serializers.CharField()
    url = serializers.CharField()


class WithWarnings(serializers.Serializer):
    warnings = serializers.SerializerMethodField()

    @extend_schema_field(WarningSerializer(many=True))
    def get_warnings(self, obj: Any) -> list[dict[str, Any]]:
        return WarningSerializer(self.context.get("warnings", []), many=True).data


class BucketSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()
    action = serializers.CharField()
    count = serializers.IntegerField()


class MapCellSerializer(serializers.Serializer):
    stance = serializers.CharField()
    influence = serializers.IntegerField()
    count = serializers.IntegerField()


class MapPointSerializer(serializers.Serializer):
    actor = ActorSerializer()
    stance = serializers.CharField()
    score = serializers.IntegerField(allow_null=True, help_text="Spoiler -2 … champion +2; null if unknown.")
    influence = serializers.IntegerField()
    interest = serializers.IntegerField()
    assessed_on = serializers.DateField()
    quadrant = serializers.CharField(allow_null=True, help_text="engage, support, watch, build; null if neutral.")
    grid_cell = serializers.CharField(help_text="manage_closely, keep_satisfied, keep_informed or monitor.")


class ChampionMapSerializer(WithWarnings):
    mapping_round = RoundRefSerializer(allow_null=True)
    in_scope = serializers.IntegerField()
    assessed = serializers.IntegerField()
    not_assessed = serializers.IntegerField()
    unknown_stance = serializers.IntegerField()
    quadrants = BucketSerializer(many=True)
    grid = BucketSerializer(many=True)
    cells = MapCellSerializer(many=True)
    points = MapPointSerializer(many=True)


class MoveSerializer(serializers.Serializer):
    actor = ActorSerializer()
    direction = serializers.CharField(help_text="up, down, same, unclear, new or not_reassessed.")
    before_stance = serializers.CharField(allow_null=True)
    after_stance = serializers.CharField(allow_null=True)
    before_influence = serializers.IntegerField(allow_null=True)
    after_influence = serializers.IntegerField(allow_null=True)
    stance_change = serializers.IntegerField(allow_null=True)
    influence_change = serializers.IntegerField(allow_null=True)


class RoundChangesSerializer(WithWarnings):
    before = RoundRefSerializer(allow_null=True)
    after = RoundRefSerializer(allow_null=True)
    moved_up = MoveSerializer(many=True)
    moved_down = MoveSerializer(many=True)
    unclear = MoveSerializer(many=True)
    unchanged = MoveSerializer(many=True)
    new = MoveSerializer(many=True)
    not_reassessed = MoveSerializer(many=True)
    influence_changed = serializers.IntegerField()


class NetworkNodeSerializer(serializers.Serializer):
    actor = ActorSerializer()
    stance = serializers.CharField(allow_null=True)
    degree = serializers.IntegerField()
    brokerage = serializers.FloatField(help_text="National-local pairs whose shortest paths run through it.")


class NetworkEdgeSerializer(serializers.Serializer):
    source = serializers.IntegerField()
    target = serializers.IntegerField()
    kind = serializers.CharField()


class NetworkSerializer(WithWarnings):
    in_scope = serializers.IntegerField()
    isolated = serializers.IntegerField()
    components = serializers.IntegerField()
    nodes = NetworkNodeSerializer(many=True)
    edges = NetworkEdgeSerializer(many=True)
    brokers = NetworkNodeSerializer(many=True)
    cut_off = NetworkNodeSerializer(many=True)


class HierarchyRowSerializer(serializers.Serializer):
    actor = ActorSerializer()
    parent_id = serializers.IntegerField(allow_null=True)
    depth = serializers.IntegerField()
    stance = serializers.CharField(allow_null=True)
    last_engaged = serializers.DateField(allow_null=True)
    flags = serializers.ListField(child=serializers.CharField())


class EngagementGapSerializer(serializers.Serializer):
    organisation = ActorSerializer()
    engaged_on = serializers.DateField()
    engagement_title = serializers.CharField()
    engagement_url = serializers.CharField()
    counterparts = ActorSerializer(many=True)
    counterparts_last_engaged = serializers.DateField(allow_null=True)


class DivergenceSerializer(serializers.Serializer):
    upper = ActorSerializer()
    upper_stance = serializers.CharField()
    lower = ActorSerializer()
    lower_stance = serializers.CharField()
    gap = serializers.IntegerField()


class MandateLevelSerializer(serializers.Serializer):
    area = serializers.CharField()
    area_name = serializers.CharField()
    level = serializers.CharField()
    holders = ActorSerializer(many=True)
    jurisdictions = serializers.IntegerField()
    uncovered = serializers.ListField(child=serializers.CharField(), help_text="At most 20 names.")
    uncovered_count = serializers.IntegerField()
    is_gap = serializers.BooleanField()


class CoordinationSerializer(WithWarnings):
    since = serializers.DateField()
    days = serializers.IntegerField()
    organisations = serializers.IntegerField()
    hierarchy = serializers.SerializerMethodField()
    gaps = EngagementGapSerializer(many=True)
    divergences = DivergenceSerializer(many=True)
    mandates = MandateLevelSerializer(many=True)

    @extend_schema_field(HierarchyRowSerializer(many=True))
    def get_hierarchy(self, obj: selectors.Coordination) -> list[dict[str, Any]]:
        rows = [
            {
                "actor": node.actor,
                "parent_id": parent,
                "depth": depth,
                "stance": node.stance,
                "last_engaged": node.last_engaged,
                "flags": node.flags,
            }
            for node, depth, parent in exports.flatten(obj.trees)
        ]
        return HierarchyRowSerializer(rows, many=True).data


class ShareSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()
    count = serializers.IntegerField()
    total = serializers.IntegerField()
    share = serializers.FloatField()
    url = serializers.CharField()


class ReviewDueSerializer(serializers.Serializer):
    actor = ActorSerializer()
    assessment_url = serializers.CharField()
    assessed_on = serializers.DateField()
    review_due_on = serializers.DateField(allow_null=True)
    overdue_since = serializers.DateField()


class KeyPositionIssueSerializer(serializers.Serializer):
    kind = serializers.CharField(help_text="vacant or changed_hands.")
    position_id = serializers.IntegerField()
    title = serializers.CharField()
    url = serializers.CharField()
    organisation = ActorSerializer()
    holder = ActorSerializer(allow_null=True)
    since = serializers.DateField(allow_null=True)


class CoverageSerializer(WithWarnings):
    in_scope = serializers.IntegerField()
    assessed = serializers.IntegerField()
    not_assessed = serializers.IntegerField()
    local_actors = serializers.IntegerField()
    sectors = ShareSerializer(many=True)
    levels = ShareSerializer(many=True)
    stances = ShareSerializer(many=True)
    sources = ShareSerializer(many=True)
    sole_sources = ShareSerializer(many=True)
    vulnerable_groups = ShareSerializer(many=True)
    representing_any = serializers.IntegerField()
    review_due = ReviewDueSerializer(many=True)
    key_positions = KeyPositionIssueSerializer(many=True)
    days = serializers.IntegerField()


# Views ----------------------------------------------------------------------------------------------------


def _parameters(filterset_class: type[InsightFilterSet]) -> list[OpenApiParameter]:
    described = {
        "jurisdiction": (OpenApiTypes.INT, False, None, "A jurisdiction id: it and everything under it."),
        "level": (OpenApiTypes.STR, True, JurisdictionLevel.values, "Levels (repeat the parameter)."),
        "sector": (OpenApiTypes.STR, True, Sector.values, "Sectors (repeat the parameter)."),
        "mapping_round": (OpenApiTypes.INT, False, None, "A round id: read its assessments, not the current ones."),
        "days": ({"type": "integer", "minimum": 1, "maximum": 730}, False, None, "The window in days (default 90)."),
        "before": (OpenApiTypes.INT, False, None, "The earlier round id (default: the one before `after`)."),
        "after": (OpenApiTypes.INT, False, None, "The later round id (default: the latest round)."),
    }
    out = []
    for name in filterset_class.base_filters:
        kind, many, enum, text = described[name]
        out.append(
            OpenApiParameter(name, kind, OpenApiParameter.QUERY, required=False, many=many, enum=enum, description=text)
        )
    return out


class InsightAPIView(APIView):
    """GET the figures of one manager view under the filters given as query parameters."""

    permission_classes = [CanViewManagerViews]
    filterset_class: ClassVar[type[InsightFilterSet]] = InsightFilterSet
    serializer_class: ClassVar[type[serializers.Serializer]]

    def compute(self, scope: Scope) -> Any:
        raise NotImplementedError

    def find_warnings(self, figure: Any, scope: Scope) -> list[Warning]:
        return []

    def scope(self, request: Request) -> Scope:
        unknown = sorted(set(request.query_params) - set(self.filterset_class.base_filters))
        if unknown:
            raise ValidationError({name: ["Unknown parameter."] for name in unknown})
        try:
            return resolve_scope(
                user=request.user, data=request.query_params, filterset_class=self.filterset_class, request=request
            )
        except InvalidFilters as error:
            raise ValidationError(error.errors) from error

    def get(self, request: Request) -> Response:
        scope = self.scope(request)
        with selectors.fast_reads():
            figure = self.compute(scope)
        context = {"warnings": self.find_warnings(figure, scope), "request": request}
        return Response(self.serializer_class(figure, context=context).data)


def _documented(view: type[InsightAPIView], summary: str) -> type[InsightAPIView]:
    return extend_schema(
        summary=summary,
        parameters=_parameters(view.filterset_class),
        responses=view.serializer_class,
        tags=["insights"],
    )(view)


class ChampionMapAPIView(InsightAPIView):
    serializer_class = ChampionMapSerializer

    def compute(self, scope: Scope) -> selectors.ChampionMap:
        return selectors.champion_map(scope)

    def find_warnings(self, figure: Any, scope: Scope) -> list[Warning]:
        return warnings.map_warnings(figure, scope)


class RoundChangesAPIView(InsightAPIView):
    filterset_class = RoundChangesFilterSet
    serializer_class = RoundChangesSerializer

    def compute(self, scope: Scope) -> selectors.RoundChanges:
        return selectors.round_changes(scope)

    def find_warnings(self, figure: Any, scope: Scope) -> list[Warning]:
        return warnings.change_warnings(figure, scope)


class NetworkAPIView(InsightAPIView):
    serializer_class = NetworkSerializer

    def compute(self, scope: Scope) -> selectors.Network:
        return selectors.network(scope)


class CoordinationAPIView(InsightAPIView):
    filterset_class = CoordinationFilterSet
    serializer_class = CoordinationSerializer

    def compute(self, scope: Scope) -> selectors.Coordination:
        return selectors.coordination(scope)

    def find_warnings(self, figure: Any, scope: Scope) -> list[Warning]:
        return warnings.coordination_warnings(figure, scope)


class CoverageAPIView(InsightAPIView):
    filterset_class = CoverageFilterSet
    serializer_class = CoverageSerializer

    def compute(self, scope: Scope) -> selectors.Coverage:
        return selectors.coverage(scope)

    def find_warnings(self, figure: Any, scope: Scope) -> list[Warning]:
        return warnings.coverage_warnings(figure, scope)


_documented(ChampionMapAPIView, "Champion/spoiler map: stance \u00d7 influence and influence \u00d7 interest")
_documented(RoundChangesAPIView, "Change between two mapping rounds")
_documented(NetworkAPIView, "Relationship network with national-local brokers")
_documented(CoordinationAPIView, "National ↔ local coordination: hierarchy, gaps, divergences, mandates")
_documented(CoverageAPIView, "Coverage and bias of the map")


class WarningsAPIView(APIView):
    """Every registered warning (all apps), most severe first: what the manager home page lists."""

    permission_classes = [CanViewManagerViews]

    @extend_schema(
        parameters=_parameters(InsightFilterSet),
        responses=WarningSerializer(many=True),
        tags=["insights"],
        summary="All warnings of the manager views",
    )
    def get(self, request: Request) -> Response:
        unknown = sorted(set(request.query_params) - set(InsightFilterSet.base_filters))
        if unknown:
            raise ValidationError({name: ["Unknown parameter."] for name in unknown})
        try:
            resolve_scope(user=request.user, data=request.query_params, request=request)
        except InvalidFilters as error:
            raise ValidationError(error.errors) from error
        return Response(WarningSerializer(manager_warnings(request.user, request.query_params), many=True).data)
