"""Read-only serializers of the manager views' figures for their API twins, mirroring the dataclasses of
``figures`` (each stakeholder as ``{id, name, url, kind, level, sector}``), with the view's warnings."""

from __future__ import annotations

from typing import Any, cast

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from . import exports
from .figures.coordination import Coordination


class WarningSerializer(serializers.Serializer):
    severity = serializers.ChoiceField(choices=["high", "medium", "low"])
    title = serializers.CharField()
    detail = serializers.CharField()
    url = serializers.CharField()
    source = serializers.CharField()  # type: ignore[assignment]  # a declared field, not Field's own attribute


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
        return cast(
            list[dict[str, Any]], WarningSerializer(self.context.get("warnings", []), many=True).data
        )  # many=True: a list


class BucketSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()  # type: ignore[assignment]  # a declared field, not Field's own attribute
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
    source = serializers.IntegerField()  # type: ignore[assignment]  # a declared field, not Field's own attribute
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
    def get_hierarchy(self, obj: Coordination) -> list[dict[str, Any]]:
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
        return cast(list[dict[str, Any]], HierarchyRowSerializer(rows, many=True).data)  # many=True: a list


class ShareSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()  # type: ignore[assignment]  # a declared field, not Field's own attribute
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
