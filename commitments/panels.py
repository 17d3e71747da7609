"""What agreements add to other apps' pages: the agreements an engagement or a meeting gave rise to, with a link
that starts a new one from it; a stakeholder's agreements and where it stands in their roll-out; who is kept
informed of a working group (and, on the agreement's own page, of the agreement)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from shrhub import clock
from shrhub.models import Jurisdiction
from shrhub.registry import Panel
from stakeholders.models import Engagement, Stakeholder
from workinggroups.models import Meeting

from . import selectors
from .choices import INFORM_ENGAGEMENT_KIND, Process
from .models import Audience


def _add_url(**source: int) -> str:
    """The add page started from a meeting or an engagement (``?meetings=<pk>``); the page fills in the rest from
    the record itself, so none of its free text travels in a URL (server logs, browser history, referrers)."""
    return reverse("commitments:agreement_add") + "?" + urlencode(source)


def engagement_sections(request: HttpRequest, engagement: Engagement) -> list[Panel]:
    user = request.user
    if not user.has_perm("commitments.view_agreement"):
        return []
    context = {
        "agreements": list(selectors.agreement_list(user=user).filter(engagements=engagement).order_by("-made_on")),
        "add_url": _add_url(engagements=engagement.pk) if user.has_perm("commitments.add_agreement") else "",
        "empty": _("No agreement recorded from this engagement."),
        "add_label": _("Record a commitment as an agreement"),
    }
    return [Panel(_("Agreements"), "commitments/_agreements_section.html", context, order=30)]


def meeting_sections(request: HttpRequest, meeting: Meeting) -> list[Panel]:
    user = request.user
    if not user.has_perm("commitments.view_agreement"):
        return []
    context = {
        "agreements": list(selectors.agreement_list(user=user).filter(meetings=meeting).order_by("-made_on")),
        "add_url": _add_url(meetings=meeting.pk) if user.has_perm("commitments.add_agreement") else "",
        "empty": _("No agreement recorded from this meeting."),
        "add_label": _("Record the decisions as an agreement"),
    }
    return [Panel(_("Agreements"), "commitments/_agreements_section.html", context, order=30)]


def stakeholder_sections(request: HttpRequest, stakeholder: Stakeholder) -> list[Panel]:
    """The agreements a stakeholder is party to, and the roll-outs it must apply."""
    user = request.user
    if not user.has_perm("commitments.view_agreement"):
        return []
    context = {
        "agreements": list(selectors.agreement_list(user=user).filter(parties=stakeholder).order_by("-made_on")),
        "rollouts": list(selectors.rollout_list(user=user).filter(body=stakeholder).order_by("-as_of")),
    }
    return [Panel(_("Agreements"), "commitments/_stakeholder_section.html", context, order=40)]


def coordination_sections(request: HttpRequest, scope: Any = None) -> list[Panel]:
    """The coordination view's agreements: live ones reached above the local level that bodies below do not know
    of, or contradict (in the scope's jurisdiction, the ones above it and under it). Two queries."""
    user = request.user
    if not user.has_perm("commitments.view_agreement"):
        return []
    jurisdiction = getattr(scope, "jurisdiction", None)
    ids = None
    if jurisdiction is not None:
        ids = [j.pk for j in jurisdiction.ancestors()] + jurisdiction.descendant_ids()
    context = {"gaps": selectors.rollout_gaps(user=user, jurisdiction_ids=ids)}
    return [Panel(_("Agreements not yet known or applied below"), "commitments/_coordination_section.html", context)]


# Keeping people informed ------------------------------------------------------------------------------------


def inform_url(audience: Audience) -> str:
    """The new-engagement form pre-filled to record that an audience member was informed: the stakeholder (and its
    jurisdiction), the kind the means calls for (``INFORM_ENGAGEMENT_KIND``), a title and today. The title names
    the means and the kind of process only (and the country, for the in-country process): like the agreement
    links above, no record's free text travels in a URL."""
    process = audience.process_name if audience.process == Process.IN_COUNTRY else str(audience.get_process_display())
    title = _("Kept informed (%(means)s): %(process)s") % {"means": audience.get_means_display(), "process": process}
    query: dict[str, str | int] = {
        "stakeholders": audience.stakeholder_id,
        "jurisdiction": audience.stakeholder.jurisdiction_id,
        "kind": INFORM_ENGAGEMENT_KIND[audience.means],
        "title": str(title),
        "occurred_on": clock.today().isoformat(),
    }
    return reverse("stakeholders:engagement_add") + "?" + urlencode(query)


def audience_sections(request: HttpRequest, target: selectors.ProcessTarget) -> list[Panel]:
    """Who is kept informed of a working group or an agreement, when they last were and whether they are overdue
    (from the engagements the reader may see), with the stakeholders the map proposes to add. Two queries."""
    user = request.user
    if not user.has_perm("commitments.view_audience"):
        return []
    can_add = user.has_perm("commitments.add_audience")
    query = selectors.target_query(target)
    context = {
        "members": list(selectors.audience_of(target, user=user)),
        "proposed": selectors.proposed_audience(target, user=user) if can_add else [],
        "target_field": selectors.TARGET_FIELDS[selectors.process_of(target)],
        "target": target,
        "add_url": f"{reverse('commitments:audience_add')}?{query}" if can_add else "",
        "list_url": f"{reverse('commitments:audience_list')}?{query}",
    }
    return [Panel(_("Kept informed"), "commitments/_audience_section.html", context, order=50)]


def readiness_sections(request: HttpRequest, country: Jurisdiction | None = None) -> list[Panel]:
    """Who must be kept informed of the country's in-country process, on its readiness page."""
    if country is None:
        return []
    panels = audience_sections(request, country)
    for panel in panels:
        panel.context["heading"] = _("Kept informed of the in-country process")
        panel.order = 30
    return panels
