"""The manager views' API twins under ``/api/v1/insights/``: the same filters, the same figures (and the view's
warnings), as JSON, one twin per declaration of ``manager_views.MANAGER_VIEWS`` (``TWINS``); the serializers
are in ``serializers``. Only ``shrhub.view_manager_views`` opens them: anonymous requests get 401, other roles
403. Unknown or invalid parameters answer 400.
"""

from __future__ import annotations

from typing import Any, ClassVar

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

from shrhub.models import JurisdictionLevel
from shrhub.registry import manager_warnings

from ..choices import Sector
from .figures.reads import fast_reads
from .filters import InsightFilterSet, InvalidFilters, Scope, resolve_scope
from .manager_views import MANAGER_VIEWS, PERMISSIONS, ManagerView
from .serializers import WarningSerializer


class CanViewManagerViews(BasePermission):
    """Authenticated, with ``shrhub.view_manager_views`` and ``stakeholders.view_stance`` (managers and
    administrators)."""

    message = gettext_lazy("Only managers and administrators see the manager views.")

    def has_permission(self, request: Request, view: Any) -> bool:
        user = request.user
        return bool(user and user.is_authenticated and user.has_perms(PERMISSIONS))


# Views --------------------------------------------------------------------------------------------------------


def _parameters(filterset_class: type[InsightFilterSet]) -> list[OpenApiParameter]:
    described: dict[str, tuple[Any, bool, list[str] | None, str]] = {
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


def api_scope(request: Request, filterset_class: type[InsightFilterSet]) -> Scope:
    """The scope that the query parameters ask for; 400 for an unknown parameter, an empty value (a page's form
    sends ``level=`` for "any", but the API documents each parameter's values and takes none of them empty:
    leave the parameter out) or a value the filters refuse."""
    errors = {
        name: [_("Unknown parameter.")] for name in request.query_params if name not in filterset_class.base_filters
    }
    for name, values in request.query_params.lists():
        if name not in errors and "" in values:
            errors[name] = [_("Give a value, or leave the parameter out.")]
    if errors:
        raise ValidationError(dict(sorted(errors.items())))
    try:
        return resolve_scope(
            user=request.user, data=request.query_params, filterset_class=filterset_class, request=request
        )
    except InvalidFilters as error:
        raise ValidationError(error.errors) from error


class InsightAPIView(APIView):
    """GET the figures of one manager view under the filters given as query parameters."""

    permission_classes = [CanViewManagerViews]
    manager_view: ClassVar[ManagerView]
    filterset_class: ClassVar[type[InsightFilterSet]] = InsightFilterSet
    serializer_class: ClassVar[type[serializers.Serializer]]

    def scope(self, request: Request) -> Scope:
        return api_scope(request, self.filterset_class)

    def get(self, request: Request) -> Response:
        scope = self.scope(request)
        with fast_reads():
            figure = self.manager_view.figure(scope)
        context = {"warnings": self.manager_view.find_warnings(figure, scope), "request": request}
        return Response(self.serializer_class(figure, context=context).data)


def twin_class(view: ManagerView) -> type[InsightAPIView]:
    """The API twin of one declared view, documented in the OpenAPI schema under the tag ``insights``."""
    name = "".join(part.capitalize() for part in view.key.split("_")) + "InsightAPIView"
    attributes = {
        "__module__": __name__,  # no docstring of its own: the schema describes it by its summary
        "manager_view": view,
        "filterset_class": view.filterset_class,
        "serializer_class": view.serializer_class,
    }
    twin = type(name, (InsightAPIView,), attributes)
    return extend_schema(
        summary=view.api_summary,
        parameters=_parameters(view.filterset_class),
        responses=view.serializer_class,
        tags=["insights"],
    )(twin)


TWINS: dict[str, type[InsightAPIView]] = {view.key: twin_class(view) for view in MANAGER_VIEWS}


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
        api_scope(request, InsightFilterSet)
        return Response(WarningSerializer(manager_warnings(request.user, request.query_params), many=True).data)
