"""The risk register in the managers' warnings: coordination findings not yet reviewed, risks past their review
date, high risks nobody owns."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db.models import F
from django.urls import reverse
from django.utils.translation import gettext, ngettext

from shrhub import clock
from shrhub.registry import Warning
from shrhub.types import AnyUser

from .choices import RiskStatus
from .models import CoordinationRisk
from .proposals import proposals

HIGH_SCORE = 10  # likelihood × impact from which a risk is rated high


def risk_warnings(user: AnyUser, filters: Mapping[str, Any]) -> list[Warning]:
    found: list[Warning] = []
    source = gettext("Coordination risks")
    if user.has_perm("analysis.add_findingreview"):
        pending = proposals(user=user)
        if pending:
            found.append(
                Warning(
                    "medium",
                    ngettext(
                        "%(count)d new coordination finding not yet reviewed",
                        "%(count)d new coordination findings not yet reviewed",
                        len(pending),
                    )
                    % {"count": len(pending)},
                    gettext("Register each as a risk to communities, or dismiss it with a reason: %(titles)s.")
                    % {"titles": "; ".join(p.finding.title for p in pending[:3])},
                    reverse("analysis:proposal_list"),
                    source,
                )
            )
    if not user.has_perm("analysis.view_coordinationrisk"):
        return found
    risks = CoordinationRisk.objects.visible_to(user).exclude(status=RiskStatus.CLOSED)
    overdue = risks.filter(review_on__lt=clock.today()).count()
    if overdue:
        found.append(
            Warning(
                "medium",
                ngettext(
                    "%(count)d coordination risk is past its review date",
                    "%(count)d coordination risks are past their review date",
                    overdue,
                )
                % {"count": overdue},
                gettext("A risk assessment is only as good as its last review."),
                reverse("analysis:coordinationrisk_list") + "?review_due=true",
                source,
            )
        )
    scored = risks.filter(owner__isnull=True).annotate(score_value=F("likelihood") * F("impact"))
    unowned = scored.filter(score_value__gte=HIGH_SCORE).count()
    if unowned:
        found.append(
            Warning(
                "high",
                ngettext(
                    "%(count)d high coordination risk has no owner",
                    "%(count)d high coordination risks have no owner",
                    unowned,
                )
                % {"count": unowned},
                gettext("Nobody is answerable for what is done about them: give each an owner."),
                reverse("analysis:coordinationrisk_list") + f"?min_score={HIGH_SCORE}&live=true",
                source,
            )
        )
    return found
