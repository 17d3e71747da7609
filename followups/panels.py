"""What the follow-ups add to other apps' pages: the follow-ups card of an engagement's page."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.translation import gettext as _

from shrhub.registry import Panel
from stakeholders.models import Engagement

from . import selectors


def engagement_sections(request: HttpRequest, engagement: Engagement) -> list[Panel]:
    """The engagement's follow-ups the user may see (one query), with an "Add a follow-up" link for those who may
    add one; nothing for users who may not view follow-ups."""
    user = request.user
    if not user.has_perm("followups.view_followup"):
        return []
    context = {
        "engagement": engagement,
        "items": selectors.engagement_follow_ups(engagement, user=user),
        "can_add": user.has_perm("followups.add_followup"),
    }
    return [Panel(_("Follow-ups"), "followups/_engagement_follow_ups.html", context, order=20)]
