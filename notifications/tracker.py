"""One list of owned, dated items for a person: engagement follow-ups, working-group actions, agreement obligations
and risk mitigations, "mine, open, soonest first" by default. The page
and its API twin read it through the same form, so a filter means the same in both."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from analysis.models import Mitigation
from commitments.models import Obligation
from followups.models import FollowUp, OwnedItem
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
        choices=[
            ("all", _("Everywhere")),
            ("engagements", _("Engagements")),
            ("groups", _("Working groups")),
            ("agreements", _("Agreements")),
            ("risks", _("Risk mitigations")),
        ],
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

    source: str  # "engagements", "groups", "agreements" or "risks"
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


def _owned(model: type[OwnedItem] | type[FollowUp], *related: str) -> Callable[[AnyUser, str, Q], QuerySet[Any]]:
    """Rows of an item model owned by one company user (``owner``)."""

    def rows(user: AnyUser, scope: str, state_q: Q) -> QuerySet[Any]:
        found = model.objects.visible_to(user).filter(state_q).select_related("owner", *related)
        return found.filter(owner_id=user.pk) if scope == "mine" else found

    return rows


def _actions(user: AnyUser, scope: str, state_q: Q) -> QuerySet[Any]:
    rows = actionitem_list(user=user).filter(state_q)
    if scope == "mine":
        rows = rows.filter(Q(owner_user_id=user.pk) | Q(owner_membership__user_id=user.pk))
    return rows


# Each source of the tracker: its rows, and the record each item comes from (the context column).
SOURCES: dict[str, tuple[Callable[[AnyUser, str, Q], QuerySet[Any]], str]] = {
    "engagements": (_owned(FollowUp, "engagement"), "engagement"),
    "groups": (_actions, "group"),
    "agreements": (_owned(Obligation, "agreement", "owner_stakeholder"), "agreement"),
    "risks": (_owned(Mitigation, "risk"), "risk"),
}


def tracked_items(user: AnyUser, choices: dict[str, str], today: datetime.date | None = None) -> list[TrackedItem]:
    """The items ``choices`` asks for that ``user`` may see, soonest due first (at most ``LIMIT``): one query per
    source."""
    today = today or clock.today()
    state_q = _state_q(choices["state"], today)
    labels = dict(ActionStatus.choices)
    items: list[TrackedItem] = []
    for source, (rows, context) in SOURCES.items():
        if choices["source"] not in {"all", source}:
            continue
        for row in rows(user, choices["scope"], state_q).order_by("due_on", "id")[:LIMIT]:
            origin = getattr(row, context)
            items.append(
                TrackedItem(
                    source,
                    row.pk,
                    str(row),
                    row.get_absolute_url(),
                    row.owner_name,
                    row.due_on,
                    row.status,
                    str(labels[row.status]),
                    row.is_overdue(today),
                    str(origin),
                    origin.get_absolute_url(),
                )
            )
    items.sort(key=lambda item: (item.due_on, item.source, item.pk))
    return items[:LIMIT]
