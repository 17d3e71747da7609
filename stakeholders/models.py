"""The host-government stakeholder registry (challenge 1.1.a): who the interlocutors are, which offices
they hold and for how long, what the company judges of them, how they connect, and every contact."""

from __future__ import annotations

from typing import TYPE_CHECKING, Self

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, FilteredRelation, OuterRef, Q, Subquery
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from shrhub.filtersets import SearchDocument
from shrhub.hiding import seen_link_id
from shrhub.models import (
    ASSIGNEE,
    LEVEL_RANK,
    SEE_CONFIDENTIAL,
    SEE_RESTRICTED,
    Confidentiality,
    ConfidentialModel,
    DomainModel,
    JurisdictionLevel,
    VisibleQuerySet,
    confidentiality_q,
)
from shrhub.types import AnyUser

from .choices import (
    Confidence,
    EngagementKind,
    RelationshipKind,
    RoundStatus,
    Sector,
    SourceCategory,
    StakeholderKind,
    Stance,
)

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

SCORE_VALIDATORS = [MinValueValidator(1), MaxValueValidator(5)]
# Stakeholder.clean()'s refusal of a parent at a lower level, one whole sentence per pair of levels.
DEVOLVED_DOWNWARDS: dict[tuple[str, str], StrOrPromise] = {
    (JurisdictionLevel.NATIONAL, JurisdictionLevel.REGIONAL): _(
        "A national stakeholder cannot sit under a regional one: responsibility is devolved downwards."
    ),
    (JurisdictionLevel.NATIONAL, JurisdictionLevel.LOCAL): _(
        "A national stakeholder cannot sit under a local one: responsibility is devolved downwards."
    ),
    (JurisdictionLevel.REGIONAL, JurisdictionLevel.LOCAL): _(
        "A regional stakeholder cannot sit under a local one: responsibility is devolved downwards."
    ),
}

# The stakeholder's latest assessment at each tier: internal only; internal or restricted; any level.
CURRENT_ASSESSMENT_FIELDS = (
    "current_internal_assessment",
    "current_restricted_assessment",
    "current_confidential_assessment",
)

# How often a relationship should be kept alive, by influence (1–5) when the stakeholder sets no interval.
CONTACT_INTERVAL_BY_INFLUENCE = {5: 30, 4: 60}
DEFAULT_CONTACT_INTERVAL = 120


def contact_interval(days: int | None, influence: int | None) -> int:
    """Days between meetings a relationship needs: the stakeholder's own interval, else by its influence."""
    return days or CONTACT_INTERVAL_BY_INFLUENCE.get(influence or 0, DEFAULT_CONTACT_INTERVAL)


def search_document(*weighted: tuple[str, str]) -> models.GeneratedField:
    """The stored full-text document ``q`` matches on PostgreSQL (GIN-indexed by migration 0003)."""
    return models.GeneratedField(
        expression=SearchDocument(*weighted), output_field=SearchVectorField(null=True), db_persist=True
    )


class LookupModel(models.Model):
    """A fixed vocabulary row seeded by a migration (``code`` is stable, ``name`` is shown)."""

    code = models.SlugField(max_length=60, unique=True, verbose_name=_("code"))
    name = models.CharField(max_length=120, verbose_name=_("name"))
    order = models.PositiveSmallIntegerField(default=0, verbose_name=_("order"))

    objects = VisibleQuerySet.as_manager()

    class Meta:
        abstract = True
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return gettext(self.name)  # seeded English names are in the catalogues (stakeholders.vocabularies)


class VulnerableGroup(LookupModel):
    """Groups the toolkit names as vulnerable (women, children, elderly people, youth, indigenous peoples,
    ethnic and religious minorities, migrant workers)."""

    class Meta(LookupModel.Meta):
        verbose_name = _("vulnerable group")
        verbose_name_plural = _("vulnerable groups")


class InformationSource(LookupModel):
    """Where a judgement comes from: a corporate function or an external source the toolkit lists."""

    category = models.CharField(max_length=20, choices=SourceCategory.choices, verbose_name=_("category"))

    class Meta(LookupModel.Meta):
        verbose_name = _("information source")
        verbose_name_plural = _("information sources")


class MandateArea(LookupModel):
    """The risk areas the Hub names for national/local coordination (judicial accountability, monitoring of
    public security, licensing of private security)."""

    class Meta(LookupModel.Meta):
        verbose_name = _("mandate area")
        verbose_name_plural = _("mandate areas")


def assessment_tier(user: AnyUser | None) -> str:
    """Which of the stakeholder's tier pointers is ``user``'s current assessment: the levels their role reads."""
    if user is not None and user.is_authenticated and user.has_perm(SEE_CONFIDENTIAL):
        return Confidentiality.CONFIDENTIAL
    if user is not None and user.is_authenticated and user.has_perm(SEE_RESTRICTED):
        return Confidentiality.RESTRICTED
    return Confidentiality.INTERNAL


TIER_LEVELS: dict[str, tuple[str, ...]] = {
    Confidentiality.INTERNAL: (Confidentiality.INTERNAL,),
    Confidentiality.RESTRICTED: (Confidentiality.INTERNAL, Confidentiality.RESTRICTED),
    Confidentiality.CONFIDENTIAL: tuple(Confidentiality.values),
}


def _named_above_tier(user: AnyUser, tier: str) -> bool:
    """Whether ``user`` is named on an assessment above their role's tier: the rare reader whose current
    assessment no tier pointer holds. Asked once per user object (a request's user lives one request)."""
    if tier == Confidentiality.CONFIDENTIAL or not user.is_authenticated:
        return False
    cached = getattr(user, "_named_above_assessment_tier", None)
    if cached is None:
        through = Assessment.cleared_users.through._default_manager
        cached = through.filter(user_id=user.pk).exclude(assessment__confidentiality__in=TIER_LEVELS[tier]).exists()
        user._named_above_assessment_tier = cached  # type: ignore[attr-defined]  # a cache on this request's user
    return cached


def seen_assessment(user: AnyUser | None) -> FilteredRelation:
    """The latest assessment of each stakeholder that ``user`` may see, as a relation to join, filter and order
    by (``seen_assessment__stance``). Most readers follow their tier's pointer (one indexed join, as a plain
    foreign key); a user named on assessments above their tier gets the latest of the ones they may read."""
    tier = assessment_tier(user)
    pointer: F | Subquery = F(f"current_{tier}_assessment_id")
    if user is not None and _named_above_tier(user, tier):
        latest = (
            Assessment.objects.filter(stakeholder=OuterRef("pk"))
            .filter(confidentiality_q(Assessment, user))
            .order_by("-assessed_on", "-id")
            .values("pk")[:1]
        )
        pointer = Subquery(latest)
    return FilteredRelation("assessments", condition=Q(assessments__id=pointer))


def current_assessment_pointers(*, excluding: int | None = None) -> dict[str, Subquery]:
    """Each tier's pointer (``current_<tier>_assessment_id``) as the latest assessment (by date, then id) at that
    tier's levels, leaving out the assessment ``excluding`` (one about to be deleted): subqueries on the
    stakeholder's ``pk``, to annotate stakeholders with (``services.refresh_current_assessment`` writes them)."""
    pointers = {}
    for tier, levels in TIER_LEVELS.items():
        latest = (
            Assessment.objects.filter(stakeholder_id=OuterRef("pk"), confidentiality__in=levels)
            .exclude(pk=excluding or 0)
            .order_by("-assessed_on", "-id")
            .values("pk")[:1]
        )
        pointers[f"current_{tier}_assessment_id"] = Subquery(latest)
    return pointers


VPS_PARTICIPANT_SECTORS = frozenset({Sector.EMBASSY, Sector.COMPANY})


class StakeholderQuerySet(VisibleQuerySet):
    def visible_to(self, user: AnyUser | None) -> Self:
        """The stakeholders ``user`` may see, each with ``seen_assessment``: its current assessment for them."""
        return super().visible_to(user).alias(seen_assessment=seen_assessment(user))


class Stakeholder(ConfidentialModel):
    """An organisation or a person in the host country.

    An organisation has a sector, a level, a jurisdiction and may sit under a parent organisation
    (ministry → regional directorate → local office); a child is never at a higher level than its parent
    and the chain never loops. A person may belong to an organisation; only persons carry contact data.
    Each reader sees as current the latest assessment they may see (``seen_assessment``), never a newer one
    they may not.
    """

    kind = models.CharField(
        max_length=20, choices=StakeholderKind.choices, default=StakeholderKind.ORGANISATION, verbose_name=_("kind")
    )
    name = models.CharField(max_length=200, verbose_name=_("name"))
    short_name = models.CharField(_("short name / acronym"), max_length=60, blank=True)
    # The record's identifier in the spreadsheet or system it came from: an import matches rows by it. Not unique
    # in the database (a uniqueness error would tell of records the importer may not see); an import refuses a
    # row whose id names two records the importer sees.
    external_id = models.CharField(
        _("external id"),
        max_length=100,
        blank=True,
        db_index=True,
        help_text=_("Its identifier in the spreadsheet or system it came from; imports match rows by it."),
    )
    sector = models.CharField(max_length=30, choices=Sector.choices, verbose_name=_("sector"))
    level = models.CharField(max_length=10, choices=JurisdictionLevel.choices, verbose_name=_("level"))
    jurisdiction = models.ForeignKey(
        "shrhub.Jurisdiction", on_delete=models.PROTECT, related_name="stakeholders", verbose_name=_("jurisdiction")
    )
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        verbose_name=_("part of / works at"),
        help_text=_("For an organisation, the one above it; for a person, the organisation they belong to."),
    )
    mandate = models.TextField(
        _("formal mandate"),
        blank=True,
        help_text=_("Its formal role or responsibility in security and human rights, if any."),
    )
    mandate_areas = models.ManyToManyField(
        MandateArea, blank=True, related_name="stakeholders", verbose_name=_("mandate areas")
    )
    vulnerable_groups = models.ManyToManyField(
        VulnerableGroup,
        blank=True,
        related_name="stakeholders",
        verbose_name=_("vulnerable groups represented"),
    )
    description = models.TextField(blank=True, verbose_name=_("description"))
    website = models.URLField(blank=True, verbose_name=_("website"))
    relationship_owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="owned_relationships",
        help_text=_("The company staff member who keeps this relationship alive; reminders go to them."),
        verbose_name=_("relationship owner"),
    )
    contact_interval_days = models.PositiveSmallIntegerField(
        _("meet at least every (days)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(7), MaxValueValidator(730)],
        help_text=_("Leave empty to follow its influence: every 30 days at 5, 60 at 4, 120 otherwise."),
    )
    # Who can help raise the VPs with the government (2016: "Work with other stakeholders").
    vps_participant = models.BooleanField(
        _("in the Voluntary Principles"),
        null=True,
        blank=True,
        help_text=_(
            "For an embassy: whether its government participates in the VPs. For a company: whether it is a "
            "VPs member. Leave unknown for others."
        ),
    )
    # Personal data (persons only): minimised, erasable.
    email = models.EmailField(blank=True, verbose_name=_("email"))
    phone = models.CharField(max_length=40, blank=True, verbose_name=_("phone"))
    languages = models.CharField(
        max_length=200, blank=True, help_text=_("Languages spoken, comma-separated."), verbose_name=_("languages")
    )
    # The latest assessment at each confidentiality tier, kept by the assessment services. Never read them
    # directly: ``Stakeholder.objects.visible_to(user)`` offers ``seen_assessment``, the latest assessment
    # *that user* may see (see ``StakeholderQuerySet``).
    current_internal_assessment = models.ForeignKey(
        "Assessment",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
        verbose_name=_("current internal assessment"),
    )
    current_restricted_assessment = models.ForeignKey(
        "Assessment",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
        verbose_name=_("current restricted assessment"),
    )
    current_confidential_assessment = models.ForeignKey(
        "Assessment",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
        verbose_name=_("current confidential assessment"),
    )
    search_vector = search_document(("name", "A"), ("short_name", "A"), ("mandate", "B"), ("description", "C"))
    history = HistoricalRecords(
        m2m_fields=[mandate_areas, vulnerable_groups, "cleared_users"],
        excluded_fields=[*CURRENT_ASSESSMENT_FIELDS, "search_vector"],
    )
    objects = StakeholderQuerySet.as_manager()  # type: ignore[misc]  # Django lets a model replace its base's manager
    # A visible organisation may sit under a hidden one: the link shows only to those who may see the parent.
    masked_links = ("parent",)
    visibility_exempt = dict.fromkeys(
        CURRENT_ASSESSMENT_FIELDS,
        "a derived pointer, never read directly: visible_to(user) offers seen_assessment, the reader's tier",
    )
    user_references = {**ConfidentialModel.user_references, "relationship_owner": ASSIGNEE}
    restricted_fields = {
        "email": "stakeholders.view_contact_details",
        "phone": "stakeholders.view_contact_details",
        "languages": "stakeholders.view_contact_details",
    }

    class Meta:
        verbose_name = _("stakeholder")
        verbose_name_plural = _("stakeholders")
        ordering = ["name", "id"]
        permissions = [
            ("view_stance", _("Can see stance labels (champion … spoiler)")),
            ("view_contact_details", _("Can see persons' contact details")),
        ]
        indexes = [
            models.Index(fields=["sector", "level"]),
            models.Index(fields=["kind", "name"]),
            models.Index(fields=["name", "id"], name="stakeholder_name_id_idx"),
        ]
        constraints = [
            models.CheckConstraint(name="stakeholder_not_own_parent", condition=~Q(parent=F("id"))),
            models.CheckConstraint(
                name="stakeholder_contacts_only_for_persons",
                condition=Q(kind=StakeholderKind.PERSON) | (Q(email="") & Q(phone="") & Q(languages="")),
                violation_error_message=_("Only persons have contact details."),
            ),
            models.CheckConstraint(
                name="stakeholder_vps_participant_embassy_or_company",
                condition=Q(vps_participant__isnull=True) | Q(sector__in=sorted(VPS_PARTICIPANT_SECTORS)),
                violation_error_message=_("Only embassies (their government) and companies take part in the VPs."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("stakeholders:stakeholder_detail", args=[self.pk])

    @property
    def contact_interval(self) -> int:
        """Days between meetings this relationship needs (``contact_interval``). The influence read is the latest
        internal assessment's, the one every reader of the stakeholder may see, whoever asks."""
        internal = self.current_internal_assessment if self.current_internal_assessment_id else None
        return contact_interval(self.contact_interval_days, internal.influence if internal else None)

    @property
    def seen_assessment(self) -> Assessment | None:
        """The latest assessment the reader may see, where the row was read through ``visible_to(user)`` with
        ``select_related("seen_assessment")``; None otherwise (never a newer one the reader may not see)."""
        return self.__dict__.get("_seen_assessment")

    @seen_assessment.setter
    def seen_assessment(self, assessment: Assessment | None) -> None:
        self.__dict__["_seen_assessment"] = assessment

    @property
    def seen_parent(self) -> Stakeholder | None:
        """The parent organisation, if the reader (who read this row through ``visible_to``) may see it."""
        return self.parent if seen_link_id(self, "parent", None) is not None else None

    @property
    def is_person(self) -> bool:
        return self.kind == StakeholderKind.PERSON

    def clean(self) -> None:
        errors: dict[str, StrOrPromise] = {}
        if self.kind == StakeholderKind.ORGANISATION:
            for name in ("email", "phone", "languages"):
                if getattr(self, name):
                    errors[name] = _("Only persons have contact details.")
        if self.vps_participant is not None and self.sector not in VPS_PARTICIPANT_SECTORS:
            errors["vps_participant"] = _("Only embassies (their government) and companies take part in the VPs.")
        parent = self.parent if self.parent_id else None
        if parent is not None:
            if parent.kind != StakeholderKind.ORGANISATION:
                errors["parent"] = _("A stakeholder can only be part of an organisation.")
            elif self.level and LEVEL_RANK[self.level] < LEVEL_RANK[parent.level]:
                errors["parent"] = DEVOLVED_DOWNWARDS[self.level, parent.level]
            elif self.pk and self._parent_chain_contains(self.pk):
                errors["parent"] = _("That would make the organisation part of itself.")
        if errors:
            raise ValidationError(errors)

    def _parent_chain_contains(self, pk: int) -> bool:
        node, seen = self.parent, set()
        while node is not None and node.pk not in seen:
            if node.pk == pk:
                return True
            seen.add(node.pk)
            node = node.parent
        return False

    def chain(self) -> list[Stakeholder]:
        """The organisations above this one, from the top."""
        chain, node, seen = [], self.parent, set()
        while node is not None and node.pk not in seen:
            chain.append(node)
            seen.add(node.pk)
            node = node.parent
        return list(reversed(chain))


class Position(DomainModel):
    """An office inside an organisation ("Provincial Police Commander"). It outlives its holders; a key
    position with no current holder is a warning."""

    organisation = models.ForeignKey(
        Stakeholder, on_delete=models.PROTECT, related_name="positions", verbose_name=_("organisation")
    )
    title = models.CharField(max_length=200, verbose_name=_("title"))
    is_key = models.BooleanField(
        _("key position"), default=False, help_text=_("A vacancy here is flagged to managers.")
    )
    description = models.TextField(blank=True, verbose_name=_("description"))
    history = HistoricalRecords()
    hides_with = ("organisation",)  # an office of a hidden organisation is hidden with it

    class Meta:
        verbose_name = _("position")
        verbose_name_plural = _("positions")
        ordering = ["organisation__name", "title"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "title"], name="position_unique_title"),
        ]

    def __str__(self) -> str:
        return f"{self.title}, {self.organisation}"

    def get_absolute_url(self) -> str:
        return reverse("stakeholders:position_detail", args=[self.pk])

    def clean(self) -> None:
        if self.organisation_id and self.organisation.kind != StakeholderKind.ORGANISATION:
            raise ValidationError({"organisation": _("Positions belong to organisations, not persons.")})


class Tenure(DomainModel):
    """Who held a position from when to when. A position has at most one open tenure, and a position's
    tenures never overlap (the database enforces the first; the tenure services the second)."""

    position = models.ForeignKey(Position, on_delete=models.CASCADE, related_name="tenures", verbose_name=_("position"))
    holder = models.ForeignKey(Stakeholder, on_delete=models.PROTECT, related_name="tenures", verbose_name=_("holder"))
    started_on = models.DateField(verbose_name=_("started on"))
    ended_on = models.DateField(null=True, blank=True, verbose_name=_("ended on"))
    notes = models.TextField(blank=True, verbose_name=_("notes"))
    history = HistoricalRecords()
    hides_with = ("position", "holder")  # hidden with the office's organisation and with the holder

    class Meta:
        verbose_name = _("tenure")
        verbose_name_plural = _("tenures")
        ordering = ["position", "-started_on"]
        constraints = [
            models.CheckConstraint(
                name="tenure_ends_after_start",
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=F("started_on")),
                violation_error_message=_("A tenure ends on or after the day it starts."),
            ),
            models.UniqueConstraint(
                fields=["position"],
                condition=Q(ended_on__isnull=True),
                name="tenure_one_current_holder",
                violation_error_message=_("This position already has a current holder; end that tenure first."),
            ),
        ]

    def __str__(self) -> str:
        return gettext("%(holder)s as %(title)s") % {"holder": self.holder, "title": self.position.title}

    def get_absolute_url(self) -> str:
        return reverse("stakeholders:tenure_detail", args=[self.pk])

    @property
    def is_current(self) -> bool:
        return self.ended_on is None

    def clean(self) -> None:
        if self.holder_id and self.holder.kind != StakeholderKind.PERSON:
            raise ValidationError({"holder": _("A position is held by a person.")})
        if self.ended_on and self.started_on and self.ended_on < self.started_on:
            raise ValidationError({"ended_on": _("A tenure ends on or after the day it starts.")})


class MappingRound(DomainModel):
    """A periodic mapping exercise over a jurisdiction ("repeat the stakeholder mapping exercise
    regularly"), answering the catalogue's mapping questions, with a review date."""

    name = models.CharField(max_length=200, verbose_name=_("name"))
    jurisdiction = models.ForeignKey(
        "shrhub.Jurisdiction", on_delete=models.PROTECT, related_name="mapping_rounds", verbose_name=_("jurisdiction")
    )
    started_on = models.DateField(verbose_name=_("started on"))
    review_due_on = models.DateField(_("review due on"), null=True, blank=True)
    status = models.CharField(
        max_length=10, choices=RoundStatus.choices, default=RoundStatus.OPEN, verbose_name=_("status")
    )
    lead = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("lead"),
    )
    scope = models.TextField(blank=True, verbose_name=_("scope"))
    practices = models.ManyToManyField(
        "practices.Practice",
        blank=True,
        related_name="mapping_rounds",
        help_text=_("Catalogue practices this round carries out."),
        verbose_name=_("practices"),
    )
    history = HistoricalRecords(m2m_fields=[practices])
    user_references = {"lead": ASSIGNEE}

    class Meta:
        verbose_name = _("mapping round")
        verbose_name_plural = _("mapping rounds")
        ordering = ["-started_on", "-id"]
        constraints = [
            models.CheckConstraint(
                name="round_review_after_start",
                condition=Q(review_due_on__isnull=True) | Q(review_due_on__gte=F("started_on")),
                violation_error_message=_("The review date comes after the start."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("stakeholders:mappinground_detail", args=[self.pk])


class MappingAnswer(DomainModel):
    """A round's answer to one mapping question of the catalogue."""

    mapping_round = models.ForeignKey(
        MappingRound, on_delete=models.CASCADE, related_name="answers", verbose_name=_("mapping round")
    )
    question = models.ForeignKey(
        "practices.MappingQuestion", on_delete=models.PROTECT, related_name="answers", verbose_name=_("question")
    )
    answer = models.TextField(blank=True, verbose_name=_("answer"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("mapping answer")
        verbose_name_plural = _("mapping answers")
        ordering = ["mapping_round", "question__number"]
        constraints = [
            models.UniqueConstraint(fields=["mapping_round", "question"], name="answer_unique_question"),
        ]

    def __str__(self) -> str:
        return f"{self.mapping_round}: Q{self.question.number}"

    def get_absolute_url(self) -> str:
        return self.mapping_round.get_absolute_url()


class Assessment(ConfidentialModel):
    """A dated judgement of one stakeholder. History is kept; the latest (by date, then id) is current."""

    stakeholder = models.ForeignKey(
        Stakeholder, on_delete=models.CASCADE, related_name="assessments", verbose_name=_("stakeholder")
    )
    mapping_round = models.ForeignKey(
        MappingRound,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assessments",
        verbose_name=_("mapping round"),
    )
    assessed_on = models.DateField(verbose_name=_("assessed on"))
    stance = models.CharField(max_length=10, choices=Stance.choices, default=Stance.UNKNOWN, verbose_name=_("stance"))
    influence = models.PositiveSmallIntegerField(
        validators=SCORE_VALIDATORS,
        help_text=_("1 (little) to 5 (decisive) influence to foster change."),
        verbose_name=_("influence"),
    )
    interest = models.PositiveSmallIntegerField(
        validators=SCORE_VALIDATORS,
        help_text=_("1 (none) to 5 (central) interest in security and human rights."),
        verbose_name=_("interest"),
    )
    economic_agenda = models.TextField(blank=True, verbose_name=_("economic agenda"))
    social_agenda = models.TextField(blank=True, verbose_name=_("social agenda"))
    formal_role = models.TextField(
        _("formal role"),
        blank=True,
        help_text=_("Its formal role or responsibility under the legal/policy framework."),
    )
    vulnerable_groups = models.ManyToManyField(
        VulnerableGroup,
        blank=True,
        related_name="assessments",
        verbose_name=_("vulnerable groups it represents"),
    )
    sources = models.ManyToManyField(
        InformationSource,
        related_name="assessments",
        help_text=_("What the judgement rests on."),
        verbose_name=_("sources"),
    )
    confidence = models.CharField(
        max_length=10, choices=Confidence.choices, default=Confidence.MEDIUM, verbose_name=_("confidence")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assessments",
        verbose_name=_("author"),
    )
    review_due_on = models.DateField(_("review due on"), null=True, blank=True)
    notes = models.TextField(blank=True, verbose_name=_("notes"))
    search_vector = search_document(
        ("formal_role", "B"), ("economic_agenda", "C"), ("social_agenda", "C"), ("notes", "C")
    )
    history = HistoricalRecords(
        m2m_fields=[vulnerable_groups, sources, "cleared_users"], excluded_fields=["search_vector"]
    )
    restricted_fields = {"stance": "stakeholders.view_stance"}

    class Meta:
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")
        ordering = ["-assessed_on", "-id"]
        indexes = [
            models.Index(fields=["stakeholder", "-assessed_on", "-id"]),
            models.Index(fields=["-assessed_on", "-id"], name="assessment_assessed_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                name="assessment_influence_1_5",
                condition=Q(influence__gte=1, influence__lte=5),
                violation_error_message=_("Influence is from 1 to 5."),
            ),
            models.CheckConstraint(
                name="assessment_interest_1_5",
                condition=Q(interest__gte=1, interest__lte=5),
                violation_error_message=_("Interest is from 1 to 5."),
            ),
            models.CheckConstraint(
                name="assessment_review_after_assessed",
                condition=Q(review_due_on__isnull=True) | Q(review_due_on__gte=F("assessed_on")),
                violation_error_message=_("The review date comes after the assessment."),
            ),
        ]

    def __str__(self) -> str:
        return gettext("Assessment of %(stakeholder)s on %(date)s") % {
            "stakeholder": self.stakeholder,
            "date": f"{self.assessed_on:%Y-%m-%d}",
        }

    hides_with = ("stakeholder",)

    def get_absolute_url(self) -> str:
        return reverse("stakeholders:assessment_detail", args=[self.pk])


class Relationship(ConfidentialModel):
    """A directed, typed edge between two stakeholders for the network view; never a self-loop."""

    source = models.ForeignKey(
        Stakeholder, on_delete=models.CASCADE, related_name="relationships_out", verbose_name=_("source")
    )
    target = models.ForeignKey(
        Stakeholder, on_delete=models.CASCADE, related_name="relationships_in", verbose_name=_("target")
    )
    kind = models.CharField(max_length=20, choices=RelationshipKind.choices, verbose_name=_("kind"))
    notes = models.TextField(blank=True, verbose_name=_("notes"))
    history = HistoricalRecords(m2m_fields=["cleared_users"])

    class Meta:
        verbose_name = _("relationship")
        verbose_name_plural = _("relationships")
        ordering = ["source__name", "kind", "target__name"]
        constraints = [
            models.CheckConstraint(
                name="relationship_not_self",
                condition=~Q(source=F("target")),
                violation_error_message=_("A stakeholder cannot have a relationship with itself."),
            ),
            models.UniqueConstraint(
                fields=["source", "target", "kind"],
                name="relationship_unique_edge",
                violation_error_message=_("This relationship is already recorded."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.source} {self.get_kind_display().lower()} {self.target}"

    hides_with = ("source", "target")  # hidden whenever either end is

    def get_absolute_url(self) -> str:
        return reverse("stakeholders:relationship_detail", args=[self.pk])


class Engagement(ConfidentialModel):
    """A logged contact with one or more stakeholders: when, how, who took part, about what, with what
    outcome and which follow-ups. Tagged with the catalogue practices it carries out."""

    occurred_on = models.DateField(verbose_name=_("occurred on"))
    kind = models.CharField(max_length=30, choices=EngagementKind.choices, verbose_name=_("kind"))
    title = models.CharField(max_length=200, verbose_name=_("title"))
    jurisdiction = models.ForeignKey(
        "shrhub.Jurisdiction", on_delete=models.PROTECT, related_name="engagements", verbose_name=_("jurisdiction")
    )
    stakeholders = models.ManyToManyField(Stakeholder, related_name="engagements", verbose_name=_("stakeholders"))
    company_participants = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="engagements", verbose_name=_("company participants")
    )
    topics = models.CharField(
        max_length=300, blank=True, help_text=_("Comma-separated topics discussed."), verbose_name=_("topics")
    )
    summary = models.TextField(blank=True, verbose_name=_("summary"))
    outcome = models.TextField(blank=True, verbose_name=_("outcome"))
    follow_ups = models.TextField(_("follow-ups"), blank=True)
    follow_up_due_on = models.DateField(_("follow-up due on"), null=True, blank=True)
    practices = models.ManyToManyField(
        "practices.Practice",
        blank=True,
        related_name="engagements",
        help_text=_("Catalogue practices this engagement carries out."),
        verbose_name=_("practices"),
    )
    search_vector = search_document(
        ("title", "A"), ("topics", "B"), ("summary", "C"), ("outcome", "C"), ("follow_ups", "C")
    )
    # An engagement with a hidden participant stays visible; the participant is named only to those who may see it.
    masked_links = ("stakeholders",)
    history = HistoricalRecords(
        m2m_fields=[stakeholders, company_participants, practices, "cleared_users"], excluded_fields=["search_vector"]
    )
    user_references = {**ConfidentialModel.user_references, "company_participants": ASSIGNEE}

    class Meta:
        verbose_name = _("engagement")
        verbose_name_plural = _("engagements")
        ordering = ["-occurred_on", "-id"]
        indexes = [models.Index(fields=["-occurred_on", "-id"])]
        constraints = [
            models.CheckConstraint(
                name="engagement_follow_up_after",
                condition=Q(follow_up_due_on__isnull=True) | Q(follow_up_due_on__gte=F("occurred_on")),
                violation_error_message=_("Follow-ups fall due after the engagement."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.occurred_on:%Y-%m-%d})"

    def get_absolute_url(self) -> str:
        return reverse("stakeholders:engagement_detail", args=[self.pk])
