"""Understanding the operating context (challenge 1.1.c): the situation analysis of a jurisdiction under the
PESTLES headings, dated and versioned by edition; and the register of coordination risks, the risks that
gaps between national and local authorities create for communities, each owned, rated, mitigated and
reviewed. Computed coordination findings propose risks; a manager's review of each is kept
(``FindingReview``) so a finding is proposed again only when its evidence changes.

The legal framework of a country (challenge 1.1.b): its national laws by area, the international instruments
with the State's status, whether international humanitarian law applies, its National Action Plan on Business
and Human Rights and the initiatives its government subscribes to; together they make the toolkit's "short
report detailing the relevant legal codes" (``analysis.legal``)."""

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
    IhlApplies,
    Impact,
    Initiative,
    InstrumentState,
    LawArea,
    Likelihood,
    Pestles,
    PlanStatus,
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


# The legal framework -----------------------------------------------------------------------------------------


class LegalEntry(DomainModel):
    """What every entry of a country's legal mapping carries: the country, a link to the text, who prepared
    it, the outside experts consulted (the toolkit names parliamentarians, lawyers, national human-rights
    institutions and academia) and when it was last checked against the text in force."""

    country = models.ForeignKey(
        "shrhub.Jurisdiction",
        on_delete=models.PROTECT,
        related_name="%(class)ss",
        limit_choices_to={"level": JurisdictionLevel.NATIONAL},
        verbose_name=_("country"),
    )
    link = models.URLField(_("link to the text"), blank=True, max_length=500)
    prepared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("prepared by"),
    )
    experts = models.ManyToManyField(
        Stakeholder,
        blank=True,
        related_name="%(class)s_consultations",
        verbose_name=_("experts consulted"),
        help_text=_("Parliamentarians, lawyers, the national human-rights institution, academia."),
    )
    verified_on = models.DateField(
        _("last verified on"), null=True, blank=True, help_text=_("When it was last checked against the text in force.")
    )
    masked_links = ("experts",)
    user_references = {"prepared_by": ASSIGNEE}

    class Meta:
        abstract = True

    def clean(self) -> None:
        if self.country_id and self.country.level != JurisdictionLevel.NATIONAL:
            raise ValidationError({"country": _("A legal framework is a country's: choose a national jurisdiction.")})


class NationalLaw(LegalEntry):
    """A national law or regulation, by area, and how the VPs connect to it (2016: "Build a case to show how
    the VPs enhance respect for national laws")."""

    title = models.CharField(_("title"), max_length=300)
    reference = models.CharField(
        _("reference"), max_length=120, blank=True, help_text=_("Its number, gazette or code article.")
    )
    area = models.CharField(_("area"), max_length=20, choices=LawArea.choices)
    summary = models.TextField(_("summary"), blank=True)
    vps_connection = models.TextField(
        _("how it connects to the VPs"),
        blank=True,
        help_text=_("How applying the VPs helps respect this law: the case to make."),
    )
    history = HistoricalRecords(m2m_fields=["experts"])

    class Meta:
        verbose_name = _("national law")
        verbose_name_plural = _("national laws")
        ordering = ["country", "area", "title", "id"]

    def __str__(self) -> str:
        return f"{self.title} ({self.reference})" if self.reference else self.title

    def get_absolute_url(self) -> str:
        return reverse("analysis:nationallaw_detail", args=[self.pk])


class Instrument(models.Model):
    """An international instrument a State may be party to (treaties and conventions of human rights, labour
    rights and international humanitarian law). Seeded (``analysis.legal.ensure_instruments``); the team adds
    regional ones."""

    code = models.SlugField(_("code"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=300)
    short_name = models.CharField(_("short name"), max_length=60, blank=True)
    area = models.CharField(_("area"), max_length=20, choices=LawArea.choices)
    adopted_in = models.PositiveSmallIntegerField(_("adopted in"), null=True, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("international instrument")
        verbose_name_plural = _("international instruments")
        ordering = ["order", "name"]

    def __str__(self) -> str:
        from django.utils.translation import gettext

        return gettext(self.short_name or self.name)


class InstrumentStatus(LegalEntry):
    """Where the host State stands with one international instrument (Hub B: "which international laws and
    conventions the host State has ratified")."""

    instrument = models.ForeignKey(
        Instrument, on_delete=models.PROTECT, related_name="statuses", verbose_name=_("instrument")
    )
    state = models.CharField(_("status"), max_length=10, choices=InstrumentState.choices)
    since = models.DateField(
        _("since"), null=True, blank=True, help_text=_("Date of ratification, accession or signature.")
    )
    notes = models.TextField(_("notes"), blank=True, help_text=_("Reservations, declarations, domestication."))
    history = HistoricalRecords(m2m_fields=["experts"])

    class Meta:
        verbose_name = _("instrument status")
        verbose_name_plural = _("instrument statuses")
        ordering = ["country", "instrument__order", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["country", "instrument"],
                name="instrumentstatus_once_per_country",
                violation_error_message=_("This instrument is already in the country's legal framework."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.instrument} · {self.get_state_display()}"

    def get_absolute_url(self) -> str:
        return reverse("analysis:instrumentstatus_detail", args=[self.pk])


class IhlAssessment(LegalEntry):
    """Whether international humanitarian law applies in the country, why, as of a date (Hub B: "Take stock
    of international humanitarian law (including when it is applicable)"). The latest is current."""

    applies = models.CharField(_("international humanitarian law"), max_length=8, choices=IhlApplies.choices)
    assessed_on = models.DateField(_("assessed on"))
    reasoning = models.TextField(
        _("why"), help_text=_("The armed conflict (or its absence), where it is fought, who the parties are.")
    )
    areas = models.CharField(_("where it applies"), max_length=300, blank=True)
    history = HistoricalRecords(m2m_fields=["experts"])

    class Meta:
        verbose_name = _("IHL assessment")
        verbose_name_plural = _("IHL assessments")
        ordering = ["country", "-assessed_on", "-id"]

    def __str__(self) -> str:
        return f"{self.get_applies_display()} ({self.assessed_on:%Y-%m-%d})"

    def get_absolute_url(self) -> str:
        return reverse("analysis:ihlassessment_detail", args=[self.pk])


class ActionPlan(LegalEntry):
    """The country's National Action Plan on Business and Human Rights and its security elements (Hub B:
    "Reference National Action Plans on Business and Human Rights")."""

    title = models.CharField(_("title"), max_length=300)
    status = models.CharField(_("status"), max_length=16, choices=PlanStatus.choices)
    adopted_on = models.DateField(_("adopted on"), null=True, blank=True)
    summary = models.TextField(_("summary"), blank=True)
    security_elements = models.TextField(
        _("security elements"),
        blank=True,
        help_text=_("What it says of security providers, the VPs, private security or the use of force."),
    )
    history = HistoricalRecords(m2m_fields=["experts"])

    class Meta:
        verbose_name = _("national action plan")
        verbose_name_plural = _("national action plans")
        ordering = ["country", "-adopted_on", "-id"]
        constraints = [
            models.CheckConstraint(
                name="actionplan_adopted_has_date",
                condition=~Q(status__in=["adopted", "under_review"]) | Q(adopted_on__isnull=False),
                violation_error_message=_("An adopted plan has its adoption date."),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("analysis:actionplan_detail", args=[self.pk])


class InitiativeCommitment(LegalEntry):
    """An initiative the government subscribes to and the commitments it made under it: leverage for the case
    for the VPs (Hub B: "Use the different initiatives that a government subscribes to… as leverage")."""

    initiative = models.CharField(_("initiative"), max_length=10, choices=Initiative.choices)
    other_initiative = models.CharField(_("other initiative"), max_length=200, blank=True)
    since = models.DateField(_("since"), null=True, blank=True)
    commitments = models.TextField(_("commitments made"), blank=True)
    history = HistoricalRecords(m2m_fields=["experts"])

    class Meta:
        verbose_name = _("initiative subscribed to")
        verbose_name_plural = _("initiatives subscribed to")
        ordering = ["country", "initiative", "other_initiative", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["country", "initiative"],
                condition=~Q(initiative="other"),
                name="initiativecommitment_once_per_country",
                violation_error_message=_("This initiative is already in the country's legal framework."),
            ),
            models.CheckConstraint(
                name="initiativecommitment_other_named",
                condition=~Q(initiative="other") | ~Q(other_initiative=""),
                violation_error_message=_("Name the other initiative."),
            ),
        ]

    def __str__(self) -> str:
        return self.initiative_name

    def get_absolute_url(self) -> str:
        return reverse("analysis:initiativecommitment_detail", args=[self.pk])

    @property
    def initiative_name(self) -> str:
        return self.other_initiative if self.initiative == Initiative.OTHER else str(self.get_initiative_display())
