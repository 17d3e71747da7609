"""The manager views' pages and their exports (SVG, PNG, CSV), open only with ``shrhub.view_manager_views``.

One page class per view of ``manager_views.MANAGER_VIEWS`` (``PAGES``), made from its declaration. Each page
resolves the filters once into a ``Scope``, computes its figure and renders the charts inline beside
accessible tables; ``<view>/<chart>.svg|png`` and ``<view>/<table>.csv`` serve the same figure for download.
"""

from __future__ import annotations

import logging
from typing import Any, ClassVar

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext
from django.views import View

from shrhub.models import AccessLog, log_access
from shrhub.spreadsheets import CSV_TYPE, to_csv

from . import exports
from .figures.reads import fast_reads
from .filters import InsightFilterSet, InvalidFilters, Scope, resolve_scope
from .manager_views import MANAGER_VIEWS, PERMISSIONS, TABLE_LIMIT, ChartMaker, ManagerView, TableMaker

logger = logging.getLogger("shrhub.exports")


class ManagerViewMixin:
    """Only managers and administrators (``shrhub.view_manager_views``, with ``stakeholders.view_stance``: the
    views show stance labels); anonymous visitors never get here (the login middleware sends them to the login
    page), other roles get 403."""

    request: HttpRequest

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.has_perms(PERMISSIONS):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)  # type: ignore[misc]


class InsightView(ManagerViewMixin, View):
    """One manager view: its page (``GET``) and its exports (``GET <name>.<fmt>``). Subclassed once per
    declaration by ``page_class``: ``filterset_class``, ``charts`` and ``tables`` are class attributes so that
    the route checks (``tests/test_canary.py``) can read them off the URLconf."""

    manager_view: ClassVar[ManagerView]
    key: ClassVar[str]
    template_name: ClassVar[str]
    filterset_class: ClassVar[type[InsightFilterSet]] = InsightFilterSet
    charts: ClassVar[dict[str, tuple[str, ChartMaker]]] = {}
    tables: ClassVar[dict[str, tuple[str, TableMaker]]] = {}

    def get(self, request: HttpRequest, name: str | None = None, fmt: str | None = None) -> HttpResponse:
        if fmt is not None and not self._exports(name, fmt):
            raise Http404("No such export.")
        try:
            scope = resolve_scope(
                user=request.user, data=request.GET, filterset_class=self.filterset_class, request=request
            )
        except InvalidFilters as error:
            if fmt is not None:
                return HttpResponse(
                    gettext("Invalid filters: %(errors)s") % {"errors": error.errors},
                    status=400,
                    content_type="text/plain",
                )
            return render(request, self.template_name, self._base_context(error.filterset, None), status=400)
        with fast_reads():
            figure = self.manager_view.figure(scope)
        if fmt is not None:
            return self.export(figure, scope, name or "", fmt)
        context = self._base_context(scope.filterset, scope)
        context.update(
            figure=figure,
            found_warnings=self.manager_view.find_warnings(figure, scope),
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
            **(self.manager_view.page_context(figure, scope) if self.manager_view.page_context else {}),
        )
        return render(request, self.template_name, context)

    def _exports(self, name: str | None, fmt: str) -> bool:
        return (fmt in {"svg", "png"} and name in self.charts) or (fmt == "csv" and name in self.tables)

    def _export_url(self, name: str, fmt: str) -> str:
        return reverse(self.manager_view.export_route, kwargs={"name": name, "fmt": fmt})

    def _base_context(self, filterset: Any, scope: Scope | None) -> dict[str, Any]:
        return {
            "title": self.manager_view.title,
            "tab": self.key,
            "tabs": [(view.key, view.tab, reverse(view.route)) for view in MANAGER_VIEWS],
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
            response = HttpResponse(to_csv(make(figure)), content_type=CSV_TYPE)
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


def page_class(view: ManagerView) -> type[InsightView]:
    """The page class of one declared view."""
    name = "".join(part.capitalize() for part in view.key.split("_")) + "InsightView"
    attributes = {
        "__module__": __name__,
        "__doc__": f"The {view.title} page and its exports.",
        "manager_view": view,
        "key": view.key,
        "template_name": view.template_name,
        "filterset_class": view.filterset_class,
        "charts": dict(view.charts),
        "tables": dict(view.tables),
    }
    return type(name, (InsightView,), attributes)


PAGES: dict[str, type[InsightView]] = {view.key: page_class(view) for view in MANAGER_VIEWS}
