"""The good-practice catalogue (reference data loaded from ``practices/data/catalogue.yaml``) and adoptions.

The catalogue imports no other app: what uses a practice (engagements, mapping rounds, meetings) points
at it, so an adoption's evidence is found through those reverse relations.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from shrhub import clock
from shrhub.models import ASSIGNEE, DomainModel, VisibleQuerySet

from .choices import CLOSED_STATUSES, AdoptionStatus, PracticeKind


class CatalogueModel(models.Model):
    """Catalogue rows: keyed by a stable ``key`` from the data file so that reloads update in place."""

    key = models.SlugField(max_length=120, unique=True, verbose_name=_("key"))
    updated_at = models.DateTimeField(auto_now=True, db_index=True, verbose_name=_("updated at"))
    withdrawn = models.BooleanField(
        default=False,
        help_text=_("No longer in the data file; kept only because other records still refer to it."),
        verbose_name=_("withdrawn"),
    )

    objects = VisibleQuerySet.as_manager()

    class Meta:
        abstract = True


class Edition(CatalogueModel):
    """One published text of the toolkit: the 2016 third edition, or the Hub edition as it stands now."""

    title = models.CharField(max_length=300, verbose_name=_("title"))
    short_title = models.CharField(max_length=80, verbose_name=_("short title"))
    year = models.PositiveSmallIntegerField(null=True, blank=True, verbose_name=_("year"))
    publisher = models.CharField(max_length=200, blank=True, verbose_name=_("publisher"))
    url = models.URLField(blank=True, verbose_name=_("url"))
    description = models.TextField(blank=True, verbose_name=_("description"))
    order = models.PositiveSmallIntegerField(default=0, verbose_name=_("order"))

    class Meta:
        verbose_name = _("edition")
        verbose_name_plural = _("editions")
        ordering = ["order"]

    def __str__(self) -> str:
        return self.short_title


class Section(CatalogueModel):
    """A chapter's section in one edition ("Working with Host Governments", "1.1 Engagement and Coordination")."""

    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="sections", verbose_name=_("edition"))
    chapter = models.CharField(max_length=200, verbose_name=_("chapter"))
    number = models.CharField(max_length=20, blank=True, verbose_name=_("number"))
    title = models.CharField(max_length=300, verbose_name=_("title"))

    class Meta:
        verbose_name = _("section")
        verbose_name_plural = _("sections")
        ordering = ["edition__order", "number"]

    def __str__(self) -> str:
        return f"{self.number} {self.title}".strip()


class Challenge(CatalogueModel):
    """A challenge of section 1.1 in one edition. ``code`` is 1.1.a (2016) or A (Hub); ``ref`` is the
    2016 code both share, so the two editions' texts of one challenge can be shown side by side.

    The 2016 text states each challenge as a problem with no title; the Hub gives a title and no separate
    problem statement, so either may be blank (never both: the loader checks it)."""

    section = models.ForeignKey(Section, on_delete=models.CASCADE, related_name="challenges", verbose_name=_("section"))
    code = models.CharField(max_length=20, verbose_name=_("code"))
    ref = models.CharField(
        max_length=20, db_index=True, help_text=_("The 2016 code this challenge maps to."), verbose_name=_("ref")
    )
    title = models.CharField(max_length=300, blank=True, verbose_name=_("title"))
    problem = models.TextField(blank=True, verbose_name=_("problem"))
    order = models.PositiveSmallIntegerField(default=0, verbose_name=_("order"))

    class Meta:
        verbose_name = _("challenge")
        verbose_name_plural = _("challenges")
        ordering = ["section__edition__order", "order"]
        constraints = [models.UniqueConstraint(fields=["section", "code"], name="challenge_unique_code")]

    def __str__(self) -> str:
        return f"{self.code} {self.title}".strip() if self.title else self.code

    def get_absolute_url(self) -> str:
        return reverse("practices:challenge_detail", args=[self.ref])

    @property
    def statement(self) -> str:
        """What the challenge is, in the edition's own words: the problem, else the title."""
        return self.problem or self.title


class Reference(CatalogueModel):
    """A source the toolkit cites by short form (``IGTs``); ``title`` only where known for certain."""

    short_form = models.CharField(max_length=80, unique=True, verbose_name=_("short form"))
    title = models.CharField(max_length=300, blank=True, verbose_name=_("title"))
    notes = models.TextField(blank=True, verbose_name=_("notes"))

    class Meta:
        verbose_name = _("reference")
        verbose_name_plural = _("references")
        ordering = ["short_form"]

    def __str__(self) -> str:
        return self.short_form

    def get_absolute_url(self) -> str:
        return reverse("practices:reference_detail", args=[self.key])


class Practice(CatalogueModel):
    """A catalogue item under a challenge: a good-practice heading with its text and ordered steps, a
    practical tool, a key resource or a case study."""

    challenge = models.ForeignKey(
        Challenge, on_delete=models.CASCADE, related_name="practices", verbose_name=_("challenge")
    )
    kind = models.CharField(max_length=20, choices=PracticeKind.choices, verbose_name=_("kind"))
    group_heading = models.CharField(
        max_length=200,
        blank=True,
        help_text=_(
            "The heading of the block the item is printed under (Good Practices, Practical Tools, "
            "Key Resource…), as printed."
        ),
        verbose_name=_("group heading"),
    )
    heading = models.CharField(max_length=500, blank=True, verbose_name=_("heading"))
    text = models.TextField(blank=True, verbose_name=_("text"))
    order = models.PositiveSmallIntegerField(default=0, verbose_name=_("order"))
    source = models.CharField(
        max_length=300, help_text=_("Where the text comes from (edition and section)."), verbose_name=_("source")
    )
    search_document = models.TextField(blank=True, editable=False, verbose_name=_("search document"))
    label = models.CharField(
        max_length=200,
        blank=True,
        editable=False,
        help_text=_(
            "How lists name the item: its heading, or for an item printed without one, its block "
            "heading and the start of its first step (set by the loader)."
        ),
        verbose_name=_("label"),
    )

    class Meta:
        verbose_name = _("practice")
        verbose_name_plural = _("practices")
        ordering = ["challenge__section__edition__order", "challenge__order", "order"]
        constraints = [models.UniqueConstraint(fields=["challenge", "order"], name="practice_unique_order")]

    def __str__(self) -> str:
        return self.label or self.heading or self.group_heading or self.key

    def get_absolute_url(self) -> str:
        return reverse("practices:practice_detail", args=[self.key])


class Step(models.Model):
    """One ordered step (bullet) under a practice, in the words of the source. ``key`` is stable within
    its practice; ``depth`` 1 marks an item the source prints as continuing the one before it."""

    practice = models.ForeignKey(Practice, on_delete=models.CASCADE, related_name="steps", verbose_name=_("practice"))
    key = models.SlugField(max_length=120, verbose_name=_("key"))
    order = models.PositiveSmallIntegerField(verbose_name=_("order"))
    depth = models.PositiveSmallIntegerField(default=0, verbose_name=_("depth"))
    text = models.TextField(verbose_name=_("text"))

    class Meta:
        verbose_name = _("step")
        verbose_name_plural = _("steps")
        ordering = ["practice", "order"]
        constraints = [
            models.UniqueConstraint(fields=["practice", "order"], name="step_unique_order"),
            models.UniqueConstraint(fields=["practice", "key"], name="step_unique_key"),
        ]

    def __str__(self) -> str:
        return self.text[:80]


def translated_languages() -> list[tuple[str, str]]:
    """The product's languages other than the catalogue's own (English)."""
    return [(code, name) for code, name in settings.LANGUAGES if code != "en"]


class PracticeTranslation(models.Model):
    """A practice in another language, as an official edition of the toolkit prints it, loaded from the catalogue
    file with its source named (``translations:`` under the practice). SHR Hub ships none and never translates
    the toolkit itself: without one, pages show the English edition and say so."""

    practice = models.ForeignKey(
        Practice, on_delete=models.CASCADE, related_name="translations", verbose_name=_("practice")
    )
    language = models.CharField(max_length=8, choices=translated_languages, verbose_name=_("language"))
    heading = models.CharField(max_length=500, blank=True, verbose_name=_("heading"))
    text = models.TextField(blank=True, verbose_name=_("text"))
    steps = models.JSONField(
        default=dict, blank=True, help_text="Step key → the step's text in this language.", verbose_name=_("steps")
    )
    source = models.CharField(
        max_length=300, help_text="The edition and section the translation comes from.", verbose_name=_("source")
    )

    class Meta:
        verbose_name = _("practice translation")
        verbose_name_plural = _("practice translations")
        ordering = ["practice", "language"]
        constraints = [
            models.UniqueConstraint(fields=["practice", "language"], name="practicetranslation_one_per_language"),
            models.CheckConstraint(name="practicetranslation_names_its_source", condition=~models.Q(source="")),
        ]

    def __str__(self) -> str:
        return f"{self.practice} ({self.language})"

    def step_text(self, step: Step) -> str:
        """The step in this language (the English text where the edition lacks it)."""
        return self.steps.get(step.key) or step.text


class Citation(models.Model):
    """A source citation as printed (``IGTs: 21``): a reference plus a locator, on a practice or a step."""

    practice = models.ForeignKey(
        Practice, on_delete=models.CASCADE, related_name="citations", verbose_name=_("practice")
    )
    step = models.ForeignKey(
        Step, null=True, blank=True, on_delete=models.CASCADE, related_name="citations", verbose_name=_("step")
    )
    reference = models.ForeignKey(
        Reference, on_delete=models.PROTECT, related_name="citations", verbose_name=_("reference")
    )
    locator = models.CharField(max_length=40, blank=True, verbose_name=_("locator"))

    class Meta:
        verbose_name = _("citation")
        verbose_name_plural = _("citations")
        ordering = ["practice", "id"]

    def __str__(self) -> str:
        return f"{self.reference.short_form}: {self.locator}" if self.locator else self.reference.short_form


class Method(CatalogueModel):
    """An analytical method the toolkit names: PESTLES, or the stakeholder-mapping questions."""

    challenge = models.ForeignKey(
        Challenge, on_delete=models.CASCADE, related_name="methods", verbose_name=_("challenge")
    )
    practice = models.ForeignKey(
        Practice,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="methods",
        help_text=_("The practice the method is printed under."),
        verbose_name=_("practice"),
    )
    name = models.CharField(max_length=200, verbose_name=_("name"))
    description = models.TextField(blank=True, verbose_name=_("description"))
    source = models.CharField(max_length=300, verbose_name=_("source"))

    class Meta:
        verbose_name = _("method")
        verbose_name_plural = _("methods")
        ordering = ["challenge", "name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("practices:method_detail", args=[self.key])


class MappingQuestion(models.Model):
    """One of the stakeholder-mapping questions of a method, in order. Mapping rounds answer them; a
    question that rounds have answered is never deleted by a reload, only withdrawn."""

    method = models.ForeignKey(Method, on_delete=models.CASCADE, related_name="questions", verbose_name=_("method"))
    key = models.SlugField(max_length=120, unique=True, verbose_name=_("key"))
    number = models.PositiveSmallIntegerField(verbose_name=_("number"))
    text = models.TextField(verbose_name=_("text"))
    asked_in_rounds = models.BooleanField(
        default=False,
        help_text=_("The questions every mapping round answers (one edition's list)."),
        verbose_name=_("asked in rounds"),
    )
    withdrawn = models.BooleanField(
        default=False, help_text=_("No longer in the data file; kept for its answers."), verbose_name=_("withdrawn")
    )

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = _("mapping question")
        verbose_name_plural = _("mapping questions")
        ordering = ["method", "number"]
        constraints = [models.UniqueConstraint(fields=["method", "number"], name="question_unique_number")]

    def __str__(self) -> str:
        return f"{self.number}. {self.text}"


class Adoption(DomainModel):
    """A practice taken up for a jurisdiction. ``not applicable`` needs a reason (database and ``clean()``);
    one adoption per practice and jurisdiction. Its evidence is what points at the practice in that
    jurisdiction's subtree (engagements, mapping rounds, meetings), read by ``selectors.adoption_evidence``."""

    practice = models.ForeignKey(
        Practice, on_delete=models.PROTECT, related_name="adoptions", verbose_name=_("practice")
    )
    jurisdiction = models.ForeignKey(
        "shrhub.Jurisdiction", on_delete=models.PROTECT, related_name="adoptions", verbose_name=_("jurisdiction")
    )
    status = models.CharField(
        max_length=20, choices=AdoptionStatus.choices, default=AdoptionStatus.NOT_STARTED, verbose_name=_("status")
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="adoptions",
        help_text=_("Who sees to it that the practice is carried out."),
        verbose_name=_("owner"),
    )
    target_date = models.DateField(
        null=True, blank=True, help_text=_("When it should be implemented."), verbose_name=_("target date")
    )
    not_applicable_reason = models.TextField(
        _("why not applicable"), blank=True, help_text=_("Required when the status is “not applicable”.")
    )
    notes = models.TextField(blank=True, verbose_name=_("notes"))
    last_reviewed_on = models.DateField(_("last reviewed on"), null=True, blank=True)
    history = HistoricalRecords()
    user_references = {"owner": ASSIGNEE}

    class Meta:
        verbose_name = _("adoption")
        verbose_name_plural = _("adoptions")
        ordering = [
            "practice__challenge__section__edition__order",
            "practice__challenge__order",
            "practice__order",
            "jurisdiction__name",
            "id",
        ]
        indexes = [models.Index(fields=["status", "target_date"])]
        constraints = [
            models.UniqueConstraint(
                fields=["practice", "jurisdiction"],
                name="adoption_unique_practice_jurisdiction",
                violation_error_message=_("This practice already has an adoption for this jurisdiction."),
            ),
            models.CheckConstraint(
                name="adoption_not_applicable_has_reason",
                condition=~models.Q(status=AdoptionStatus.NOT_APPLICABLE) | ~models.Q(not_applicable_reason=""),
                violation_error_message=_("Say why the practice is not applicable."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.practice} — {self.jurisdiction}"

    def get_absolute_url(self) -> str:
        return reverse("practices:adoption_detail", args=[self.pk])

    def clean(self) -> None:
        errors = {}
        if self.status == AdoptionStatus.NOT_APPLICABLE and not self.not_applicable_reason.strip():
            errors["not_applicable_reason"] = _("Say why the practice is not applicable.")
        if self.last_reviewed_on and self.last_reviewed_on > clock.today():
            errors["last_reviewed_on"] = _("A review date cannot be in the future.")
        if errors:
            raise ValidationError(errors)

    @property
    def is_open(self) -> bool:
        """Still to be done: neither implemented nor set aside as not applicable."""
        return self.status not in CLOSED_STATUSES

    def is_overdue(self, today: datetime.date | None = None) -> bool:
        """Its target date has passed and it is still open."""
        today = today or clock.today()
        return self.is_open and self.target_date is not None and self.target_date < today
