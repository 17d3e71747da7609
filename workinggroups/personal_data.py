"""What the working groups hold about a person (a registry Stakeholder of kind person), for the data-subject
export and the erasure (declared in ``WorkinggroupsConfig.ready()``; run by ``stakeholders.personal_data``).

Structured: their seats (memberships) with notes, their attendance, the guest entries linked to them, the key
issues they raised and the actions their seats own. Erasure blanks the notes of their seats and renames the
guest entries linked to them, history included; seats, attendance, issues and actions stay (the group's record
and its figures), pointing at the erased person. Free text anywhere in a group's record that names them —
minutes, decisions, amendments, agenda items, key issues, actions, progress notes, other seats' notes, guests
not linked to them — is declared in ``TEXTS`` and listed for an administrator to redact before erasure.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.utils.translation import gettext

from shrhub.personal_data import scrub
from shrhub.registry import TextSource, register_personal_data
from shrhub.types import AnyUser
from stakeholders.models import Stakeholder

from .models import (
    ActionItem,
    ActionProgress,
    AgendaItem,
    Attendance,
    Guest,
    KeyIssue,
    Meeting,
    Membership,
    MinutesAmendment,
    WorkingGroup,
)

ERASURE_REASON = "personal data erased"


def _seats(person: Stakeholder) -> Q:
    return Q(stakeholder=person)


def _guest_visits(person: Stakeholder) -> Q:
    return Q(stakeholder=person)


def export(person: Stakeholder) -> dict[str, Any]:
    """The person's seats, attendance, guest visits, key issues raised and actions owned (with progress)."""
    seats = Membership.objects.filter(_seats(person)).select_related("group").order_by("joined_on", "id")
    actions = (
        ActionItem.objects.filter(owner_membership__stakeholder=person)
        .select_related("group", "meeting")
        .prefetch_related("progress_notes")
        .order_by("due_on", "id")
    )
    return {
        "memberships": [
            {
                "group": m.group.name,
                "constituency": m.constituency,
                "role": m.role,
                "joined_on": m.joined_on.isoformat(),
                "left_on": m.left_on.isoformat() if m.left_on else None,
                "notes": m.notes,
            }
            for m in seats
        ],
        "attendance": [
            {"meeting": str(a.meeting), "group": a.meeting.group.name, "status": a.status}
            for a in Attendance.objects.filter(membership__stakeholder=person)
            .select_related("meeting__group")
            .order_by("meeting__starts_at", "id")
        ],
        "guest_visits": [
            {"meeting": str(g.meeting), "name": g.name, "organisation": g.organisation}
            for g in Guest.objects.filter(_guest_visits(person)).select_related("meeting").order_by("id")
        ],
        "key_issues_raised": [
            {"meeting": str(k.meeting), "text": k.text}
            for k in KeyIssue.objects.filter(raised_by=person).select_related("meeting").order_by("id")
        ],
        "actions_owned": [
            {
                "group": a.group.name,
                "meeting": str(a.meeting) if a.meeting_id else None,
                "description": a.description,
                "due_on": a.due_on.isoformat(),
                "status": a.status,
                "progress": [{"at": p.created_at.isoformat(), "note": p.note} for p in a.progress_notes.all()],
            }
            for a in actions
        ],
    }


def summary(person: Stakeholder) -> dict[str, int]:
    return {
        gettext("memberships (kept, notes blanked)"): Membership.objects.filter(_seats(person)).count(),
        gettext("attendance records (kept)"): Attendance.objects.filter(membership__stakeholder=person).count(),
        gettext("guest entries linked to the person (renamed)"): Guest.objects.filter(_guest_visits(person)).count(),
        gettext("key issues raised (kept; text checked for the name)"): KeyIssue.objects.filter(
            raised_by=person
        ).count(),
        gettext("actions owned (kept; text checked for the name)"): ActionItem.objects.filter(
            owner_membership__stakeholder=person
        ).count(),
    }


def erase(person: Stakeholder, *, actor: AnyUser) -> dict[str, int]:
    """Blank the notes of the person's seats and rename the guest entries linked to them, in every history
    version too (also of rows deleted since)."""
    return {
        "membership notes blanked": scrub(
            Membership, _seats(person), {"notes": ""}, actor=actor, reason=ERASURE_REASON
        ),
        "guest entries renamed": scrub(
            Guest, _guest_visits(person), {"name": f"Erased person {person.pk}"}, actor=actor, reason=ERASURE_REASON
        ),
    }


TEXTS = (
    TextSource(WorkingGroup, ("name", "purpose", "standing_agenda")),
    TextSource(Membership, ("notes",), handled=_seats),
    TextSource(Meeting, ("title", "location", "minutes", "decisions")),
    TextSource(AgendaItem, ("title",)),
    TextSource(KeyIssue, ("text",)),
    TextSource(Guest, ("name",), handled=_guest_visits),
    TextSource(Guest, ("organisation",)),
    TextSource(MinutesAmendment, ("reason", "minutes", "decisions")),
    TextSource(ActionItem, ("description",)),
    TextSource(ActionProgress, ("note",)),
)


def register() -> None:
    register_personal_data("workinggroups", export=export, erase=erase, summary=summary, texts=TEXTS)
