"""The documents card on every record page that takes documents (``register_detail_sections``)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _

from shrhub.registry import Panel

from .forms import AttachmentForm
from .selectors import attachments_of
from .services import target_of


def attachment_sections(request: HttpRequest, record: Any) -> list[Panel]:
    """The record's documents the reader may see (one query), and the upload form for those who may add one."""
    user = request.user
    if not user.has_perm("documents.view_attachment"):
        return []
    name = target_of(record)
    context: dict[str, Any] = {"attachments": list(attachments_of(user=user, record=record)), "record": record}
    if user.has_perm("documents.add_attachment"):
        form = AttachmentForm(user=user, initial={name: record.pk})
        context["form"] = form
        context["action"] = reverse("documents:attachment_add")
    return [Panel(_("Documents"), "documents/_attachments_section.html", context, order=900)]
