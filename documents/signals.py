"""A document's file leaves the storage when its row leaves the database, however the row went (its own
deletion, its record's, a person's erasure): once the transaction commits, so that a rolled-back deletion keeps
both."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from .models import Attachment


def remove_file(sender: type[Attachment], instance: Attachment, **kwargs: Any) -> None:
    name, storage = instance.file.name, instance.file.storage
    if name:
        transaction.on_commit(lambda: storage.delete(name), using=kwargs.get("using"))
