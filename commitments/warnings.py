"""Agreements in the managers' warnings (1.1.c): national and regional agreements not known below, and local
bodies contradicting them; and (1.1.b) the people to keep informed who are overdue."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext, ngettext

from shrhub.models import Jurisdiction
from shrhub.registry import Warning
from shrhub.types import AnyUser

from .selectors import audience_list, rollout_gaps


def agreement_warnings(user: AnyUser, filters: Mapping[str, Any]) -> list[Warning]:
    """Two queries; nothing for users who may not read agreements."""
    if not user.has_perm("commitments.view_agreement"):
        return []
    gaps = rollout_gaps(user=user)
    url = reverse("commitments:agreement_list") + "?rollout_gap=true"
    source = gettext("Agreements")
    found: list[Warning] = []
    contradicted = [gap for gap in gaps if gap.contradicting]
    if contradicted:
        bodies = sorted({str(r.body) for gap in contradicted for r in gap.contradicting})
        found.append(
            Warning(
                "high",
                ngettext(
                    "Local practice contradicts %(count)d agreement reached above it",
                    "Local practice contradicts %(count)d agreements reached above them",
                    len(contradicted),
                )
                % {"count": len(contradicted)},
                gettext("Contradicting: %(bodies)s.") % {"bodies": ", ".join(bodies[:5])},
                url,
                source,
            )
        )
    unknown = [gap for gap in gaps if gap.unaware or gap.no_rollout]
    if unknown:
        names = [str(gap.agreement) for gap in unknown]
        found.append(
            Warning(
                "medium",
                ngettext(
                    "%(count)d agreement in force is not yet known to the bodies that must apply it",
                    "%(count)d agreements in force are not yet known to the bodies that must apply them",
                    len(unknown),
                )
                % {"count": len(unknown)},
                gettext("What is agreed nationally may never reach the local level: %(names)s.")
                % {"names": ", ".join(names[:3])},
                url,
                source,
            )
        )
    return found


def audience_warnings(user: AnyUser, filters: Mapping[str, Any]) -> list[Warning]:
    """People to keep informed who are overdue (never informed, or not within their interval), counted over the
    audience members and the engagements the reader may see. Two queries; nothing for users who may not read
    them. A ``jurisdiction`` filter keeps the stakeholders in it and under it."""
    if not user.has_perm("commitments.view_audience"):
        return []
    overdue = audience_list(user=user).filter(overdue=True)  # type: ignore[misc]  # annotated by audience_list
    jurisdiction = str(filters.get("jurisdiction") or "")
    if jurisdiction.isdigit():
        place = Jurisdiction.objects.filter(pk=jurisdiction).first()
        overdue = overdue.filter(stakeholder__jurisdiction_id__in=place.descendant_ids()) if place else overdue.none()
    count = overdue.count()
    if not count:
        return []
    soonest = overdue.order_by("next_due_on", "stakeholder__name", "id")  # type: ignore[misc]  # as above
    names = [str(member.stakeholder) for member in soonest[:3]]
    return [
        Warning(
            "medium",
            ngettext(
                "%(count)d person to keep informed is overdue",
                "%(count)d people to keep informed are overdue",
                count,
            )
            % {"count": count},
            gettext("Not informed within their interval, or never: %(names)s.") % {"names": ", ".join(names)},
            reverse("commitments:audience_list") + "?overdue=true&ordering=due",
            gettext("Kept informed"),
        )
    ]
