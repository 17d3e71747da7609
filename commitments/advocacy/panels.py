"""What the case for the VPs adds to other apps' pages: on an engagement's page, the standards raised there with
their arguments and responses ("Case for the VPs"); on a stakeholder's page, its commitment to an in-country
process (current level, date, evidence, history) and the standards raised with it."""

from __future__ import annotations

from django.http import HttpRequest
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from shrhub.registry import Panel
from stakeholders.models import Engagement, Stakeholder

from . import selectors


def engagement_sections(request: HttpRequest, engagement: Engagement) -> list[Panel]:
    """The standards raised in the engagement, with the arguments put. Two queries."""
    user = request.user
    if not user.has_perm("commitments.view_advocacy"):
        return []
    raised = selectors.advocacy_list(user=user).filter(engagement=engagement).order_by("agency__name", "standard")
    add = user.has_perm("commitments.add_advocacy")
    context = {
        "advocacy": list(raised),
        "add_url": reverse("commitments:advocacy_add") + "?" + urlencode({"engagement": engagement.pk}) if add else "",
    }
    return [Panel(_("Case for the VPs"), "commitments/advocacy/_engagement_section.html", context, order=25)]


def stakeholder_sections(request: HttpRequest, stakeholder: Stakeholder) -> list[Panel]:
    """The stakeholder's commitment to an in-country process and the standards raised with it. Three queries."""
    user = request.user
    if not user.has_perm("commitments.view_commitmentassessment"):
        return []
    assessments = selectors.stakeholder_commitments(user=user, stakeholder=stakeholder)
    raised = []
    if user.has_perm("commitments.view_advocacy"):
        raised = list(
            selectors.advocacy_list(user=user).filter(agency=stakeholder).order_by("-engagement__occurred_on", "-id")
        )
    add = user.has_perm("commitments.add_commitmentassessment")
    context = {
        "current": assessments[0] if assessments else None,
        "earlier": assessments[1:],
        "advocacy": raised,
        "add_url": reverse("commitments:commitmentassessment_add") + "?" + urlencode({"stakeholder": stakeholder.pk})
        if add
        else "",
    }
    return [
        Panel(_("Commitment to an in-country process"), "commitments/advocacy/_stakeholder_section.html", context, 15)
    ]
