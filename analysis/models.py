"""Understanding the operating context (challenge 1.1.c): the situation analysis of a jurisdiction under the
PESTLES headings, dated and versioned by edition; and the register of coordination risks, the risks that
gaps between national and local authorities create for communities, each owned, rated, mitigated and
reviewed. Computed coordination findings propose risks; a manager's review of each is kept
(``FindingReview``) so a finding is proposed again only when its evidence changes."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from commitments.models import Agreement
from followups.models import OwnedItem, ProgressNote
from shrhub.models import ASSIGNEE, LEVEL_RANK, ConfidentialModel, DomainModel, JurisdictionLevel, user_label
from stakeholders.models import InformationSource, MandateArea, Stakeholder, VulnerableGroup

from .choices import (
    AnalysisStatus,
    Confidence,
    Impact,
    Likelihood,
    Pestles,
    Rating,
    ReviewDecision,
    RiskStatus,
    rating_of,
)

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


class SituationAnalysis(ConfidentialModel):
    """One edition of the analysis of a jurisdiction: how the host government is organised there and how
    authority is devolved (formal and informal systems), with findings under the PESTLES headings. A new
    edition revises the last (``previous``); earlier editions stay readable and comparable. A manager approves
    an edition; an approved edition is no longer edited (it is revised by a new one)."""

    jurisdiction = models.ForeignKey(
        "shrhub.Jurisdiction", on_delete=models.PROTECT, related_name="analyses", verbose_name=_("jurisdiction")
    )
    edition = models.PositiveSmallIntegerField(_("edition"), default=1, editable=False)
    previous = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="revisions",
        editable=False,
        verbose_name=_("revises"),
    )
    title = models.CharField(max_length=200, verbose_name=_("title"))
    as_of = models.DateField(_("as of"))
    summary = models.TextField(blank=True, verbose_name=_("summary"))
    formal_systems = models.TextField(
        _("formal systems"),
        blank=True,
        help_text=_("How authority is organised and devolved on paper: levels, mandates, reporting lines."),
    )
    informal_systems = models.TextField(
        _("informal systems"),
        blank=True,
        help_text=_("How decisions are really made: customary authorities, patronage, who is listened to."),
    )
    stakeholders = models.ManyToManyField(
        Stakeholder, blank=True, related_name="analyses", verbose_name=_("stakeholders concerned")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
        verbose_name=_("author"),
    )
    review_on = models.DateField(_("review by"), help_text=_("When the analysis should next be revised."))
    status = models.CharField(
        max_length=10,
        choices=AnalysisStatus.choices,
        default=AnalysisStatus.DRAFT,
        editable=False,
        verbose_name=_("status"),
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
        verbose_name=_("approved by"),
    )
    approved_on = models.DateField(_("approved on"), null=True, blank=True, editable=False)
    # An edition may stay visible while the one it revises is hidden (say, restricted while the new one is
    # internal): the link then looks empty to that reader, and the comparison answers 404.
    masked_links = ("stakeholders", "previous")
    history = HistoricalRecords(m2m_fields=[stakeholders, "cleared_users"])

    class Meta:
        verbose_name = _("situation analysis")
        verbose_name_plural = _("situation analyses")
        ordering = ["jurisdiction__name", "-edition", "id"]
        permissions = [("approve_situationanalysis", _("Can approve a situation analysis"))]
        constraints = [
            models.UniqueConstraint(
                fields=["jurisdiction", "edition"],
                name="analysis_one_edition_number",
                violation_error_message=_("This jurisdiction already has an analysis of this edition."),
            ),
            models.CheckConstraint(
                name="analysis_approved_iff_approver",
                condition=(
                    (Q(status=AnalysisStatus.APPROVED) & Q(approved_on__isnull=False))
                    | (Q(status=AnalysisStatus.DRAFT) & Q(approved_on__isnull=True) & Q(approved_by__isnull=True))
                ),
                violation_error_message=_("An approved analysis has an approval date; a draft has none."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({_('edition')} {self.edition})"

    def get_absolute_url(self) -> str:
        return reverse("analysis:situationanalysis_detail", args=[self.pk])

    @property
    def is_approved(self) -> bool:
        return self.status == AnalysisStatus.APPROVED

    @property
    def author_name(self) -> str:
        return user_label(self.author) if self.author_id else "—"


class Finding(DomainModel):
    """What the analysis found under one PESTLES heading: sourced as assessments are (corporate functions and
    external sources), with a confidence, and linked to the stakeholders and mandate areas it concerns."""

    analysis = models.ForeignKey(
        SituationAnalysis, on_delete=models.CASCADE, related_name="findings", verbose_name=_("analysis")
    )
    heading = models.CharField(max_length=14, choices=Pestles.choices, verbose_name=_("heading"))
    text = models.TextField(verbose_name=_("finding"))
    confidence = models.CharField(
        max_length=6, choices=Confidence.choices, default=Confidence.MEDIUM, verbose_name=_("confidence")
    )
    sources = models.ManyToManyField(InformationSource, blank=True, related_name="+", verbose_name=_("sources"))
    other_sources = models.CharField(
        _("other sources"), max_length=300, blank=True, help_text=_("Reports, laws, interviews: name them.")
    )
    stakeholders = models.ManyToManyField(
        Stakeholder, blank=True, related_name="findings", verbose_name=_("stakeholders concerned")
    )
    mandate_areas = models.ManyToManyField(
        MandateArea, blank=True, related_name="+", verbose_name=_("mandate areas concerned")
    )
    masked_links = ("stakeholders",)
    history = HistoricalRecords(m2m_fields=[sources, stakeholders, mandate_areas])

    class Meta:
        verbose_name = _("finding")
        verbose_name_plural = _("findings")
        ordering = ["analysis", "heading", "id"]

    hides_with = ("analysis",)

    def __str__(self) -> str:
        text = " ".join(self.text.split())
        return text if len(text) <= 80 else f"{text[:79]}…"

    def get_absolute_url(self) -> str:
        return self.analysis.get_absolute_url() + f"#finding-{self.pk}"


class CoordinationRisk(ConfidentialModel):
    """A risk that a coordination gap between levels of government creates for communities (Hub C: "gaps in
    judicial accountability, monitoring of public security or licensing of private security"): who is exposed
    and to what harm, how likely and how severe, who owns it, what is being done (its mitigations), and when it
    is next reviewed. Accepted risks say why."""

    title = models.CharField(max_length=200, verbose_name=_("title"))
    jurisdiction = models.ForeignKey(
        "shrhub.Jurisdiction", on_delete=models.PROTECT, related_name="risks", verbose_name=_("jurisdiction")
    )
    upper_level = models.CharField(
        _("between the"),
        max_length=10,
        choices=JurisdictionLevel.choices,
        default=JurisdictionLevel.NATIONAL,
        help_text=_("The level of government where the gap opens (usually national)."),
    )
    lower_level = models.CharField(
        _("and the"),
        max_length=10,
        choices=JurisdictionLevel.choices,
        default=JurisdictionLevel.LOCAL,
        help_text=_("The level where it is felt (usually local)."),
    )
    area = models.ForeignKey(
        MandateArea,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="risks",
        verbose_name=_("risk area"),
        help_text=_("One of the Hub's three areas; leave empty and name another below."),
    )
    other_area = models.CharField(_("other area"), max_length=120, blank=True)
    challenge = models.TextField(
        _("coordination challenge"), help_text=_("The gap between the levels behind the risk.")
    )
    affected = models.TextField(_("who is at risk"), help_text=_("The communities and people exposed, and where."))
    vulnerable_groups = models.ManyToManyField(
        VulnerableGroup, blank=True, related_name="risks", verbose_name=_("vulnerable groups")
    )
    harm = models.TextField(_("harm"), help_text=_("What could happen to them."))
    likelihood = models.PositiveSmallIntegerField(choices=Likelihood.choices, verbose_name=_("likelihood"))
    impact = models.PositiveSmallIntegerField(choices=Impact.choices, verbose_name=_("impact"))
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("owner"),
    )
    status = models.CharField(
        max_length=12, choices=RiskStatus.choices, default=RiskStatus.OPEN, verbose_name=_("status")
    )
    accepted_reason = models.TextField(
        _("why it is accepted"), blank=True, help_text=_("Required when the risk is accepted.")
    )
    review_on = models.DateField(_("review by"))
    stakeholders = models.ManyToManyField(Stakeholder, blank=True, related_name="risks", verbose_name=_("stakeholders"))
    agreements = models.ManyToManyField(Agreement, blank=True, related_name="risks", verbose_name=_("agreements"))
    practices = models.ManyToManyField(
        "practices.Practice", blank=True, related_name="risks", verbose_name=_("practices")
    )
    analysis = models.ForeignKey(
        SituationAnalysis,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="risks",
        verbose_name=_("situation analysis"),
    )
    masked_links = ("stakeholders", "agreements", "analysis")
    history = HistoricalRecords(m2m_fields=[vulnerable_groups, stakeholders, agreements, practices, "cleared_users"])
    user_references = {**ConfidentialModel.user_references, "owner": ASSIGNEE}

    class Meta:
        verbose_name = _("coordination risk")
        verbose_name_plural = _("coordination risks")
        ordering = ["-likelihood", "-impact", "title", "id"]
        constraints = [
            models.CheckConstraint(
                name="risk_accepted_with_reason",
                condition=~Q(status=RiskStatus.ACCEPTED) | ~Q(accepted_reason=""),
                violation_error_message=_("Say why the risk is accepted."),
            ),
            models.CheckConstraint(
                name="risk_area_named",
                condition=Q(area__isnull=False) | ~Q(other_area=""),
                violation_error_message=_("Choose a risk area or name another."),
            ),
            models.CheckConstraint(name="risk_likelihood_1_to_5", condition=Q(likelihood__gte=1, likelihood__lte=5)),
            models.CheckConstraint(name="risk_impact_1_to_5", condition=Q(impact__gte=1, impact__lte=5)),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("analysis:coordinationrisk_detail", args=[self.pk])

    @property
    def score(self) -> int:
        return int(self.likelihood) * int(self.impact)

    @property
    def rating(self) -> Rating:
        return rating_of(self.score)

    @property
    def area_name(self) -> str:
        return str(self.area) if self.area_id else self.other_area

    @property
    def owner_name(self) -> str:
        return user_label(self.owner) if self.owner_id else "—"

    def clean(self) -> None:
        errors: dict[str, StrOrPromise] = {}
        if self.status == RiskStatus.ACCEPTED and not self.accepted_reason.strip():
            errors["accepted_reason"] = _("Say why the risk is accepted.")
        if not self.area_id and not self.other_area.strip():
            errors["area"] = _("Choose a risk area or name another.")
        if LEVEL_RANK.get(self.upper_level, 0) > LEVEL_RANK.get(self.lower_level, 0):
            errors["lower_level"] = _("The second level is the same as the first or below it.")
        if errors:
            raise ValidationError(errors)


class Mitigation(OwnedItem):
    """What is being done about a risk: owned, dated, with progress notes, in the one tracker."""

    risk = models.ForeignKey(
        CoordinationRisk, on_delete=models.CASCADE, related_name="mitigations", verbose_name=_("risk")
    )
    history = HistoricalRecords()

    class Meta(OwnedItem.Meta):
        verbose_name = _("mitigation")
        verbose_name_plural = _("mitigations")
        indexes = [models.Index(fields=["status", "due_on"]), models.Index(fields=["owner", "status", "due_on"])]

    hides_with = ("risk",)

    def get_absolute_url(self) -> str:
        return reverse("analysis:mitigation_detail", args=[self.pk])


class MitigationProgress(ProgressNote):
    mitigation = models.ForeignKey(
        Mitigation, on_delete=models.CASCADE, related_name="progress_notes", verbose_name=_("mitigation")
    )
    history = HistoricalRecords()
    item_field = "mitigation"

    class Meta(ProgressNote.Meta):
        ordering = ["mitigation", "created_at", "id"]
        verbose_name = _("mitigation progress note")
        verbose_name_plural = _("mitigation progress notes")

    hides_with = ("mitigation",)


class FindingReview(DomainModel):
    """A manager's decision on a computed coordination finding (``analysis.proposals``): registered as a risk,
    or dismissed with a reason. ``key`` names the finding (its kind and the records it is about), ``evidence``
    fingerprints what it rests on: while both match, the finding is not proposed again. Only the key and the
    fingerprint are stored, never the finding's words (which name stakeholders): a reader sees a review only
    through the findings they may see."""

    key = models.CharField(_("finding"), max_length=200, unique=True)
    evidence = models.CharField(_("evidence fingerprint"), max_length=64)
    decision = models.CharField(max_length=12, choices=ReviewDecision.choices, verbose_name=_("decision"))
    reason = models.TextField(_("reason"), blank=True)
    risk = models.ForeignKey(
        CoordinationRisk,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="reviews",
        verbose_name=_("risk"),
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("reviewed by"),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("finding review")
        verbose_name_plural = _("finding reviews")
        ordering = ["-updated_at", "id"]
        constraints = [
            models.CheckConstraint(
                name="review_dismissed_with_reason",
                condition=~Q(decision=ReviewDecision.DISMISSED) | ~Q(reason=""),
                violation_error_message=_("Say why the finding is dismissed."),
            ),
        ]

    hides_with = ("risk",)

    def __str__(self) -> str:
        return f"{self.key} · {self.get_decision_display()}"
