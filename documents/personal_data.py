"""What documents hold about a person (declared in ``DocumentsConfig.ready()``; run by ``stakeholders.personal_data``).

Documents filed on the person's own registry record are about them: the data-subject export lists them, and the
erasure deletes them with their files and history. Documents on other records may still name the person in their
title or file name: ``TEXTS`` lists those for an administrator to redact before erasure."""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from shrhub.registry import TextSource, register_personal_data
from shrhub.types import AnyUser

from .models import Attachment

TEXTS = (TextSource(Attachment, ("title", "original_name"), handled=lambda person: Q(stakeholder_id=person.pk)),)


def documents_export(person: Any) -> dict[str, Any]:
    rows = Attachment.objects.filter(stakeholder=person).order_by("pk")
    return {
        "documents": [
            {
                "id": row.pk,
                "title": row.title,
                "file_name": row.original_name,
                "dated": row.dated.isoformat() if row.dated else None,
                "type": row.media_type,
                "size": row.size,
                "sha256": row.sha256,
            }
            for row in rows
        ]
    }


def documents_summary(person: Any) -> dict[str, int]:
    return {"documents on the person's record": Attachment.objects.filter(stakeholder=person).count()}


def documents_erase(person: Any, *, actor: AnyUser) -> dict[str, int]:
    """Delete the documents on the person's record (their files go once the erasure commits) and their history."""
    ids = list(Attachment.objects.filter(stakeholder=person).values_list("pk", flat=True))
    for attachment in Attachment.objects.filter(pk__in=ids):
        attachment.delete()
    Attachment.history.filter(id__in=ids).delete()
    return {"documents deleted": len(ids)}


def register() -> None:
    register_personal_data(
        "documents", export=documents_export, erase=documents_erase, summary=documents_summary, texts=TEXTS
    )
