"""Writes to the working groups: validated, atomic and audited with their author. Pages, API and admin
call these (the admin through the same model validation).

Rules that span rows live here: attendance only for members of the group on the meeting's day,
membership periods that never overlap, approval and amendment of minutes, closing actions.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping, Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Model, Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from shrhub import clock
from shrhub.models import HIDDEN_OBSTACLE, sees
from shrhub.services import StaleVersion, delete_object, save_object
from shrhub.types import AnyUser

from .choices import CLOSED_ACTION_STATUSES, OPEN_ACTION_STATUSES, AttendanceStatus, MeetingStatus
from .models import (
    LOCKED_MESSAGE,
    RECORD_LOCKED_MESSAGE,
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


def _lock(model: type[Model], pk: int | None) -> None:
    """Serialise writes that check other rows first (two concurrent edits cannot both pass a check)."""
    if pk:
        list(model._base_manager.select_for_update().filter(pk=pk).values_list("pk", flat=True))


def _refuse_if_approved(meeting: Meeting | None) -> None:
    if meeting is not None and Meeting._base_manager.filter(pk=meeting.pk, approved_at__isnull=False).exists():
        raise ValidationError(RECORD_LOCKED_MESSAGE)


# Groups ---------------------------------------------------------------------------------------------------


def workinggroup_create(*, actor: AnyUser, **data: Any) -> WorkingGroup:
    """A new group. Its secretariat is chosen once it has members (see ``WorkingGroup.clean``)."""
    return save_object(WorkingGroup(), actor=actor, data=data)


def workinggroup_update(
    *, actor: AnyUser, instance: WorkingGroup, expected_version: int | None = None, **data: Any
) -> WorkingGroup:
    return save_object(instance, actor=actor, data=data, expected_version=expected_version)


def workinggroup_delete(*, actor: AnyUser, instance: WorkingGroup) -> None:
    """Delete a group with its seats; refused (ProtectedError) once it has meetings or actions."""
    delete_object(instance, actor=actor)


# Memberships ----------------------------------------------------------------------------------------------


def _check_membership(membership: Membership, *, actor: AnyUser) -> None:
    """A member's seats in one group never overlap; a seat covers every meeting its member attended. A meeting
    the actor may not see is not dated: they are told that a hidden record is in the way."""
    member = Q(stakeholder_id=membership.stakeholder_id) if membership.stakeholder_id else Q(user_id=membership.user_id)
    end = membership.left_on or datetime.date.max
    clash = (
        Membership.objects.filter(member, group_id=membership.group_id)
        .exclude(pk=membership.pk)
        .filter(joined_on__lte=end)
        .filter(Q(left_on__isnull=True) | Q(left_on__gte=membership.joined_on))
        .first()
    )
    if clash is not None:
        dates = {"start": f"{clash.joined_on:%Y-%m-%d}"}
        if clash.left_on:
            message = _("Overlaps this member's seat from %(start)s to %(end)s.") % {
                **dates,
                "end": f"{clash.left_on:%Y-%m-%d}",
            }
        else:
            message = _("Overlaps this member's seat from %(start)s to now.") % dates
        raise ValidationError({"joined_on": message})
    for attendance in Attendance.objects.filter(membership_id=membership.pk).select_related("meeting"):
        day = attendance.meeting.date
        field = "joined_on" if day < membership.joined_on else None
        if field is None and membership.left_on and day > membership.left_on:
            field = "left_on"
        if field is None:
            continue
        if not sees(actor, attendance):
            raise ValidationError({field: HIDDEN_OBSTACLE})
        attended = (
            _("The member attended the meeting of %(day)s, before that.")
            if field == "joined_on"
            else _("The member attended the meeting of %(day)s, after that.")
        )
        raise ValidationError({field: attended % {"day": f"{day:%Y-%m-%d}"}})


@transaction.atomic
def membership_create(*, actor: AnyUser, **data: Any) -> Membership:
    """A new seat: a stakeholder or a staff member joins a group; never overlapping their other seats.

    The row is validated and saved first, then checked against the group's other seats; a failed check
    rolls the whole write back.
    """
    _lock(WorkingGroup, getattr(data.get("group"), "pk", None))
    membership = save_object(Membership(), actor=actor, data=data)
    _check_membership(membership, actor=actor)
    return membership


@transaction.atomic
def membership_update(
    *, actor: AnyUser, instance: Membership, expected_version: int | None = None, **data: Any
) -> Membership:
    """Change a seat (same checks as ``membership_create``); a member who left stops being secretariat."""
    _lock(WorkingGroup, getattr(data.get("group"), "pk", None) or instance.group_id)
    membership = save_object(instance, actor=actor, data=data, expected_version=expected_version)
    _check_membership(membership, actor=actor)
    if membership.left_on is not None:
        _release_secretariat(actor, membership, reason="The secretariat left the group")
    return membership


def membership_end(
    *, actor: AnyUser, instance: Membership, left_on: datetime.date, expected_version: int | None = None
) -> Membership:
    """The member leaves the group on ``left_on`` (their seat is kept for the record)."""
    if left_on is None:
        raise ValidationError({"left_on": _("Give the day the member left.")})
    return membership_update(actor=actor, instance=instance, expected_version=expected_version, left_on=left_on)


def _release_secretariat(actor: AnyUser, membership: Membership, *, reason: str) -> None:
    """A seat that ends or goes can no longer be its group's secretariat (audited, unlike the bare
    ``SET_NULL`` a deletion would do). The ``reason`` never names the member: the group's history is read by
    people who may not see them."""
    group = WorkingGroup.objects.filter(secretariat_id=membership.pk).first()
    if group is not None:
        save_object(group, actor=actor, data={"secretariat": None, "neutral_facilitator": False}, reason=reason)


@transaction.atomic
def membership_delete(*, actor: AnyUser, instance: Membership) -> None:
    """Remove a seat entered by mistake; refused (ProtectedError) once it has attendance or actions.
    A member who leaves is ended (``membership_end``), not deleted."""
    _release_secretariat(actor, instance, reason="The secretariat's seat was removed")
    delete_object(instance, actor=actor)


# Meetings -------------------------------------------------------------------------------------------------


def _agenda_lines(agenda: str | Sequence[str] | None) -> list[str]:
    if agenda is None:
        return []
    lines = agenda.splitlines() if isinstance(agenda, str) else list(agenda)
    return [" ".join(str(line).split()) for line in lines if str(line).strip()]


def _set_agenda(actor: AnyUser, meeting: Meeting, items: list[str]) -> None:
    """Make the meeting's agenda exactly ``items`` in order, rewriting only the positions that change."""
    too_long = [item for item in items if len(item) > 300]
    if too_long:
        raise ValidationError(
            {"agenda": _("An agenda item is at most 300 characters: “%(item)s…”.") % {"item": too_long[0][:40]}}
        )
    existing = {item.position: item for item in AgendaItem.objects.filter(meeting=meeting)}
    if [existing[p].title for p in sorted(existing)] == items:
        return
    _refuse_if_approved(meeting)
    for position, title in enumerate(items, start=1):
        current = existing.pop(position, None)
        if current is None:
            save_object(AgendaItem(meeting=meeting), actor=actor, data={"position": position, "title": title})
        elif current.title != title:
            save_object(current, actor=actor, data={"title": title})
    for leftover in existing.values():
        delete_object(leftover, actor=actor)


@transaction.atomic
def meeting_create(*, actor: AnyUser, agenda: str | Sequence[str] | None = None, **data: Any) -> Meeting:
    """Plan a meeting. Without an agenda, it starts from the group's standing agenda."""
    meeting = save_object(Meeting(), actor=actor, data=data)
    items = _agenda_lines(agenda)
    if agenda is None or not items:
        items = meeting.group.standing_agenda_items()
    _set_agenda(actor, meeting, items)
    return meeting


@transaction.atomic
def meeting_update(
    *,
    actor: AnyUser,
    instance: Meeting,
    expected_version: int | None = None,
    agenda: str | Sequence[str] | None = None,
    **data: Any,
) -> Meeting:
    """Change a meeting. Once its minutes are approved its record is locked (``Meeting.clean``): only its
    catalogue tags can change."""
    meeting = save_object(instance, actor=actor, data=data, expected_version=expected_version)
    if agenda is not None:
        _set_agenda(actor, meeting, _agenda_lines(agenda))
    return meeting


@transaction.atomic
def meeting_delete(*, actor: AnyUser, instance: Meeting) -> None:
    """Delete a meeting entered by mistake; approved minutes are never deleted, nor a meeting whose
    agreements are tracked (ProtectedError)."""
    if instance.approved_at is not None:
        raise ValidationError(_("Approved minutes are part of the group's record and cannot be deleted."))
    delete_object(instance, actor=actor)


def meeting_save_minutes(
    *, actor: AnyUser, instance: Meeting, minutes: str, decisions: str = "", expected_version: int | None = None
) -> Meeting:
    """Save the draft minutes and decisions; refused once approved (amend them instead).

    Checked here first, and again by ``Meeting.clean()`` whatever the path (API, admin, shell).
    """
    if Meeting._base_manager.filter(pk=instance.pk, approved_at__isnull=False).exists():
        raise ValidationError({"minutes": LOCKED_MESSAGE})
    return save_object(
        instance, actor=actor, data={"minutes": minutes, "decisions": decisions}, expected_version=expected_version
    )


VERSION_REQUIRED_MESSAGE = gettext_lazy(
    "Approval must be based on the version of the meeting you read: reload it and approve again."
)


@transaction.atomic
def meeting_approve(*, actor: AnyUser, instance: Meeting, expected_version: int) -> Meeting:
    """Approve a held meeting's minutes: from now on its record is locked and corrections are amendments.

    Approving locks what the approver read, so the version they read is required: without one the approval is
    refused (``version``: ``VERSION_REQUIRED_MESSAGE``), and a stale one raises ``StaleVersion``. Pages send it
    from the form, the API from ``If-Match`` (and answer 400, 428 or 412 accordingly)."""
    if isinstance(expected_version, bool) or not isinstance(expected_version, int):
        raise ValidationError({"version": VERSION_REQUIRED_MESSAGE}, code="version_required")
    _lock(Meeting, instance.pk)
    instance.refresh_from_db()
    if instance.approved_at is not None:
        raise ValidationError({"minutes": _("These minutes are already approved.")})
    if instance.status != MeetingStatus.HELD:
        raise ValidationError({"status": _("Only the minutes of a held meeting can be approved.")})
    if not instance.minutes.strip():
        raise ValidationError({"minutes": _("Write the minutes before approving them.")})
    approver = actor if getattr(actor, "is_authenticated", False) else None
    return save_object(
        instance,
        actor=actor,
        data={"approved_at": clock.now(), "approved_by": approver},
        expected_version=expected_version,
        reason="Minutes approved",
    )


@transaction.atomic
def minutes_amend(
    *, actor: AnyUser, meeting: Meeting, reason: str, minutes: str, decisions: str | None = None
) -> MinutesAmendment:
    """Correct approved minutes: a new amendment carries the full corrected text, why, and who; the
    approved original and earlier amendments stay readable. Decisions are kept unless given."""
    _lock(Meeting, meeting.pk)
    meeting = Meeting.objects.get(pk=meeting.pk)
    if meeting.approved_at is None:
        raise ValidationError({"meeting": _("Only approved minutes are amended; until approval, edit the draft.")})
    if decisions is None:
        decisions = meeting.effective_decisions
    unchanged = (minutes or "").strip() == meeting.effective_minutes.strip()
    if unchanged and (decisions or "").strip() == meeting.effective_decisions.strip():
        raise ValidationError({"minutes": _("The amendment changes nothing: edit the text you want to correct.")})
    author = actor if getattr(actor, "is_authenticated", False) else None
    return save_object(
        MinutesAmendment(meeting=meeting),
        actor=actor,
        data={"reason": reason, "minutes": minutes, "decisions": decisions, "author": author},
    )


# Attendance -----------------------------------------------------------------------------------------------


def check_attendance(meeting: Meeting, membership: Membership) -> None:
    """Attendance is recorded for a held meeting, and only for a seat of its group held on its day."""
    if meeting.status != MeetingStatus.HELD:
        raise ValidationError({"meeting": _("Attendance is recorded for a held meeting: mark the meeting held first.")})
    if membership.group_id != meeting.group_id:
        raise ValidationError(
            {
                "membership": _("%(member)s is not a member of %(group)s.")
                % {"member": membership, "group": meeting.group}
            }
        )
    if not membership.active_on(meeting.date):
        raise ValidationError(
            {
                "membership": _("%(member)s was not a member of the group on %(day)s.")
                % {"member": membership, "day": f"{meeting.date:%Y-%m-%d}"}
            }
        )


@transaction.atomic
def attendance_create(*, actor: AnyUser, **data: Any) -> Attendance:
    """One member's attendance at a held meeting of their group."""
    meeting, membership = data.get("meeting"), data.get("membership")
    if meeting is not None and membership is not None:
        _lock(Meeting, meeting.pk)
        check_attendance(meeting, membership)
    return save_object(Attendance(), actor=actor, data=data)


@transaction.atomic
def attendance_update(
    *, actor: AnyUser, instance: Attendance, expected_version: int | None = None, **data: Any
) -> Attendance:
    meeting = data.get("meeting", instance.meeting)
    membership = data.get("membership", instance.membership)
    _refuse_if_approved(instance.meeting)
    check_attendance(meeting, membership)
    return save_object(instance, actor=actor, data=data, expected_version=expected_version)


@transaction.atomic
def attendance_delete(*, actor: AnyUser, instance: Attendance) -> None:
    _refuse_if_approved(instance.meeting)
    delete_object(instance, actor=actor)


@transaction.atomic
def meeting_record_attendance(
    *,
    actor: AnyUser,
    meeting: Meeting,
    statuses: Mapping[int, str],
    guests: Sequence[Mapping[str, Any]] = (),
    expected_version: int | None = None,
) -> Meeting:
    """Record a meeting in one step: it is marked held, each member's attendance (keyed by membership id)
    is set, and the guest list becomes ``guests`` (rows with an ``id`` are kept and updated, the others
    added, missing ones removed). All or nothing; unchanged rows are not rewritten. ``expected_version``
    refuses the sheet if the meeting itself changed since it was opened.
    """
    _lock(Meeting, meeting.pk)
    meeting.refresh_from_db()
    if expected_version is not None and meeting.version != expected_version:
        raise StaleVersion(meeting, expected_version)
    _refuse_if_approved(meeting)
    if meeting.status == MeetingStatus.CANCELLED:
        raise ValidationError({"status": _("A cancelled meeting has no attendance; change its status first.")})
    if meeting.date > clock.today():
        raise ValidationError({"starts_at": _("This meeting is still to come: record attendance once it is held.")})
    if meeting.status != MeetingStatus.HELD:
        meeting = save_object(meeting, actor=actor, data={"status": MeetingStatus.HELD})
    seats = {m.pk: m for m in Membership.objects.filter(pk__in=list(statuses)).select_related("stakeholder", "user")}
    existing = {a.membership_id: a for a in Attendance.objects.filter(meeting=meeting)}
    valid = set(AttendanceStatus.values)
    for membership_id, status in statuses.items():
        membership = seats.get(membership_id)
        if membership is None:
            raise ValidationError({"membership": _("Unknown member.")})
        if status not in valid:
            raise ValidationError(
                {"status": _("Choose present, apologies or absent for %(member)s.") % {"member": membership}}
            )
        check_attendance(meeting, membership)
        row = existing.get(membership_id)
        if row is None:
            save_object(Attendance(meeting=meeting, membership=membership), actor=actor, data={"status": status})
        elif row.status != status:
            save_object(row, actor=actor, data={"status": status})
    _sync_guests(actor, meeting, guests)
    return meeting


def _sync_guests(actor: AnyUser, meeting: Meeting, guests: Sequence[Mapping[str, Any]]) -> None:
    """The guests the actor sees become ``guests``; guests hidden from them (linked to a stakeholder they may
    not see) were never shown on their sheet, so they are kept as they are."""
    current = {g.pk: g for g in Guest.objects.visible_to(actor).filter(meeting=meeting)}
    kept: set[int] = set()
    fields = ("name", "organisation", "stakeholder")
    for entry in guests:
        data = {k: entry.get(k) or ("" if k != "stakeholder" else None) for k in fields}
        guest_id = entry.get("id")
        guest = current.get(guest_id) if guest_id else None
        if guest is None:
            save_object(Guest(meeting=meeting), actor=actor, data=data)
            continue
        kept.add(guest.pk)
        if any(getattr(guest, k) != v for k, v in data.items()):
            save_object(guest, actor=actor, data=data)
    for pk, guest in current.items():
        if pk not in kept:
            delete_object(guest, actor=actor)


# Record parts: guests, key issues ---------------------------------------------------------------------------


def guest_create(*, actor: AnyUser, **data: Any) -> Guest:
    return save_object(Guest(), actor=actor, data=data)


def guest_update(*, actor: AnyUser, instance: Guest, expected_version: int | None = None, **data: Any) -> Guest:
    _refuse_if_approved(instance.meeting)
    return save_object(instance, actor=actor, data=data, expected_version=expected_version)


@transaction.atomic
def guest_delete(*, actor: AnyUser, instance: Guest) -> None:
    _refuse_if_approved(instance.meeting)
    delete_object(instance, actor=actor)


def keyissue_create(*, actor: AnyUser, **data: Any) -> KeyIssue:
    """A key issue raised at a meeting (refused once its minutes are approved)."""
    return save_object(KeyIssue(), actor=actor, data=data)


def keyissue_update(
    *, actor: AnyUser, instance: KeyIssue, expected_version: int | None = None, **data: Any
) -> KeyIssue:
    _refuse_if_approved(instance.meeting)
    return save_object(instance, actor=actor, data=data, expected_version=expected_version)


@transaction.atomic
def keyissue_delete(*, actor: AnyUser, instance: KeyIssue) -> None:
    _refuse_if_approved(instance.meeting)
    delete_object(instance, actor=actor)


def agendaitem_create(*, actor: AnyUser, **data: Any) -> AgendaItem:
    return save_object(AgendaItem(), actor=actor, data=data)


def agendaitem_update(
    *, actor: AnyUser, instance: AgendaItem, expected_version: int | None = None, **data: Any
) -> AgendaItem:
    _refuse_if_approved(instance.meeting)
    return save_object(instance, actor=actor, data=data, expected_version=expected_version)


@transaction.atomic
def agendaitem_delete(*, actor: AnyUser, instance: AgendaItem) -> None:
    _refuse_if_approved(instance.meeting)
    delete_object(instance, actor=actor)


# Actions --------------------------------------------------------------------------------------------------


def settle_closing(data: dict[str, Any], instance: Any) -> dict[str, Any]:
    """The closing rule of every owned, dated item (actions, engagement follow-ups): closed (done, dropped)
    without a date is closed today; reopened, it has none. Services apply it to every write; page forms apply
    it to their input before the model checks the pair."""
    status = data.get("status", instance.status)
    if status in CLOSED_ACTION_STATUSES and not data.get("closed_on", instance.closed_on):
        data["closed_on"] = clock.today()
    if status in OPEN_ACTION_STATUSES and "status" in data:
        data["closed_on"] = None
    return data


def _settle_action(data: dict[str, Any], instance: ActionItem) -> dict[str, Any]:
    """Fill what follows from the input: the group from the meeting; the closing date from the status."""
    meeting = data.get("meeting", instance.meeting if instance.meeting_id else None)
    if meeting is not None and not data.get("group") and not instance.group_id:
        data["group"] = meeting.group
    return settle_closing(data, instance)


def _check_owner(data: Mapping[str, Any], instance: ActionItem) -> None:
    """A newly chosen owner must still be a member (a member who left cannot take on new work); a staff owner
    follows the rule for every user a record names (``save_object``: ``user_references``)."""
    owner = data.get("owner_membership")
    if owner is not None and owner.pk != instance.owner_membership_id and owner.left_on is not None:
        raise ValidationError(
            {
                "owner_membership": _("%(owner)s left the group on %(day)s.")
                % {"owner": owner, "day": f"{owner.left_on:%Y-%m-%d}"}
            }
        )


@transaction.atomic
def actionitem_create(*, actor: AnyUser, **data: Any) -> ActionItem:
    """An agreement to follow up, with one owner and a due date (the group is taken from the meeting)."""
    instance = ActionItem()
    data = _settle_action(dict(data), instance)
    _check_owner(data, instance)
    return save_object(instance, actor=actor, data=data)


@transaction.atomic
def actionitem_update(
    *, actor: AnyUser, instance: ActionItem, expected_version: int | None = None, **data: Any
) -> ActionItem:
    """Change an action; closing it (done, dropped) dates it today unless a date is given, reopening clears it."""
    data = _settle_action(dict(data), instance)
    _check_owner(data, instance)
    return save_object(instance, actor=actor, data=data, expected_version=expected_version)


def actionitem_delete(*, actor: AnyUser, instance: ActionItem) -> None:
    delete_object(instance, actor=actor)


@transaction.atomic
def actionprogress_create(
    *, actor: AnyUser, action: ActionItem, note: str, new_status: str = "", **extra: Any
) -> ActionProgress:
    """Add a progress note to an action; a ``new_status`` moves the action too (closing it dates it today)."""
    if extra:
        raise ValidationError(dict.fromkeys(extra, _("Unknown field.")))
    _lock(ActionItem, action.pk)
    action.refresh_from_db()
    author = actor if getattr(actor, "is_authenticated", False) else None
    changed = bool(new_status) and new_status != action.status
    progress = save_object(
        ActionProgress(action=action),
        actor=actor,
        data={"note": note, "new_status": new_status if changed else "", "author": author},
    )
    if changed:
        actionitem_update(actor=actor, instance=action, status=new_status)
    return progress
