"""The document forms: adding one to a record (the record comes with the link, as a hidden field) and editing its
title, date and level (a different file is a new document)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from shrhub.forms import DateInput, DomainForm

from .files import max_bytes
from .models import TARGETS, Attachment


class AttachmentForm(DomainForm):
    """A new document: the record (from the link, hidden), the file, what it is, and who may see it beyond those
    who see its record. Editing one offers only its title, date and level: a different file is a new document."""

    class Meta:
        model = Attachment
        fields = [*TARGETS, "file", "title", "dated", "confidentiality", "cleared_users"]
        widgets = {**dict.fromkeys(TARGETS, forms.HiddenInput), "dated": DateInput}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None:
            for name in [*TARGETS, "file"]:
                self.fields.pop(name)
            return
        self.fields["title"].required = False
        self.fields["title"].help_text = _("What the document is; its file name when left empty.")
        self.fields["file"].help_text = _(
            "PDF, office documents, images or plain text, up to %(limit)s MB. The type is read from the content."
        ) % {"limit": max_bytes() // (1024 * 1024)}

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if self.instance.pk is None and len([name for name in TARGETS if cleaned.get(name) is not None]) != 1:
            raise ValidationError(_("Open the record the document belongs to and add it from there."))
        return cleaned
