"""The manager views' pages and their exports (SVG, PNG, CSV), open only with ``shrhub.view_manager_views``.

Each page resolves the filters once into a ``Scope``, computes its figure with its selector and renders the
charts inline beside accessible tables; ``<view>/<chart>.svg|png`` and ``<view>/<table>.csv`` serve the same
figure for download.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any, ClassVar

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.views import View

from shrhub.models import AccessLog, log_access
from shrhub.registry import Warning

from . import exports, selectors, svg, warnings
from .filters import (
    CoordinationFilterSet,
    CoverageFilterSet,
    InsightFilterSet,
    InvalidFilters,
    RoundChangesFilterSet,
    Scope,
    resolve_scope,
)

logger = logging.getLogger("shrhub.exports")
PERMISSION = "shrhub.view_manager_views"
# The views are all about stance labels, a restricted field: a role would need both to see them.
PERMISSIONS = (PERMISSION, "stakeholders.view_stance")
TABLE_LIMIT = 200

ChartMaker = Callable[[Any, Scope, Callable[[str], str]], svg.Canvas]


class ManagerViewMixin:
    """Only managers and administrators (``shrhub.view_manager_views``, with ``stakeholders.view_stance``: the
    views show stance labels); anonymous visitors never get here (the login middleware sends them to the login
    page), other roles get 403."""

    request: HttpRequest

    def dispatch(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not request.user.has_perms(PERMISSIONS):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)  # type: ignore[misc]


TABS = [
    ("map", "Champion/spoiler map", "stakeholders:insights_map"),
    ("changes", "Change between rounds", "stakeholders:insights_changes"),
    ("network", "Network and brokers", "stakeholders:insights_network"),
    ("coordination", "National ↔ local", "stakeholders:insights_coordination"),
    ("coverage", "Coverage and bias", "stakeholders:insights_coverage"),
]


class InsightView(ManagerViewMixin, View):
    """One manager view: its page (``GET``) and its exports (``GET <name>.<fmt>``)."""

    key: ClassVar[str]
    title: ClassVar[str]
    template_name: ClassVar[str]
    filterset_class: ClassVar[type[InsightFilterSet]] = InsightFilterSet
    charts: ClassVar[dict[str, tuple[str, ChartMaker]]] = {}
    tables: ClassVar[dict[str, tuple[str, Callable[[Any], exports.Table]]]] = {}

    def compute(self, scope: Scope) -> Any:
        raise NotImplementedError

    def find_warnings(self, figure: Any, scope: Scope) -> list[Warning]:
        return []

    def extra_context(self, figure: Any, scope: Scope) -> dict[str, Any]:
        return {}

    def get(self, request: HttpRequest, name: str | None = None, fmt: str | None = None) -> HttpResponse:
        if fmt is not None and not self._exports(name, fmt):
            raise Http404("No such export.")
        try:
            scope = resolve_scope(
                user=request.user, data=request.GET, filterset_class=self.filterset_class, request=request
            )
        except InvalidFilters as error:
            if fmt is not None:
                return HttpResponse(f"Invalid filters: {error.errors}", status=400, content_type="text/plain")
            return render(request, self.template_name, self._base_context(error.filterset, None), status=400)
        with selectors.fast_reads():
            figure = self.compute(scope)
        if fmt is not None:
            return self.export(figure, scope, name or "", fmt)
        context = self._base_context(scope.filterset, scope)
        context.update(
            figure=figure,
            found_warnings=self.find_warnings(figure, scope),
            rendered_charts=[
                {
                    "name": chart,
                    "title": title,
                    "svg": mark_safe(maker(figure, scope, _same).render(inline=True)),  # noqa: S308 - escaped by Canvas
                    "svg_url": scope.link(self._export_url(chart, "svg")),
                    "png_url": scope.link(self._export_url(chart, "png")),
                }
                for chart, (title, maker) in self.charts.items()
            ],
            csv_links=[
                (title, scope.link(self._export_url(table, "csv"))) for table, (title, _) in self.tables.items()
            ],
            table_limit=TABLE_LIMIT,
            **self.extra_context(figure, scope),
        )
        return render(request, self.template_name, context)

    def _exports(self, name: str | None, fmt: str) -> bool:
        return (fmt in {"svg", "png"} and name in self.charts) or (fmt == "csv" and name in self.tables)

    def _export_url(self, name: str, fmt: str) -> str:
        return reverse(f"stakeholders:insights_{self.key}_export", kwargs={"name": name, "fmt": fmt})

    def _base_context(self, filterset: Any, scope: Scope | None) -> dict[str, Any]:
        return {
            "title": self.title,
            "tab": self.key,
            "tabs": [(key, label, reverse(url)) for key, label, url in TABS],
            "filterset": filterset,
            "scope": scope,
            "query": scope.query if scope else "",
        }

    def export(self, figure: Any, scope: Scope, name: str, fmt: str) -> HttpResponse:
        logger.info("export %s/%s.%s by %s: %s", self.key, name, fmt, self.request.user.pk, scope.query)
        log_access(self.request.user, AccessLog.Action.EXPORT, model=f"insights.{self.key}", detail=f"{name}.{fmt}")
        filename = f"shrhub-{self.key}-{name}.{fmt}"
        if fmt == "csv":
            _, make = self.tables[name]
            response = HttpResponse(exports.to_csv(make(figure)), content_type="text/csv; charset=utf-8")
        else:
            _, maker = self.charts[name]
            document = maker(figure, scope, self.request.build_absolute_uri).render()
            if fmt == "svg":
                response = HttpResponse(document, content_type="image/svg+xml; charset=utf-8")
            else:
                response = HttpResponse(exports.svg_to_png(document), content_type="image/png")
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response


def _same(url: str) -> str:
    return url


def _more(scope: Scope) -> Callable[..., str]:
    stakeholder_list = reverse("stakeholders:stakeholder_list")
    return lambda **extra: scope.list_link(stakeholder_list, **extra)


class ChampionMapView(InsightView):
    key = "map"
    title = "Champion/spoiler map"
    template_name = "stakeholders/insights/map.html"
    charts = {
        "stance": ("Stance \u00d7 influence", lambda f, s, link: svg.stance_map_svg(f, more_url=_more(s), link=link)),
        "grid": ("Influence \u00d7 interest", lambda f, s, link: svg.grid_svg(f, more_url=_more(s), link=link)),
    }
    tables = {"data": ("Stakeholders on the map", exports.map_csv)}

    def compute(self, scope: Scope) -> selectors.ChampionMap:
        return selectors.champion_map(scope)

    def find_warnings(self, figure: Any, scope: Scope) -> list[Warning]:
        return warnings.map_warnings(figure, scope)


class RoundChangesView(InsightView):
    key = "changes"
    title = "Change between rounds"
    template_name = "stakeholders/insights/changes.html"
    filterset_class = RoundChangesFilterSet
    charts = {"moves": ("Who moved", lambda f, s, link: svg.changes_svg(f, link=link))}
    tables = {"data": ("Every stakeholder of either round", exports.changes_csv)}

    def compute(self, scope: Scope) -> selectors.RoundChanges:
        return selectors.round_changes(scope)

    def find_warnings(self, figure: Any, scope: Scope) -> list[Warning]:
        return warnings.change_warnings(figure, scope)


class NetworkView(InsightView):
    key = "network"
    title = "Relationship network and brokers"
    template_name = "stakeholders/insights/network.html"
    charts = {"graph": ("Relationship network", lambda f, s, link: svg.network_svg(f, link=link))}
    tables = {
        "data": ("Stakeholders ranked by brokerage", exports.network_csv),
        "edges": ("Ties", exports.network_edges_csv),
    }

    def compute(self, scope: Scope) -> selectors.Network:
        return selectors.network(scope)


class CoordinationView(InsightView):
    key = "coordination"
    title = "National ↔ local coordination"
    template_name = "stakeholders/insights/coordination.html"
    filterset_class = CoordinationFilterSet
    charts = {"hierarchy": ("Hierarchy by level", lambda f, s, link: svg.coordination_svg(f, link=link))}
    tables = {
        "data": ("Hierarchy with flags", exports.coordination_csv),
        "findings": ("Gaps, divergences and mandates", exports.coordination_findings_csv),
    }

    def compute(self, scope: Scope) -> selectors.Coordination:
        return selectors.coordination(scope)

    def find_warnings(self, figure: Any, scope: Scope) -> list[Warning]:
        return warnings.coordination_warnings(figure, scope)

    def extra_context(self, figure: Any, scope: Scope) -> dict[str, Any]:
        rows = exports.flatten(figure.trees)
        return {"hierarchy": rows[: TABLE_LIMIT * 2], "hierarchy_total": len(rows)}


class CoverageView(InsightView):
    key = "coverage"
    title = "Coverage and bias"
    template_name = "stakeholders/insights/coverage.html"
    filterset_class = CoverageFilterSet
    charts = {"spread": ("Spread of the map", lambda f, s, link: svg.coverage_svg(f, link=link))}
    tables = {
        "data": ("Spread by sector, level, stance, source and vulnerable group", exports.coverage_csv),
        "issues": ("Assessments past review and key positions", exports.coverage_issues_csv),
    }

    def compute(self, scope: Scope) -> selectors.Coverage:
        return selectors.coverage(scope)

    def find_warnings(self, figure: Any, scope: Scope) -> list[Warning]:
        return warnings.coverage_warnings(figure, scope)

    def extra_context(self, figure: Any, scope: Scope) -> dict[str, Any]:
        sole = {share.key: share.count for share in figure.sole_sources}
        return {
            "spreads": [
                ("Sectors", figure.sectors),
                ("Levels", figure.levels),
                ("Stances", figure.stances),
                ("Vulnerable groups represented", figure.vulnerable_groups),
            ],
            "source_rows": [(share, sole.get(share.key)) for share in figure.sources],
        }
