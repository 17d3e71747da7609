"""Notifications and digests: what is due, overdue and new for each user.

A ``Notification`` names a record and why it concerns its recipient; its words are written when it is shown,
in the reader's language, from the record as the reader may see it then: a notification whose record has
become hidden from its recipient is not shown, counted or mailed (``notifications.selectors``). A
``DigestDelivery`` records each digest sent (or found empty) for one user and period, once: the unique
constraint makes sending idempotent however often, and on however many workers, the job runs."""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _

from .choices import DeliveryOutcome, DigestFrequency, ReminderKind


class Notification(models.Model):
    """One reason a record concerns one user, on one occasion (the due date, or the day the condition arose):
    recomputed by ``refresh_notifications`` and never duplicated. ``resolved_at`` is set when the condition no
    longer holds (the follow-up was closed, the office filled)."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications", verbose_name=_("recipient")
    )
    kind = models.CharField(max_length=20, choices=ReminderKind.choices, verbose_name=_("kind"))
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, verbose_name=_("record type"))
    object_id = models.PositiveBigIntegerField(verbose_name=_("record"))
    record = GenericForeignKey("content_type", "object_id")
    occasion = models.DateField(_("occasion"), help_text=_("The due date, or the day the condition arose."))
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["occasion", "id"]
        indexes = [models.Index(fields=["recipient", "resolved_at", "occasion"])]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "kind", "content_type", "object_id", "occasion"], name="notification_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.occasion:%Y-%m-%d})"


class DigestSettings(models.Model):
    """Which digest a user receives, and of which kinds (none chosen: every kind)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="digest_settings", verbose_name=_("user")
    )
    frequency = models.CharField(
        _("digest"), max_length=10, choices=DigestFrequency.choices, default=DigestFrequency.WEEKLY
    )
    kinds = models.JSONField(
        _("kinds"), default=list, blank=True, help_text=_("Leave all unticked to receive every kind.")
    )
    updated_at = models.DateTimeField(auto_now=True, verbose_name=_("updated at"))

    class Meta:
        verbose_name = _("digest settings")
        verbose_name_plural = _("digest settings")

    def __str__(self) -> str:
        return f"{self.user}: {self.get_frequency_display()}"

    def wants(self, kind: str) -> bool:
        return not self.kinds or kind in self.kinds


class DigestDelivery(models.Model):
    """A digest for one user and period, sent or found empty: recorded once (the database refuses a second)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="digest_deliveries", verbose_name=_("user")
    )
    frequency = models.CharField(_("digest"), max_length=10, choices=DigestFrequency.choices)
    period = models.DateField(_("period"), help_text=_("The day (daily) or the Monday of the week (weekly)."))
    outcome = models.CharField(_("outcome"), max_length=10, choices=DeliveryOutcome.choices)
    item_count = models.PositiveIntegerField(_("items"), default=0)
    sent_at = models.DateTimeField(auto_now_add=True, verbose_name=_("sent at"))

    class Meta:
        verbose_name = _("digest delivery")
        verbose_name_plural = _("digest deliveries")
        ordering = ["-period", "-id"]
        constraints = [models.UniqueConstraint(fields=["user", "frequency", "period"], name="digest_once_per_period")]

    def __str__(self) -> str:
        return f"{self.user} {self.frequency} {self.period:%Y-%m-%d}"
