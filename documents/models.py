"""Documents on records: the MoU of an agreement, a meeting's signed minutes, a legal summary, a press clipping.

An attachment belongs to exactly one record (one of ``TARGETS``), hides with it, and may carry a stricter level of
its own. The file lives in the ``attachments`` storage (``settings.STORAGES``: local files outside the static and
web roots by default, S3-compatible object storage as a setting) under a random name; it is served only through
``documents.views.AttachmentDownloadView``, which checks that the reader may see the attachment.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.conf import settings
from django.core.files.storage import storages
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from shrhub import clock
from shrhub.models import ConfidentialModel

# The records a document may sit on: field name → "app_label.Model". Each is a foreign key of its own, so that
# the attachment hides with its record like any other child (``hides_with``) and goes when the record goes.
TARGETS: dict[str, str] = {
    "stakeholder": "stakeholders.Stakeholder",
    "engagement": "stakeholders.Engagement",
    "meeting": "workinggroups.Meeting",
    "agreement": "commitments.Agreement",
    "adoption": "practices.Adoption",
    "risk": "analysis.CoordinationRisk",
    "national_law": "analysis.NationalLaw",
    "instrument_status": "analysis.InstrumentStatus",
    "ihl_assessment": "analysis.IhlAssessment",
    "action_plan": "analysis.ActionPlan",
    "initiative_commitment": "analysis.InitiativeCommitment",
}


def attachments_storage() -> Any:
    return storages["attachments"]


def stored_name(instance: Attachment, filename: str) -> str:
    """A random name under the month's folder: nothing of the uploader's file name reaches the storage."""
    extension = instance.extension or "bin"
    return f"{clock.now():%Y/%m}/{uuid.uuid4().hex}.{extension}"


def _target_field(name: str, verbose_name: Any) -> models.ForeignKey:
    return models.ForeignKey(
        TARGETS[name],
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="attachments",
        verbose_name=verbose_name,
    )


class Attachment(ConfidentialModel):
    """A document on one record, with its title, date and uploader."""

    file = models.FileField(_("file"), storage=attachments_storage, upload_to=stored_name, max_length=200)
    original_name = models.CharField(
        _("file name"), max_length=150, help_text=_("The uploaded file's name, made safe; used for downloads.")
    )
    title = models.CharField(_("title"), max_length=200)
    dated = models.DateField(_("date"), null=True, blank=True, help_text=_("The document's own date."))
    media_type = models.CharField(_("type"), max_length=100, help_text=_("Read from the content, not the name."))
    extension = models.CharField(_("extension"), max_length=10)
    size = models.PositiveBigIntegerField(_("size (bytes)"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    stakeholder = _target_field("stakeholder", _("stakeholder"))
    engagement = _target_field("engagement", _("engagement"))
    meeting = _target_field("meeting", _("meeting"))
    agreement = _target_field("agreement", _("agreement"))
    adoption = _target_field("adoption", _("adoption"))
    risk = _target_field("risk", _("coordination risk"))
    national_law = _target_field("national_law", _("national law"))
    instrument_status = _target_field("instrument_status", _("instrument status"))
    ihl_assessment = _target_field("ihl_assessment", _("IHL assessment"))
    action_plan = _target_field("action_plan", _("action plan"))
    initiative_commitment = _target_field("initiative_commitment", _("initiative commitment"))
    history = HistoricalRecords(excluded_fields=["file"])

    hides_with = tuple(TARGETS)  # hidden whenever its record is

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["-dated", "-id"]
        constraints = [
            models.CheckConstraint(
                name="attachment_on_one_record",
                condition=Q(
                    *[Q(**{f"{name}__isnull": name != chosen for name in TARGETS}) for chosen in TARGETS],
                    _connector=Q.OR,
                ),
                violation_error_message=_("A document sits on exactly one record."),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("documents:attachment_detail", args=[self.pk])

    @property
    def target_name(self) -> str | None:
        return next((name for name in TARGETS if getattr(self, f"{name}_id") is not None), None)

    @property
    def record(self) -> models.Model | None:
        name = self.target_name
        return getattr(self, name) if name else None

    def record_url(self) -> str | None:
        """The page of the record the document sits on (every kind of target has one)."""
        record = self.record
        return None if record is None else str(record.get_absolute_url())  # type: ignore[attr-defined]

    def download_url(self) -> str:
        return reverse("documents:attachment_download", args=[self.pk])
