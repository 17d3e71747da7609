"""The catalogue's panel on the start page: adoption warnings for those who may see adoptions."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from shrhub.models import Jurisdiction
from shrhub.registry import Panel, Warning
from shrhub.types import AnyUser

from . import selectors

SOURCE = gettext_lazy("Good-practice adoption")


def adoption_panels(request: HttpRequest) -> list[Panel]:
    user = request.user
    if not user.has_perm("practices.view_adoption"):
        return []
    alerts = selectors.adoption_alerts(user=user)
    context = {**vars(alerts), "review_months": settings.SHRHUB_REVIEW_MONTHS}
    return [Panel(_("Good-practice adoption"), "practices/panels/adoptions.html", context, order=30)]


def adoption_warnings(user: AnyUser, filters: Mapping[str, Any]) -> list[Warning]:
    """Manager warnings: overdue adoptions, open ones nobody owns, and ones not reviewed for N months.
    Honours ``filters["jurisdiction"]`` (that jurisdiction and everything under it). Two queries at most."""
    if not user.has_perm("practices.view_adoption"):
        return []
    jurisdiction_ids = None
    raw = str(filters.get("jurisdiction") or "")
    if raw.isdigit():
        jurisdiction = Jurisdiction.objects.visible_to(user).filter(pk=int(raw)).first()
        jurisdiction_ids = jurisdiction.descendant_ids() if jurisdiction else []
    alerts = selectors.adoption_alerts(user=user, jurisdiction_ids=jurisdiction_ids)
    base = reverse("practices:adoption_list")
    scope = f"&jurisdiction={int(raw)}" if jurisdiction_ids else ""
    months = settings.SHRHUB_REVIEW_MONTHS
    found = []
    if alerts.overdue:
        found.append(
            Warning(
                "high",
                ngettext(
                    "%(count)d adopted practice is overdue", "%(count)d adopted practices are overdue", alerts.overdue
                )
                % {"count": alerts.overdue},
                _("Their target date has passed and they are not implemented."),
                f"{base}?overdue=true{scope}",
                SOURCE,
            )
        )
    if alerts.unowned:
        found.append(
            Warning(
                "medium",
                ngettext(
                    "%(count)d open adoption has no owner", "%(count)d open adoptions have no owner", alerts.unowned
                )
                % {"count": alerts.unowned},
                _("Nobody is named to see the practice through."),
                f"{base}?unowned=true{scope}",
                SOURCE,
            )
        )
    if alerts.needs_review:
        found.append(
            Warning(
                "low",
                ngettext(
                    "%(count)d adoption has not been reviewed for %(months)d months",
                    "%(count)d adoptions have not been reviewed for %(months)d months",
                    alerts.needs_review,
                )
                % {"count": alerts.needs_review, "months": months},
                _("Review them and mark them reviewed, or update their status."),
                f"{base}?needs_review=true{scope}",
                SOURCE,
            )
        )
    return found
