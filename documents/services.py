"""Adding, editing and removing documents. The file is checked by its content before anything is stored, and
removed from the storage once its row is gone (``documents.signals``: after the deletion commits, whatever
deleted it — this service, the record's own deletion, a person's erasure)."""

from __future__ import annotations

import unicodedata
from pathlib import PurePath
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files import File
from django.db import models, transaction
from django.utils.translation import gettext as _

from shrhub.models import sees
from shrhub.services import delete_object, save_object
from shrhub.types import AnyUser

from .files import inspect, safe_name
from .models import TARGETS, Attachment


def target_of(record: models.Model) -> str:
    """The attachment field that points at ``record``'s model."""
    label = record._meta.label
    for name, target in TARGETS.items():
        if target == label:
            return name
    raise ValidationError(_("Documents cannot be attached to this kind of record."), code="target")


@transaction.atomic
def attachment_create(
    *, actor: AnyUser | None, record: models.Model, file: File, title: str = "", **data: Any
) -> Attachment:
    """A document on ``record`` (which the actor must see; no actor: the system, e.g. the demo): the file's kind
    is read from its content, its name made safe; refused whole (nothing stored) when the file or the fields are
    not acceptable."""
    if actor is not None and not sees(actor, record):
        raise PermissionDenied
    inspected = inspect(file, file.size or 0)
    name = safe_name(file.name or "", inspected.extension)
    attachment = Attachment(
        **{target_of(record): record},
        original_name=name,
        media_type=inspected.media_type,
        extension=inspected.extension,
        size=inspected.size,
        sha256=inspected.sha256,
        uploaded_by=actor if actor is not None and actor.is_authenticated else None,
    )
    attachment.file.save(name, file, save=False)
    try:
        return save_object(attachment, actor=actor, data={"title": title or default_title(file.name or name), **data})
    except BaseException:
        attachment.file.storage.delete(attachment.file.name or "")  # refused: nothing stays in the storage
        raise


def attachment_create_from_form(*, actor: AnyUser, **data: Any) -> Attachment:
    """``attachment_create`` from the add form's fields, where the record is the one target field given."""
    targets = {name: data.pop(name, None) for name in TARGETS}
    chosen = [record for record in targets.values() if record is not None]
    if len(chosen) != 1:
        raise ValidationError(_("Open the record the document belongs to and add it from there."), code="target")
    return attachment_create(actor=actor, record=chosen[0], **data)


def default_title(uploaded_name: str) -> str:
    """A title from the uploaded file's name: its last part without the extension, separators as spaces."""
    stem = PurePath(uploaded_name.replace("\\", "/")).stem
    words = "".join(ch if unicodedata.category(ch)[0] != "C" else " " for ch in stem).replace("_", " ")
    return " ".join(words.split())[:200] or _("Document")


@transaction.atomic
def attachment_update(
    *, actor: AnyUser, instance: Attachment, expected_version: int | None = None, **data: Any
) -> Attachment:
    """A document's title, date, level or named users (the file itself is replaced by adding a new document)."""
    data.pop("file", None)
    return save_object(instance, actor=actor, data=data, expected_version=expected_version)


def attachment_delete(*, actor: AnyUser, instance: Attachment) -> None:
    """Delete a document and, once the deletion commits, its file."""
    delete_object(instance, actor=actor)
