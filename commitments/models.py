"""The in-country process with the host government (challenges 1.1.b and 1.1.c).

Agreements reached and what follows from them: the obligations each creates, owned and dated like every item
of the tracker, and, for an agreement reached above the local level, its roll-out: each regional or local
body that must apply it and how far it has. The case for the VPs: the benefit arguments the team makes
(``BenefitArgument``), the standard raised with each agency in an engagement and how it answered
(``Advocacy``, ``ArgumentPut``), each stakeholder's dated commitment to an in-country process
(``CommitmentAssessment``); and who must be kept informed of each process (``Audience``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from followups.models import OwnedItem, ProgressNote
from shrhub.models import ASSIGNEE, ConfidentialModel, DomainModel, JurisdictionLevel
from stakeholders.models import Engagement, Stakeholder
from workinggroups.models import Meeting, WorkingGroup

from .choices import (
    AgreementKind,
    AgreementStatus,
    Benefit,
    CommitmentLevel,
    InformMeans,
    Process,
    Response,
    RolloutState,
    Standard,
)

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


# The case for the VPs ---------------------------------------------------------------------------------------


class BenefitArgument(DomainModel):
    """A benefit case the team makes for the VPs, in the team's own vocabulary (2016: "Make the case for the
    VPs using arguments tailored to the local context. Demonstrate the benefits in terms of security, social
    and economic development payoffs"). The wording actually used with an agency is kept where it was put."""

    name = models.CharField(_("name"), max_length=120, unique=True)
    benefit = models.CharField(_("benefit"), max_length=24, choices=Benefit.choices)
    case = models.TextField(
        _("the case"), blank=True, help_text=_("The argument in general terms; tailor it each time it is put.")
    )
    retired = models.BooleanField(
        _("retired"), default=False, help_text=_("No longer offered for new engagements; kept where it was put.")
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("benefit argument")
        verbose_name_plural = _("benefit arguments")
        ordering = ["benefit", "name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("commitments:benefitargument_detail", args=[self.pk])


class Advocacy(DomainModel):
    """A standard (the VPs, or another one) raised with one agency in one engagement, and how the agency
    answered (2016: "Raise the VPs at regular meetings"). The agency is one of the engagement's stakeholders
    (``commitments.services.advocacy_save`` checks it); the arguments put are its ``arguments``."""

    engagement = models.ForeignKey(
        Engagement, on_delete=models.CASCADE, related_name="advocacy", verbose_name=_("engagement")
    )
    agency = models.ForeignKey(Stakeholder, on_delete=models.PROTECT, related_name="advocacy", verbose_name=_("agency"))
    standard = models.CharField(_("standard raised"), max_length=10, choices=Standard.choices, default=Standard.VPS)
    other_standard = models.CharField(_("other standard"), max_length=200, blank=True)
    response = models.CharField(_("response"), max_length=14, choices=Response.choices, default=Response.NO_RESPONSE)
    response_notes = models.TextField(_("what they said"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("standard raised")
        verbose_name_plural = _("standards raised")
        ordering = ["-engagement__occurred_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["engagement", "agency", "standard"],
                name="advocacy_one_per_agency_and_standard",
                violation_error_message=_("This standard is already recorded as raised with this agency here."),
            ),
            models.CheckConstraint(
                name="advocacy_other_standard_named",
                condition=~Q(standard=Standard.OTHER) | ~Q(other_standard=""),
                violation_error_message=_("Name the other standard."),
            ),
        ]

    hides_with = ("engagement", "agency")

    def __str__(self) -> str:
        return f"{self.standard_name} · {self.agency}"

    def get_absolute_url(self) -> str:
        return reverse("commitments:advocacy_detail", args=[self.pk])

    @property
    def standard_name(self) -> str:
        return self.other_standard if self.standard == Standard.OTHER else str(self.get_standard_display())

    def clean(self) -> None:
        if self.standard == Standard.OTHER and not self.other_standard.strip():
            raise ValidationError({"other_standard": _("Name the other standard.")})


class ArgumentPut(DomainModel):
    """One benefit argument put to the agency, in the words used, and how the agency took it: the cells of
    the arguments × response table (which arguments worked with whom)."""

    advocacy = models.ForeignKey(
        Advocacy, on_delete=models.CASCADE, related_name="arguments", verbose_name=_("standard raised")
    )
    argument = models.ForeignKey(
        BenefitArgument, on_delete=models.PROTECT, related_name="uses", verbose_name=_("argument")
    )
    wording = models.TextField(_("wording used"), blank=True, help_text=_("How the case was tailored to them."))
    response = models.CharField(_("response"), max_length=14, choices=Response.choices, default=Response.NO_RESPONSE)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("argument put")
        verbose_name_plural = _("arguments put")
        ordering = ["advocacy", "argument__name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["advocacy", "argument"],
                name="argumentput_once_per_advocacy",
                violation_error_message=_("This argument is already recorded here."),
            ),
        ]

    hides_with = ("advocacy",)  # with its engagement and its agency

    def __str__(self) -> str:
        return f"{self.argument} · {self.get_response_display()}"

    def get_absolute_url(self) -> str:
        """An argument put is shown, and edited, on its standard raised's page."""
        return self.advocacy.get_absolute_url()


class CommitmentAssessment(DomainModel):
    """A dated judgement of how far a stakeholder has come towards an in-country process, from opposing it to
    championing it, with its evidence; the latest is the stakeholder's current commitment (alongside its
    stance)."""

    stakeholder = models.ForeignKey(
        Stakeholder, on_delete=models.CASCADE, related_name="commitment_assessments", verbose_name=_("stakeholder")
    )
    level = models.CharField(_("commitment"), max_length=24, choices=CommitmentLevel.choices)
    assessed_on = models.DateField(_("assessed on"))
    evidence = models.TextField(
        _("evidence"), blank=True, help_text=_("A public statement, a letter, what was said in a meeting.")
    )
    engagements = models.ManyToManyField(
        Engagement, blank=True, related_name="commitment_assessments", verbose_name=_("engagements")
    )
    agreements = models.ManyToManyField(
        Agreement,
        blank=True,
        related_name="commitment_assessments",
        verbose_name=_("agreements"),
        help_text=_("A commitment in writing: the agreement that holds it."),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("assessed by"),
    )
    masked_links = ("engagements", "agreements")
    history = HistoricalRecords(m2m_fields=[engagements, agreements])
    user_references = {"author": ASSIGNEE}

    class Meta:
        verbose_name = _("commitment assessment")
        verbose_name_plural = _("commitment assessments")
        ordering = ["stakeholder", "-assessed_on", "-id"]
        indexes = [models.Index(fields=["stakeholder", "-assessed_on", "-id"])]

    hides_with = ("stakeholder",)

    def __str__(self) -> str:
        return f"{self.stakeholder} · {self.get_level_display()}"

    def get_absolute_url(self) -> str:
        return reverse("commitments:commitmentassessment_detail", args=[self.pk])


# Keeping people informed ------------------------------------------------------------------------------------


class Audience(DomainModel):
    """Someone who must be kept informed of a process they may not take part in: the in-country process of
    a country, a working group or an agreement; by which means and how often (2016: "Identify who needs to be
    kept informed of the different processes… and agree on the best means to do so. This should flow from
    the stakeholder mapping exercise"). When they were last informed comes from the engagements with them."""

    process = models.CharField(_("process"), max_length=14, choices=Process.choices)
    country = models.ForeignKey(
        "shrhub.Jurisdiction",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="audiences",
        limit_choices_to={"level": JurisdictionLevel.NATIONAL},
        verbose_name=_("country"),
        help_text=_("For the in-country process: the country it runs in."),
    )
    working_group = models.ForeignKey(
        WorkingGroup,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="audiences",
        verbose_name=_("working group"),
    )
    agreement = models.ForeignKey(
        Agreement,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="audiences",
        verbose_name=_("agreement"),
    )
    stakeholder = models.ForeignKey(
        Stakeholder, on_delete=models.CASCADE, related_name="audiences", verbose_name=_("kept informed")
    )
    means = models.CharField(_("by"), max_length=10, choices=InformMeans.choices)
    every_days = models.PositiveSmallIntegerField(
        _("every (days)"), help_text=_("How often they should hear from the team.")
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("who informs them"),
    )
    notes = models.TextField(_("notes"), blank=True)
    history = HistoricalRecords()
    user_references = {"owner": ASSIGNEE}

    class Meta:
        verbose_name = _("person to keep informed")
        verbose_name_plural = _("people to keep informed")
        ordering = ["process", "stakeholder__name", "id"]
        constraints = [
            models.CheckConstraint(
                name="audience_one_process",
                condition=(
                    Q(
                        process=Process.IN_COUNTRY,
                        country__isnull=False,
                        working_group__isnull=True,
                        agreement__isnull=True,
                    )
                    | Q(
                        process=Process.WORKING_GROUP,
                        country__isnull=True,
                        working_group__isnull=False,
                        agreement__isnull=True,
                    )
                    | Q(
                        process=Process.AGREEMENT,
                        country__isnull=True,
                        working_group__isnull=True,
                        agreement__isnull=False,
                    )
                ),
                violation_error_message=_(
                    "An audience member follows one process: a country's, a group's or an agreement's."
                ),
            ),
            models.CheckConstraint(name="audience_every_day_at_least", condition=Q(every_days__gte=1)),
            models.UniqueConstraint(
                fields=["country", "stakeholder"],
                condition=Q(process=Process.IN_COUNTRY),
                name="audience_once_per_country",
                violation_error_message=_("This stakeholder is already kept informed of this process."),
            ),
            models.UniqueConstraint(
                fields=["working_group", "stakeholder"],
                condition=Q(process=Process.WORKING_GROUP),
                name="audience_once_per_group",
                violation_error_message=_("This stakeholder is already kept informed of this process."),
            ),
            models.UniqueConstraint(
                fields=["agreement", "stakeholder"],
                condition=Q(process=Process.AGREEMENT),
                name="audience_once_per_agreement",
                violation_error_message=_("This stakeholder is already kept informed of this process."),
            ),
        ]

    hides_with = ("working_group", "agreement", "stakeholder")

    def __str__(self) -> str:
        return f"{self.stakeholder} · {self.process_name}"

    def get_absolute_url(self) -> str:
        return reverse("commitments:audience_detail", args=[self.pk])

    @property
    def target(self) -> models.Model | None:
        """The process's record: the country, the working group or the agreement."""
        return {
            Process.IN_COUNTRY: self.country,
            Process.WORKING_GROUP: self.working_group,
            Process.AGREEMENT: self.agreement,
        }.get(Process(self.process))

    @property
    def process_name(self) -> str:
        if self.process == Process.IN_COUNTRY and self.country_id:
            return _("In-country process, %(country)s") % {"country": self.country}
        return str(self.target or self.get_process_display())

    def clean(self) -> None:
        errors: dict[str, StrOrPromise] = {}
        needs = {Process.IN_COUNTRY: "country", Process.WORKING_GROUP: "working_group", Process.AGREEMENT: "agreement"}
        for process, field in needs.items():
            filled = getattr(self, f"{field}_id") is not None
            if self.process == process and not filled:
                errors[field] = _("Choose what this audience member is kept informed of.")
            elif self.process != process and filled:
                setattr(self, field, None)  # a change of process leaves no stale target behind
        if self.country_id and self.country is not None and self.country.level != JurisdictionLevel.NATIONAL:
            errors["country"] = _("The in-country process runs in a country: choose a national jurisdiction.")
        if errors:
            raise ValidationError(errors)
