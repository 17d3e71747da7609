"""The registry's panels on the start page."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.translation import gettext as _

from shrhub.paging import COUNT_CAP, capped_count
from shrhub.registry import Panel

from . import selectors


def registry_panels(request: HttpRequest) -> list[Panel]:
    user = request.user
    if not user.has_perm("stakeholders.view_stakeholder"):
        return []
    stakeholders = selectors.stakeholder_list(user=user)
    # Counted no further than the list pages count (a million assessments: an exact count costs half a second).
    overdue_reviews, overdue_reviews_capped = capped_count(selectors.assessments_due_for_review(user=user), COUNT_CAP)
    context = {
        "stakeholders": stakeholders.count(),
        "unassessed": stakeholders.filter(seen_assessment__isnull=True).count(),  # type: ignore[misc]  # seen_assessment: the relation visible_to() adds
        "vacant_key": selectors.vacant_key_positions(user=user).count(),
        "overdue_reviews": overdue_reviews,
        "overdue_reviews_capped": overdue_reviews_capped,
        "recent_engagements": list(selectors.engagement_list(user=user).order_by("-occurred_on", "-id")[:5]),
    }
    return [Panel(_("Stakeholder registry"), "stakeholders/panels/registry.html", context, order=10)]
