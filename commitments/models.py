"""Agreements reached with the host government and what follows from them (challenges 1.1.b and 1.1.c):
the obligations each creates, owned and dated like every item of the tracker, and, for an agreement reached
above the local level, its roll-out: each regional or local body that must apply it and how far it has."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from followups.models import OwnedItem, ProgressNote
from shrhub.models import ConfidentialModel, DomainModel
from stakeholders.models import Engagement, Stakeholder
from workinggroups.models import Meeting

from .choices import AgreementKind, AgreementStatus, RolloutState

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


class Agreement(ConfidentialModel):
    """An investment-agreement or concession clause, an MoU on security arrangements, a working-group agreement
    or a commitment made in an engagement: its parties (stakeholders, and the company), the jurisdiction whose
    level it was reached at, the standards it incorporates, its status and the evidence it rests on."""

    kind = models.CharField(max_length=20, choices=AgreementKind.choices, verbose_name=_("kind"))
    title = models.CharField(max_length=200, verbose_name=_("title"))
    summary = models.TextField(
        blank=True, verbose_name=_("text or summary"), help_text=_("The clause's text, or what was agreed.")
    )
    made_on = models.DateField(_("signed or made on"))
    jurisdiction = models.ForeignKey(
        "shrhub.Jurisdiction",
        on_delete=models.PROTECT,
        related_name="agreements",
        verbose_name=_("reached at"),
        help_text=_("The jurisdiction, and so the level of government, the agreement was reached at."),
    )
    parties = models.ManyToManyField(
        Stakeholder, blank=True, related_name="agreements", verbose_name=_("parties (stakeholders)")
    )
    company_is_party = models.BooleanField(_("the company is a party"), default=True)
    incorporates_vps = models.BooleanField(
        _("incorporates the Voluntary Principles"),
        default=False,
        help_text=_("2016: incorporate the VPs into investment agreements and security arrangements."),
    )
    other_standards = models.CharField(
        _("other standards incorporated"),
        max_length=300,
        blank=True,
        help_text=_("For example the UN Guiding Principles, IFC Performance Standard 4, the ICoC."),
    )
    status = models.CharField(
        max_length=12, choices=AgreementStatus.choices, default=AgreementStatus.DRAFT, verbose_name=_("status")
    )
    superseded_by = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="supersedes",
        verbose_name=_("superseded by"),
    )
    meetings = models.ManyToManyField(
        Meeting,
        blank=True,
        related_name="agreements",
        verbose_name=_("meetings"),
        help_text=_("Working-group meetings that decided it or discussed it."),
    )
    engagements = models.ManyToManyField(
        Engagement,
        blank=True,
        related_name="agreements",
        verbose_name=_("engagements"),
        help_text=_("Engagements in which it was made, negotiated or followed up."),
    )
    # A visible agreement keeps its hidden parties, evidence and successor: shown only to those who may see them.
    masked_links = ("parties", "meetings", "engagements", "superseded_by")
    history = HistoricalRecords(m2m_fields=[parties, meetings, engagements, "cleared_users"])

    class Meta:
        verbose_name = _("agreement")
        verbose_name_plural = _("agreements")
        ordering = ["-made_on", "-id"]
        indexes = [models.Index(fields=["status", "-made_on"])]
        constraints = [
            models.CheckConstraint(
                name="agreement_successor_only_when_superseded",
                condition=Q(superseded_by__isnull=True) | Q(status=AgreementStatus.SUPERSEDED),
                violation_error_message=_("Only a superseded agreement names the agreement that superseded it."),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("commitments:agreement_detail", args=[self.pk])

    def clean(self) -> None:
        errors: dict[str, StrOrPromise] = {}
        if self.superseded_by_id and self.status != AgreementStatus.SUPERSEDED:
            errors["superseded_by"] = _("Only a superseded agreement names the agreement that superseded it.")
        if self.pk and self.superseded_by_id == self.pk:
            errors["superseded_by"] = _("An agreement cannot supersede itself.")
        if errors:
            raise ValidationError(errors)


class Obligation(OwnedItem):
    """What must be done under an agreement: owned by a company staff member, or by a stakeholder party (the
    body that undertook it), dated, with a status and progress notes; listed in the one tracker with actions
    and follow-ups."""

    agreement = models.ForeignKey(
        Agreement, on_delete=models.CASCADE, related_name="obligations", verbose_name=_("agreement")
    )
    owner_stakeholder = models.ForeignKey(
        Stakeholder,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="obligations",
        verbose_name=_("owner (stakeholder)"),
        help_text=_("When a party other than the company must do it."),
    )
    history = HistoricalRecords()

    class Meta(OwnedItem.Meta):
        verbose_name = _("obligation")
        verbose_name_plural = _("obligations")
        indexes = [models.Index(fields=["status", "due_on"]), models.Index(fields=["owner", "status", "due_on"])]
        constraints = [
            *OwnedItem.Meta.constraints,
            models.CheckConstraint(
                name="obligation_one_owner_at_most",
                condition=Q(owner__isnull=True) | Q(owner_stakeholder__isnull=True),
                violation_error_message=_("An obligation has one owner: a company staff member or a stakeholder."),
            ),
        ]

    hides_with = ("agreement", "owner_stakeholder")  # hidden with its agreement and with a hidden owner

    def get_absolute_url(self) -> str:
        return reverse("commitments:obligation_detail", args=[self.pk])

    @property
    def owner_name(self) -> str:
        if self.owner_stakeholder_id:
            return str(self.owner_stakeholder)
        return super().owner_name

    def clean(self) -> None:
        super().clean()
        if self.owner_id and self.owner_stakeholder_id:
            raise ValidationError(
                {"owner_stakeholder": _("Choose one owner: a company staff member or a stakeholder.")}
            )


class ObligationProgress(ProgressNote):
    obligation = models.ForeignKey(
        Obligation, on_delete=models.CASCADE, related_name="progress_notes", verbose_name=_("obligation")
    )
    history = HistoricalRecords()
    item_field = "obligation"

    class Meta(ProgressNote.Meta):
        ordering = ["obligation", "created_at", "id"]
        verbose_name = _("obligation progress note")
        verbose_name_plural = _("obligation progress notes")

    hides_with = ("obligation",)


class Rollout(DomainModel):
    """Where one regional or local body stands with an agreement reached above it: not aware, aware,
    committed, implementing, or contradicting it, as of a date and on what evidence. Proposed from the
    organisation hierarchy and the mandates (``commitments.services.suggested_bodies``), edited by hand."""

    agreement = models.ForeignKey(
        Agreement, on_delete=models.CASCADE, related_name="rollouts", verbose_name=_("agreement")
    )
    body = models.ForeignKey(
        Stakeholder,
        on_delete=models.PROTECT,
        related_name="rollouts",
        verbose_name=_("body"),
        help_text=_("The regional or local organisation that must apply the agreement."),
    )
    state = models.CharField(
        max_length=14, choices=RolloutState.choices, default=RolloutState.UNAWARE, verbose_name=_("state")
    )
    as_of = models.DateField(_("as of"))
    evidence = models.TextField(
        blank=True, verbose_name=_("evidence"), help_text=_("What shows it: a letter, a meeting, a practice seen.")
    )
    engagements = models.ManyToManyField(Engagement, blank=True, related_name="rollouts", verbose_name=_("engagements"))
    masked_links = ("engagements",)
    history = HistoricalRecords(m2m_fields=[engagements])

    class Meta:
        verbose_name = _("roll-out")
        verbose_name_plural = _("roll-outs")
        ordering = ["agreement", "body__name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "body"],
                name="rollout_one_per_body",
                violation_error_message=_("This body is already in the agreement's roll-out."),
            ),
        ]

    hides_with = ("agreement", "body")

    def __str__(self) -> str:
        return f"{self.body} · {self.get_state_display()}"

    def get_absolute_url(self) -> str:
        return reverse("commitments:rollout_detail", args=[self.pk])
