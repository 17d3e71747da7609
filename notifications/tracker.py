"""One list of owned, dated items for a person: engagement follow-ups and working-group actions (agreement
obligations and risk mitigations join it as they arrive), "mine, open, soonest first" by default. The page
and its API twin read it through the same form, so a filter means the same in both."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django import forms
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from followups.models import FollowUp
from shrhub import clock
from shrhub.types import AnyUser
from workinggroups.choices import OPEN_ACTION_STATUSES, ActionStatus
from workinggroups.selectors import actionitem_list

LIMIT = 500  # a person's list; beyond this many, narrow it


class TrackerForm(forms.Form):
    """What the list shows; every field may be left out (the defaults: mine, open, from every source)."""

    scope = forms.ChoiceField(
        label=_("Whose"),
        required=False,
        choices=[("mine", _("Mine")), ("all", _("Everyone's"))],
    )
    state = forms.ChoiceField(
        label=_("State"),
        required=False,
        choices=[("open", _("Open")), ("overdue", _("Overdue")), ("closed", _("Closed")), ("all", _("All"))],
    )
    source = forms.ChoiceField(
        label=_("From"),
        required=False,
        choices=[("all", _("Everywhere")), ("engagements", _("Engagements")), ("groups", _("Working groups"))],
    )

    def choices(self) -> dict[str, str]:
        data = self.cleaned_data
        return {
            "scope": data.get("scope") or "mine",
            "state": data.get("state") or "open",
            "source": data.get("source") or "all",
        }


@dataclass(frozen=True)
class TrackedItem:
    """A follow-up or an action as the list shows it."""

    source: str  # "engagements" or "groups"
    pk: int
    description: str
    url: str
    owner: str
    due_on: datetime.date
    status: str
    status_label: str
    overdue: bool
    context: str  # the engagement or the group it comes from
    context_url: str


def _state_q(state: str, today: datetime.date) -> Q:
    open_statuses = sorted(OPEN_ACTION_STATUSES)
    if state == "open":
        return Q(status__in=open_statuses)
    if state == "overdue":
        return Q(status__in=open_statuses, due_on__lt=today)
    if state == "closed":
        return ~Q(status__in=open_statuses)
    return Q()


def _follow_ups(user: AnyUser, scope: str, state_q: Q) -> QuerySet[FollowUp]:
    rows = FollowUp.objects.visible_to(user).filter(state_q).select_related("engagement", "owner")
    return rows.filter(owner_id=user.pk) if scope == "mine" else rows


def _actions(user: AnyUser, scope: str, state_q: Q) -> QuerySet[Any]:
    rows = actionitem_list(user=user).filter(state_q)
    if scope == "mine":
        rows = rows.filter(Q(owner_user_id=user.pk) | Q(owner_membership__user_id=user.pk))
    return rows


def tracked_items(user: AnyUser, choices: dict[str, str], today: datetime.date | None = None) -> list[TrackedItem]:
    """The items ``choices`` asks for that ``user`` may see, soonest due first (at most ``LIMIT``): two queries."""
    today = today or clock.today()
    state_q = _state_q(choices["state"], today)
    labels = dict(ActionStatus.choices)
    items: list[TrackedItem] = []
    if choices["source"] in {"all", "engagements"}:
        for row in _follow_ups(user, choices["scope"], state_q).order_by("due_on", "id")[:LIMIT]:
            items.append(
                TrackedItem(
                    "engagements",
                    row.pk,
                    str(row),
                    row.get_absolute_url(),
                    row.owner_name,
                    row.due_on,
                    row.status,
                    str(labels[row.status]),
                    row.is_overdue(today),
                    str(row.engagement),
                    row.engagement.get_absolute_url(),
                )
            )
    if choices["source"] in {"all", "groups"}:
        for action in _actions(user, choices["scope"], state_q).order_by("due_on", "id")[:LIMIT]:
            items.append(
                TrackedItem(
                    "groups",
                    action.pk,
                    str(action),
                    action.get_absolute_url(),
                    action.owner_name,
                    action.due_on,
                    action.status,
                    str(labels[action.status]),
                    action.is_overdue(today),
                    str(action.group),
                    action.group.get_absolute_url(),
                )
            )
    items.sort(key=lambda item: (item.due_on, item.source, item.pk))
    return items[:LIMIT]
