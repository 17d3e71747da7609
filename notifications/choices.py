from django.db import models
from django.utils.translation import gettext_lazy as _


class DigestFrequency(models.TextChoices):
    NONE = "none", _("No digest")
    DAILY = "daily", _("Daily")
    WEEKLY = "weekly", _("Weekly (Mondays)")


class ReminderKind(models.TextChoices):
    """What a reminder is about. Each is computed once (``notifications.reminders``) and reaches its owner."""

    ASSIGNED = "assigned", _("Assigned to you")
    DUE_SOON = "due_soon", _("Due within a week")
    OVERDUE = "overdue", _("Overdue")
    NOT_MET = "not_met", _("Relationship not met for too long")
    VACANT_OFFICE = "vacant_office", _("Key office vacant")
    REVIEW_DUE = "review_due", _("Assessment review due")
    MEETING_OVERDUE = "meeting_overdue", _("Working group overdue for a meeting")
    ROUND_REVIEW = "round_review", _("Mapping round past its review date")
    RISK_REVIEW = "risk_review", _("Coordination risk due for review")


class DeliveryOutcome(models.TextChoices):
    SENT = "sent", _("Sent")
    EMPTY = "empty", _("Nothing to send")
