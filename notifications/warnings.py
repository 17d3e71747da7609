"""Escalation: overdue and unowned follow-ups and actions reach the managers' warnings."""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any

from django.db.models import Count, Min, Q
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext, ngettext

from analysis.models import Mitigation
from commitments.models import Obligation
from followups.models import FollowUp
from shrhub import clock
from shrhub.registry import Warning
from shrhub.types import AnyUser
from workinggroups.choices import OPEN_ACTION_STATUSES
from workinggroups.models import ActionItem

ESCALATE_AFTER_DAYS = 14  # overdue this long: a high-severity warning


def tracker_warnings(user: AnyUser, filters: Mapping[str, Any]) -> list[Warning]:
    """Overdue items the user may see (one query per kind of item) and unowned follow-ups (one)."""
    today = clock.today()
    open_q = Q(status__in=sorted(OPEN_ACTION_STATUSES))
    figures = [
        model.objects.visible_to(user)
        .filter(open_q, due_on__lt=today)
        .aggregate(count=Count("pk"), oldest=Min("due_on"))
        for model in (FollowUp, ActionItem, Obligation, Mitigation)
    ]
    warnings = []
    count = sum(figure["count"] for figure in figures)
    if count:
        oldest = min(figure["oldest"] for figure in figures if figure["oldest"] is not None)
        warnings.append(_overdue_warning(count, oldest, today))
    unowned = FollowUp.objects.visible_to(user).filter(open_q, owner__isnull=True).count()
    if unowned:
        warnings.append(
            Warning(
                "medium",
                ngettext("%(count)d follow-up has no owner", "%(count)d follow-ups have no owner", unowned)
                % {"count": unowned},
                gettext("Nobody is reminded of them: give each an owner."),
                reverse("followups:followup_list") + "?" + urlencode({"open": "true", "owned": "false"}),
                gettext("Follow-ups"),
            )
        )
    return warnings


def _overdue_warning(count: int, oldest: datetime.date, today: datetime.date) -> Warning:
    late = (today - oldest).days
    return Warning(
        "high" if late > ESCALATE_AFTER_DAYS else "medium",
        ngettext("%(count)d tracked commitment is overdue", "%(count)d tracked commitments are overdue", count)
        % {"count": count},
        ngettext(
            "The oldest is %(days)d day late: commitments made to officials and communities are slipping.",
            "The oldest is %(days)d days late: commitments made to officials and communities are slipping.",
            late,
        )
        % {"days": late},
        reverse("notifications:my_follow_ups") + "?" + urlencode({"scope": "all", "state": "overdue"}),
        gettext("Follow-ups"),
    )
