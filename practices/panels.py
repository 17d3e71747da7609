"""The catalogue's panel on the start page: adoption warnings for those who may see adoptions."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest

from shrhub.registry import Panel

from . import selectors


def adoption_panels(request: HttpRequest) -> list[Panel]:
    user = request.user
    if not user.has_perm("practices.view_adoption"):
        return []
    alerts = selectors.adoption_alerts(user=user)
    context = {**vars(alerts), "review_months": settings.SHRHUB_REVIEW_MONTHS}
    return [Panel("Good-practice adoption", "practices/panels/adoptions.html", context, order=30)]
