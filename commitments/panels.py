"""What agreements add to other apps' pages: the agreements an engagement or a meeting gave rise to, with a link
that starts a new one from it; a stakeholder's agreements and where it stands in their roll-out."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from shrhub.registry import Panel
from stakeholders.models import Engagement, Stakeholder
from workinggroups.models import Meeting

from . import selectors


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
