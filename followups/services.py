"""Writes to the engagement follow-ups: validated, atomic and audited with their author. Pages, API and admin
call these (the admin through the same model validation).

The rules are the action tracker's (``workinggroups.services``): closing a follow-up (done, dropped) dates it
today unless a date is given, reopening it clears the date, and a progress note may move its status.
"""

from __future__ import annotations

from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from shrhub.services import delete_object, save_object
from shrhub.types import AnyUser
from workinggroups.services import settle_closing

from .models import FollowUp, FollowUpProgress, OwnedItem, ProgressNote

Item = TypeVar("Item", bound=OwnedItem)
Note = TypeVar("Note", bound=ProgressNote)


@transaction.atomic
def followup_create(*, actor: AnyUser, **data: Any) -> FollowUp:
    """Something the company undertook in an engagement, with one owner (or none yet) and a due date."""
    instance = FollowUp()
    return save_object(instance, actor=actor, data=settle_closing(dict(data), instance))


@transaction.atomic
def followup_update(
    *, actor: AnyUser, instance: FollowUp, expected_version: int | None = None, **data: Any
) -> FollowUp:
    """Change a follow-up; closing it (done, dropped) dates it today unless a date is given, reopening clears it."""
    data = settle_closing(dict(data), instance)
    return save_object(instance, actor=actor, data=data, expected_version=expected_version)


def followup_delete(*, actor: AnyUser, instance: FollowUp) -> None:
    """Delete a follow-up entered by mistake, with its progress notes."""
    delete_object(instance, actor=actor)


def _lock(pk: int | None) -> None:
    """Serialise notes on one follow-up (two notes that move its status cannot interleave)."""
    if pk:
        list(FollowUp._base_manager.select_for_update().filter(pk=pk).values_list("pk", flat=True))


@transaction.atomic
def followupprogress_create(
    *, actor: AnyUser, follow_up: FollowUp, note: str, new_status: str = "", **extra: Any
) -> FollowUpProgress:
    """Add a progress note to a follow-up; a ``new_status`` moves the follow-up too (closing it dates it today).
    A ``new_status`` equal to the current one is no move and is not recorded as one."""
    if extra:
        raise ValidationError(dict.fromkeys(extra, _("Unknown field.")))
    _lock(follow_up.pk)
    follow_up.refresh_from_db()
    author = actor if getattr(actor, "is_authenticated", False) else None
    changed = bool(new_status) and new_status != follow_up.status
    progress = save_object(
        FollowUpProgress(follow_up=follow_up),
        actor=actor,
        data={"note": note, "new_status": new_status if changed else "", "author": author},
    )
    if changed:
        followup_update(actor=actor, instance=follow_up, status=new_status)
    return progress


# The writes every owned, dated item shares (agreement obligations, risk mitigations): their apps' services are
# these, named for their model.


def owned_item_create(instance: Item, *, actor: AnyUser | None, data: dict[str, Any]) -> Item:
    """Save a new owned item; closing it (done, dropped) without a date dates it today."""
    return save_object(instance, actor=actor, data=settle_closing(dict(data), instance))


def owned_item_update(
    instance: Item, *, actor: AnyUser | None, data: dict[str, Any], expected_version: int | None
) -> Item:
    """Change an owned item; closing it dates it today unless a date is given, reopening clears the date."""
    data = settle_closing(dict(data), instance)
    return save_object(instance, actor=actor, data=data, expected_version=expected_version)


def progress_note_create(
    note: Note, *, actor: AnyUser | None, note_text: str, new_status: str, extra: dict[str, Any]
) -> Note:
    """Append a progress note to its item (locked, so two moves cannot interleave); a ``new_status`` other than
    the item's moves it too (through the closing rule)."""
    if extra:
        raise ValidationError(dict.fromkeys(extra, _("Unknown field.")))
    item: OwnedItem = getattr(note, note.item_field)
    list(type(item)._base_manager.select_for_update().filter(pk=item.pk).values_list("pk", flat=True))
    item.refresh_from_db()
    author = actor if getattr(actor, "is_authenticated", False) else None
    changed = bool(new_status) and new_status != item.status
    saved = save_object(
        note, actor=actor, data={"note": note_text, "new_status": new_status if changed else "", "author": author}
    )
    if changed:
        owned_item_update(item, actor=actor, data={"status": new_status}, expected_version=None)
    return saved
