"""The manager views, declared once each: what the pages (``views``, ``urls``), their API twins (``api``),
the manager home page's warnings (``insight_warnings``) and the Insights menu (``StakeholdersConfig``) are
built from.

A ``ManagerView`` names its key (which fixes its URLs and route names), its labels, the function computing
its figure, the filters it takes, its charts and tables (the exports), its serializer and the function
turning its figure into warnings. Adding a view is adding one declaration to ``MANAGER_VIEWS``, plus its
template and its route-access entries (``tests/test_route_access.py``).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers as drf_serializers

from shrhub.registry import Warning

from . import charts, exports, serializers, warnings
from .figures import champion_map, coordination, coverage, network, round_changes
from .figures.reads import fast_reads
from .filters import (
    CoordinationFilterSet,
    CoverageFilterSet,
    InsightFilterSet,
    InvalidFilters,
    RoundChangesFilterSet,
    Scope,
    resolve_scope,
)

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

PERMISSION = "shrhub.view_manager_views"
# The views are all about stance labels, a restricted field: a role would need both to see them.
PERMISSIONS = (PERMISSION, "stakeholders.view_stance")
TABLE_LIMIT = 200  # rows a page's tables show; the CSV export holds them all

# (figure, scope, link) → the chart; ``link`` makes each mark's URL absolute in a download.
ChartMaker = Callable[[Any, Scope, Callable[[str], str]], charts.Canvas]
TableMaker = Callable[[Any], exports.Table]


@dataclass(frozen=True, eq=False)
class ManagerView:
    """One manager view. Its page is ``/insights/<key>/`` (route ``stakeholders:insights_<key>``), its
    exports ``/insights/<key>/<name>.<svg|png|csv>`` (``stakeholders:insights_<key>_export``; ``name`` a key of
    ``charts`` for SVG and PNG, of ``tables`` for CSV), its API twin ``/api/v1/insights/<key>/``
    (``insights-<key>``). ``label`` names it in the menu and as the source of its warnings; ``title`` heads
    its page and ``tab`` names it among the tabs (both default to ``label``)."""

    key: str
    label: StrOrPromise
    figure: Callable[[Scope], Any]
    template_name: str
    serializer_class: type[drf_serializers.Serializer]
    api_summary: str
    title: StrOrPromise = ""
    tab: StrOrPromise = ""
    filterset_class: type[InsightFilterSet] = InsightFilterSet
    charts: Mapping[str, tuple[StrOrPromise, ChartMaker]] = field(default_factory=dict)
    tables: Mapping[str, tuple[StrOrPromise, TableMaker]] = field(default_factory=dict)
    warnings: Callable[[Any, Scope], list[Warning]] | None = None
    page_context: Callable[[Any, Scope], dict[str, Any]] | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "title", self.title or self.label)
        object.__setattr__(self, "tab", self.tab or self.label)

    @property
    def page_name(self) -> str:
        """The page's URL name in the ``stakeholders`` namespace."""
        return f"insights_{self.key}"

    @property
    def export_name(self) -> str:
        """The exports' URL name in the ``stakeholders`` namespace."""
        return f"insights_{self.key}_export"

    @property
    def route(self) -> str:
        return f"stakeholders:{self.page_name}"

    @property
    def export_route(self) -> str:
        return f"stakeholders:{self.export_name}"

    @property
    def api_route(self) -> str:
        return f"insights-{self.key}"

    def find_warnings(self, figure: Any, scope: Scope) -> list[Warning]:
        return self.warnings(figure, scope) if self.warnings else []


def _more(scope: Scope) -> Callable[..., str]:
    """The registry list under the view's filters (and more), for a chart's "+N" marks."""
    stakeholder_list = reverse("stakeholders:stakeholder_list")
    return lambda **extra: scope.list_link(stakeholder_list, **extra)


def _stance_chart(figure: champion_map.ChampionMap, scope: Scope, link: Callable[[str], str]) -> charts.Canvas:
    return charts.stance_map_svg(figure, more_url=_more(scope), link=link)


def _grid_chart(figure: champion_map.ChampionMap, scope: Scope, link: Callable[[str], str]) -> charts.Canvas:
    return charts.grid_svg(figure, more_url=_more(scope), link=link)


def _coordination_page(figure: coordination.Coordination, scope: Scope) -> dict[str, Any]:
    rows = exports.flatten(figure.trees)
    return {"hierarchy": rows[: TABLE_LIMIT * 2], "hierarchy_total": len(rows)}


def _coverage_page(figure: coverage.Coverage, scope: Scope) -> dict[str, Any]:
    sole = {share.key: share.count for share in figure.sole_sources}
    return {
        "spreads": [
            (_("Sectors"), figure.sectors),
            (_("Levels"), figure.levels),
            (_("Stances"), figure.stances),
            (_("Vulnerable groups represented"), figure.vulnerable_groups),
        ],
        "source_rows": [(share, sole.get(share.key)) for share in figure.sources],
    }


MANAGER_VIEWS: tuple[ManagerView, ...] = (
    ManagerView(
        key="map",
        label=_("Champion/spoiler map"),
        figure=champion_map.champion_map,
        template_name="stakeholders/insights/map.html",
        charts={
            "stance": (_("Stance × influence"), _stance_chart),
            "grid": (_("Influence × interest"), _grid_chart),
        },
        tables={"data": (_("Stakeholders on the map"), exports.map_csv)},
        serializer_class=serializers.ChampionMapSerializer,
        api_summary="Champion/spoiler map: stance \u00d7 influence and influence \u00d7 interest",
        warnings=warnings.map_warnings,
    ),
    ManagerView(
        key="changes",
        label=_("Change between rounds"),
        figure=round_changes.round_changes,
        template_name="stakeholders/insights/changes.html",
        filterset_class=RoundChangesFilterSet,
        charts={"moves": (_("Who moved"), lambda f, s, link: charts.changes_svg(f, link=link))},
        tables={"data": (_("Every stakeholder of either round"), exports.changes_csv)},
        serializer_class=serializers.RoundChangesSerializer,
        api_summary="Change between two mapping rounds",
        warnings=warnings.change_warnings,
    ),
    ManagerView(
        key="network",
        label=_("Network and brokers"),
        title=_("Relationship network and brokers"),
        figure=network.network,
        template_name="stakeholders/insights/network.html",
        charts={"graph": (_("Relationship network"), lambda f, s, link: charts.network_svg(f, link=link))},
        tables={
            "data": (_("Stakeholders ranked by brokerage"), exports.network_csv),
            "edges": (_("Ties"), exports.network_edges_csv),
        },
        serializer_class=serializers.NetworkSerializer,
        api_summary="Relationship network with national-local brokers",
    ),
    ManagerView(
        key="coordination",
        label=_("National ↔ local coordination"),
        tab=_("National ↔ local"),
        figure=coordination.coordination,
        template_name="stakeholders/insights/coordination.html",
        filterset_class=CoordinationFilterSet,
        charts={"hierarchy": (_("Hierarchy by level"), lambda f, s, link: charts.coordination_svg(f, link=link))},
        tables={
            "data": (_("Hierarchy with flags"), exports.coordination_csv),
            "findings": (_("Gaps, divergences and mandates"), exports.coordination_findings_csv),
        },
        serializer_class=serializers.CoordinationSerializer,
        api_summary="National ↔ local coordination: hierarchy, gaps, divergences, mandates",
        warnings=warnings.coordination_warnings,
        page_context=_coordination_page,
    ),
    ManagerView(
        key="coverage",
        label=_("Coverage and bias"),
        figure=coverage.coverage,
        template_name="stakeholders/insights/coverage.html",
        filterset_class=CoverageFilterSet,
        charts={"spread": (_("Spread of the map"), lambda f, s, link: charts.coverage_svg(f, link=link))},
        tables={
            "data": (_("Spread by sector, level, stance, source and vulnerable group"), exports.coverage_csv),
            "issues": (_("Assessments past review and key positions"), exports.coverage_issues_csv),
        },
        serializer_class=serializers.CoverageSerializer,
        api_summary="Coverage and bias of the map",
        warnings=warnings.coverage_warnings,
        page_context=_coverage_page,
    ),
)


def insight_warnings(user: Any, filters: Mapping[str, Any]) -> list[Warning]:
    """The warnings of every manager view that has some, for ``user`` under ``filters`` (each view reading
    them through its own filters); nothing for users without the manager views or with filters that do not
    validate. A fixed number of queries. Registered with ``shrhub.registry`` by ``StakeholdersConfig``."""
    if not user.has_perms(PERMISSIONS):
        return []
    warned = [view for view in MANAGER_VIEWS if view.warnings]
    try:
        scopes = [resolve_scope(user=user, data=filters, filterset_class=view.filterset_class) for view in warned]
    except InvalidFilters:
        return []
    with fast_reads():
        return [
            found
            for view, scope in zip(warned, scopes, strict=True)
            for found in view.find_warnings(view.figure(scope), scope)
        ]
