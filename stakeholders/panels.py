"""The registry's panels on the start page."""

from __future__ import annotations

from django.http import HttpRequest

from shrhub.registry import Panel

from . import selectors


def registry_panels(request: HttpRequest) -> list[Panel]:
    user = request.user
    if not user.has_perm("stakeholders.view_stakeholder"):
        return []
    stakeholders = selectors.stakeholder_list(user=user)
    context = {
        "stakeholders": stakeholders.count(),
        "unassessed": stakeholders.filter(current_assessment__isnull=True).count(),
        "vacant_key": selectors.vacant_key_positions(user=user).count(),
        "overdue_reviews": selectors.assessments_due_for_review(user=user).count(),
        "recent_engagements": list(selectors.engagement_list(user=user).order_by("-occurred_on", "-id")[:5]),
    }
    return [Panel("Stakeholder registry", "stakeholders/panels/registry.html", context, order=10)]
