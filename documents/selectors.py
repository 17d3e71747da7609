"""Reading documents: always through ``visible_to`` (a document hides with its record and by its own level)."""

from __future__ import annotations

from django.db.models import Model, QuerySet

from shrhub.types import AnyUser

from .models import Attachment
from .services import target_of


def attachment_list(*, user: AnyUser) -> QuerySet[Attachment]:
    return Attachment.objects.visible_to(user).select_related("uploaded_by", *_target_names())


def attachment_detail(*, user: AnyUser) -> QuerySet[Attachment]:
    return attachment_list(user=user)


def attachments_of(*, user: AnyUser, record: Model) -> QuerySet[Attachment]:
    """The documents on ``record`` that ``user`` may see, newest first (one query)."""
    return Attachment.objects.visible_to(user).filter(**{target_of(record): record}).select_related("uploaded_by")


def _target_names() -> list[str]:
    from .models import TARGETS

    return list(TARGETS)
