"""The case for the VPs in the managers' warnings: key agencies never approached about the VPs, arguments
repeatedly rejected, and a level of government with no one ready for an in-country process. Only what the reader
may see is counted; each warning links to where to act."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db.models import Count, Exists, OuterRef
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext, ngettext

from shrhub.models import Jurisdiction, JurisdictionLevel
from shrhub.registry import Warning
from shrhub.types import AnyUser
from stakeholders.choices import StakeholderKind

from ..choices import Response, Standard
from ..models import Advocacy, ArgumentPut
from .readiness import government, levels_without_ready

KEY_INFLUENCE = 4  # an agency whose current assessment gives it this influence or more is key
REPEATED = 2  # rejected this many times by the same agency
WIDELY = 3  # rejected by this many agencies of one country


def never_approached(user: AnyUser) -> list[Any]:
    """Government organisations of influence ``KEY_INFLUENCE`` or more (their current assessment the reader may
    see) with whom no visible engagement raised the VPs."""
    raised = Advocacy.objects.visible_to(user).filter(agency=OuterRef("pk"), standard=Standard.VPS)
    return list(
        government(user)
        .filter(kind=StakeholderKind.ORGANISATION, seen_assessment__influence__gte=KEY_INFLUENCE)  # type: ignore[misc]  # visible_to() adds seen_assessment
        .exclude(Exists(raised))
        .order_by("name")
        .values("pk", "name")
    )


def repeatedly_rejected(user: AnyUser) -> tuple[list[Any], list[Any]]:
    """Arguments the same agency rejected at least ``REPEATED`` times, and arguments ``WIDELY`` agencies or more of
    one country rejected. Two queries."""
    rejected = ArgumentPut.objects.visible_to(user).filter(response=Response.REJECTED)
    by_agency = list(
        rejected.values("argument_id", "argument__name", "advocacy__agency_id", "advocacy__agency__name")
        .annotate(n=Count("pk"))
        .filter(n__gte=REPEATED)
        .order_by("argument__name", "advocacy__agency__name")
    )
    by_country = list(
        rejected.annotate(
            country=Coalesce(
                "advocacy__agency__jurisdiction__parent__parent_id",
                "advocacy__agency__jurisdiction__parent_id",
                "advocacy__agency__jurisdiction_id",
            )
        )
        .values("argument_id", "argument__name", "country")
        .annotate(n=Count("advocacy__agency", distinct=True))
        .filter(n__gte=WIDELY)
        .order_by("argument__name")
    )
    return by_agency, by_country


def advocacy_warnings(user: AnyUser, filters: Mapping[str, Any]) -> list[Warning]:
    """A fixed number of queries; nothing for users who may not read the standards raised."""
    if not user.has_perm("commitments.view_advocacy"):
        return []
    source = gettext("The case for the VPs")
    readiness_url = reverse("commitments:readiness")
    found: list[Warning] = []
    missing = never_approached(user)
    if missing:
        found.append(
            Warning(
                "medium",
                ngettext(
                    "%(count)d key agency has never heard the case for the VPs",
                    "%(count)d key agencies have never heard the case for the VPs",
                    len(missing),
                )
                % {"count": len(missing)},
                gettext("Influential government bodies with no engagement raising the VPs: %(names)s.")
                % {"names": ", ".join(row["name"] for row in missing[:5])},
                readiness_url,
                source,
            )
        )
    by_agency, by_country = repeatedly_rejected(user)
    if by_agency or by_country:
        pairs = [
            gettext("“%(argument)s” by %(agency)s")
            % {"argument": r["argument__name"], "agency": r["advocacy__agency__name"]}
            for r in by_agency
        ] + [
            gettext("“%(argument)s” by %(count)d agencies") % {"argument": r["argument__name"], "count": r["n"]}
            for r in by_country
        ]
        first = (by_agency or by_country)[0]
        params = {"argument": first["argument_id"], "argument_response": Response.REJECTED}
        if by_agency:
            params["agency"] = first["advocacy__agency_id"]
        found.append(
            Warning(
                "medium",
                ngettext(
                    "%(count)d argument keeps being rejected",
                    "%(count)d arguments keep being rejected",
                    len(pairs),
                )
                % {"count": len(pairs)},
                gettext("Rethink the case where it fails: %(pairs)s.") % {"pairs": "; ".join(pairs[:5])},
                reverse("commitments:advocacy_list") + "?" + urlencode(params),
                source,
            )
        )
    unready = levels_without_ready(user=user)
    if unready:
        names = dict(Jurisdiction.objects.filter(pk__in={row["country"] for row in unready}).values_list("pk", "name"))
        labels = [
            gettext("%(level)s in %(country)s")
            % {"level": JurisdictionLevel(row["level"]).label, "country": names.get(row["country"], "")}
            for row in unready
        ]
        found.append(
            Warning(
                "low",
                ngettext(
                    "%(count)d level of government has no one ready for an in-country process",
                    "%(count)d levels of government have no one ready for an in-country process",
                    len(unready),
                )
                % {"count": len(unready)},
                gettext("No agency there is supportive or committed yet: %(levels)s.") % {"levels": ", ".join(labels)},
                readiness_url + "?" + urlencode({"country": unready[0]["country"]}),
                source,
            )
        )
    return found
