"""The baseline: minimal Django JSON views that return the same rows as the API lists they stand beside.

No authentication, no permissions, no FilterSet, no serializer, no paging links: the same filters written
by hand, ``values()``, one query per many-to-many field and ``JsonResponse``. What the API costs beyond this
is what DRF, django-filter and the product's rules add; the benchmark reports every figure as a ratio to it.

The rows are those an integration account that is named on no record sees: internal records only.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse

from shrhub.middleware import LoginRequiredMiddleware
from stakeholders.models import Engagement, Stakeholder

PAGE_SIZE = 50


class LoginRequiredExceptBaseline(LoginRequiredMiddleware):
    """The product's login rule, except for the baseline views (which, like the health check, are open)."""

    def process_view(self, request: HttpRequest, view_func, view_args, view_kwargs) -> HttpResponse | None:
        if request.path_info.startswith("/bench/"):
            return None
        return super().process_view(request, view_func, view_args, view_kwargs)


def _datetime(value: datetime.datetime) -> str:
    """As DRF writes it: ISO 8601, ``Z`` for UTC."""
    text = value.isoformat()
    return text[:-6] + "Z" if text.endswith("+00:00") else text


def _date(value: datetime.date | None) -> str | None:
    return value.isoformat() if value is not None else None


def _related(
    through, owner: str, target: str, ids: Iterable[int], order: tuple[str, ...] = (), **where: Any
) -> dict[int, list[Any]]:
    """``{owner id: [target values]}`` from a many-to-many table, in one query, in the related model's order
    (by default the target itself: an id)."""
    found: dict[int, list[Any]] = defaultdict(list)
    links = through.objects.filter(**{f"{owner}_id__in": ids}, **where).order_by(*(order or (target,)))
    for owner_id, value in links.values_list(f"{owner}_id", target):
        found[owner_id].append(value)
    return found


def _after(request: HttpRequest) -> int:
    """``after=<id>``: the page after that row, as the API's cursor ``p=<id>`` asks for it."""
    try:
        return int(request.GET.get("after", 0))
    except ValueError:
        return 0


def stakeholder_baseline(request: HttpRequest) -> JsonResponse:
    """``/api/v1/stakeholders/`` rows for ``sector``, ``level`` and ``kind`` filters, by id, 50 at a time, with
    the current assessment a reader of the internal tier (the integration role) sees."""
    queryset = Stakeholder.objects.filter(confidentiality="internal", id__gt=_after(request))
    for name in ("sector", "level"):
        if values := request.GET.getlist(name):
            queryset = queryset.filter(**{f"{name}__in": values})
    if kind := request.GET.get("kind"):
        queryset = queryset.filter(kind=kind)
    rows = list(
        queryset.order_by("id").values(
            "id",
            "kind",
            "name",
            "short_name",
            "external_id",
            "sector",
            "level",
            "jurisdiction_id",
            "parent_id",
            "mandate",
            "description",
            "website",
            "vps_participant",
            "relationship_owner_id",
            "contact_interval_days",
            "email",
            "phone",
            "languages",
            "confidentiality",
            "version",
            "created_at",
            "updated_at",
            "current_internal_assessment_id",
            "current_internal_assessment__assessed_on",
            "current_internal_assessment__stance",
            "current_internal_assessment__influence",
            "current_internal_assessment__interest",
            "current_internal_assessment__confidence",
        )[:PAGE_SIZE]
    )
    ids = [row["id"] for row in rows]
    by_order = ("__order", "__name")
    areas = _related(
        Stakeholder.mandate_areas.through,
        "stakeholder",
        "mandatearea__code",
        ids,
        tuple(f"mandatearea{o}" for o in by_order),
    )
    groups = _related(
        Stakeholder.vulnerable_groups.through,
        "stakeholder",
        "vulnerablegroup__code",
        ids,
        tuple(f"vulnerablegroup{o}" for o in by_order),
    )
    cleared = _related(Stakeholder.cleared_users.through, "stakeholder", "user_id", ids)
    results = []
    for row in rows:
        current = None
        if row["current_internal_assessment_id"] is not None:
            current = {
                "id": row["current_internal_assessment_id"],
                "assessed_on": _date(row["current_internal_assessment__assessed_on"]),
                "stance": row["current_internal_assessment__stance"],
                "influence": row["current_internal_assessment__influence"],
                "interest": row["current_internal_assessment__interest"],
                "confidence": row["current_internal_assessment__confidence"],
            }
        results.append(
            {
                "id": row["id"],
                "kind": row["kind"],
                "name": row["name"],
                "short_name": row["short_name"],
                "external_id": row["external_id"],
                "sector": row["sector"],
                "level": row["level"],
                "jurisdiction": row["jurisdiction_id"],
                "parent": row["parent_id"],
                "mandate": row["mandate"],
                "mandate_areas": areas[row["id"]],
                "vulnerable_groups": groups[row["id"]],
                "description": row["description"],
                "website": row["website"],
                "relationship_owner": row["relationship_owner_id"],
                "contact_interval_days": row["contact_interval_days"],
                "vps_participant": row["vps_participant"],
                "email": row["email"],
                "phone": row["phone"],
                "languages": row["languages"],
                "current_assessment": current,
                "confidentiality": row["confidentiality"],
                "cleared_users": cleared[row["id"]],
                "version": row["version"],
                "created_at": _datetime(row["created_at"]),
                "updated_at": _datetime(row["updated_at"]),
            }
        )
    return JsonResponse({"next": None, "previous": None, "results": results})


def engagement_baseline(request: HttpRequest) -> JsonResponse:
    """``/api/v1/engagements/`` rows for ``kind`` and ``occurred_after`` filters, by id, 50 at a time."""
    queryset = Engagement.objects.filter(confidentiality="internal", id__gt=_after(request))
    if kinds := request.GET.getlist("kind"):
        queryset = queryset.filter(kind__in=kinds)
    if after := request.GET.get("occurred_after"):
        queryset = queryset.filter(occurred_on__gte=after)
    fields = ["id", "occurred_on", "kind", "title", "jurisdiction_id", "topics", "summary", "outcome", "follow_ups"]
    rows = list(
        queryset.order_by("id").values(
            *fields, "follow_up_due_on", "confidentiality", "version", "created_at", "updated_at"
        )[:PAGE_SIZE]
    )
    ids = [row["id"] for row in rows]
    stakeholders = _related(
        Engagement.stakeholders.through,
        "engagement",
        "stakeholder_id",
        ids,
        ("stakeholder__name", "stakeholder_id"),
        stakeholder__confidentiality="internal",
    )
    participants = _related(Engagement.company_participants.through, "engagement", "user_id", ids)
    practices = _related(
        Engagement.practices.through,
        "engagement",
        "practice_id",
        ids,
        ("practice__challenge__section__edition__order", "practice__challenge__order", "practice__order"),
    )
    cleared = _related(Engagement.cleared_users.through, "engagement", "user_id", ids)
    results = [
        {
            "id": row["id"],
            "occurred_on": _date(row["occurred_on"]),
            "kind": row["kind"],
            "title": row["title"],
            "jurisdiction": row["jurisdiction_id"],
            "stakeholders": stakeholders[row["id"]],
            "company_participants": participants[row["id"]],
            "topics": row["topics"],
            "summary": row["summary"],
            "outcome": row["outcome"],
            "follow_ups": row["follow_ups"],
            "follow_up_due_on": _date(row["follow_up_due_on"]),
            "practices": practices[row["id"]],
            "confidentiality": row["confidentiality"],
            "cleared_users": cleared[row["id"]],
            "version": row["version"],
            "created_at": _datetime(row["created_at"]),
            "updated_at": _datetime(row["updated_at"]),
        }
        for row in rows
    ]
    return JsonResponse({"next": None, "previous": None, "results": results})
