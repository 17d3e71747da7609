"""Reads of the catalogue and of adoptions: every read starts from ``visible_to(user)`` and loads what its
page or endpoint shows, so lists cost a fixed number of queries however many rows they hold.

What refers to a practice from other apps (engagements, mapping rounds, later meetings) is found through
the reverse relations on ``Practice``; this app never imports them.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, cast

from django.conf import settings
from django.core.exceptions import FieldDoesNotExist
from django.db.models import Count, Model, Prefetch, Q, QuerySet
from django.db.models.fields.reverse_related import ForeignObjectRel
from django.utils.translation import gettext

from shrhub import clock
from shrhub.models import Jurisdiction
from shrhub.types import AnyUser

from .choices import CLOSED_STATUSES, AdoptionStatus, PracticeKind, kind_count
from .models import (
    Adoption,
    Challenge,
    Citation,
    Edition,
    MappingQuestion,
    Method,
    Practice,
    PracticeTranslation,
    Reference,
    Section,
    Step,
)

EVIDENCE_LIMIT = 20

# Catalogue ------------------------------------------------------------------------------------------------


def edition_list(*, user: AnyUser) -> QuerySet[Edition]:
    """Editions with their sections."""
    return Edition.objects.visible_to(user).prefetch_related(
        Prefetch("sections", queryset=Section.objects.order_by("number", "id"))
    )


def challenge_list(*, user: AnyUser) -> QuerySet[Challenge]:
    """Challenges of every edition, with their section and edition."""
    return Challenge.objects.visible_to(user).select_related("section__edition")


def practice_list(*, user: AnyUser | None, include_withdrawn: bool = True) -> QuerySet[Practice]:
    """Catalogue items with their challenge, section and edition, and the references they cite."""
    queryset = (
        Practice.objects.visible_to(user)
        .select_related("challenge__section__edition")
        .prefetch_related(
            Prefetch("citations", queryset=Citation.objects.select_related("reference").order_by("step__order", "id"))
        )
    )
    return queryset if include_withdrawn else queryset.filter(withdrawn=False)


def current_practice_list(*, user: AnyUser | None) -> QuerySet[Practice]:
    """What the catalogue offers today (items withdrawn from the data file are left out)."""
    return practice_list(user=user, include_withdrawn=False)


def practice_detail(*, user: AnyUser) -> QuerySet[Practice]:
    """A practice with its steps and each step's citations, its own citations and its methods."""
    step_citations = Citation.objects.select_related("reference").order_by("id")
    return (
        Practice.objects.visible_to(user)
        .select_related("challenge__section__edition")
        .prefetch_related(
            Prefetch(
                "steps",
                queryset=Step.objects.order_by("order").prefetch_related(
                    Prefetch("citations", queryset=step_citations)
                ),
            ),
            Prefetch(
                "citations",
                queryset=Citation.objects.filter(step__isnull=True).select_related("reference"),
                to_attr="own_citations",
            ),
            Prefetch("methods", queryset=Method.objects.filter(withdrawn=False)),
        )
    )


def challenge_columns(*, user: AnyUser, ref: str) -> list[Challenge]:
    """The challenge ``ref`` (e.g. ``1.1.a``) in every edition, oldest edition first, each with its current
    practices (steps and citations loaded) and methods (questions loaded): the side-by-side view."""
    steps = Step.objects.order_by("order").prefetch_related(
        Prefetch("citations", queryset=Citation.objects.select_related("reference").order_by("id"))
    )
    practices = Practice.objects.visible_to(user).filter(withdrawn=False).prefetch_related(Prefetch("steps", steps))
    methods = (
        Method.objects.visible_to(user)
        .filter(withdrawn=False)
        .select_related("practice")
        .prefetch_related(Prefetch("questions", MappingQuestion.objects.filter(withdrawn=False).order_by("number")))
    )
    return list(
        challenge_list(user=user)
        .filter(ref=ref, withdrawn=False)
        .order_by("section__edition__order", "order")
        .prefetch_related(
            Prefetch("practices", queryset=practices.order_by("order")), Prefetch("methods", queryset=methods)
        )
    )


@dataclass
class ChallengeRow:
    """One challenge across editions for the catalogue home: its ref and each edition's version."""

    ref: str
    challenges: list[Challenge] = field(default_factory=list)
    kinds: dict[str, int] = field(default_factory=dict)  # kind → number of current items

    @property
    def total(self) -> int:
        return sum(self.kinds.values())

    @property
    def summary(self) -> str:
        """``7 good practices · 1 practical tool · 1 key resource``."""
        return " · ".join(kind_count(kind, n) for kind, n in self.kinds.items())

    @property
    def codes(self) -> str:
        return " / ".join(c.code for c in self.challenges)


def catalogue_overview(*, user: AnyUser) -> list[ChallengeRow]:
    """Each challenge ref with its version in every edition and its practice count per kind."""
    rows: dict[str, ChallengeRow] = {}
    for challenge in challenge_list(user=user).filter(withdrawn=False).order_by("order", "section__edition__order"):
        rows.setdefault(challenge.ref, ChallengeRow(challenge.ref)).challenges.append(challenge)
    counts = (
        Practice.objects.visible_to(user)
        .filter(withdrawn=False)
        .values_list("challenge__ref", "kind")
        .annotate(n=Count("id"))
        .order_by()
    )
    found: dict[str, dict[str, int]] = defaultdict(dict)
    for ref, kind, n in counts:
        found[ref][kind] = found[ref].get(kind, 0) + n
    for ref, row in rows.items():
        row.kinds = {kind: found[ref][kind] for kind in PracticeKind.values if found[ref].get(kind)}
    return sorted(rows.values(), key=lambda row: row.ref)


def reference_list(*, user: AnyUser) -> QuerySet[Reference]:
    """References with how often, and by how many practices, they are cited."""
    return (
        Reference.objects.visible_to(user)
        .annotate(
            citation_count=Count("citations", distinct=True),
            practice_count=Count("citations__practice", distinct=True),
        )
        .order_by("short_form")
    )


def reference_detail(*, user: AnyUser) -> QuerySet[Reference]:
    """A reference with every citation of it and the practice and step that carry it."""
    citations = Citation.objects.select_related("practice__challenge__section__edition", "step").order_by(
        "practice__challenge__section__edition__order", "practice__challenge__order", "practice__order", "step__order"
    )
    return reference_list(user=user).prefetch_related(Prefetch("citations", queryset=citations))


def method_list(*, user: AnyUser) -> QuerySet[Method]:
    """Methods with their challenge, the practice they are printed under and their questions."""
    return (
        Method.objects.visible_to(user)
        .select_related("challenge__section__edition", "practice")
        .prefetch_related(Prefetch("questions", queryset=MappingQuestion.objects.order_by("number")))
        .order_by("challenge__section__edition__order", "challenge__order", "key")
    )


def question_list(*, user: AnyUser) -> QuerySet[MappingQuestion]:
    """Mapping questions of every method, with their method."""
    return (
        MappingQuestion.objects.visible_to(user).select_related("method__challenge").order_by("method__key", "number")
    )


def round_questions() -> QuerySet[MappingQuestion]:
    """The questions every mapping round answers (the 2016 edition's six), in their printed order."""
    return (
        MappingQuestion.objects.filter(asked_in_rounds=True, withdrawn=False)
        .select_related("method")
        .order_by("method__key", "number")
    )


# What refers to a practice ----------------------------------------------------------------------------------


@dataclass
class Evidence:
    """One record that points at a practice, with the jurisdiction it belongs to (if it has one)."""

    record: Model
    jurisdiction: Jurisdiction | None

    @property
    def pk(self) -> Any:
        return self.record.pk


@dataclass
class EvidenceGroup:
    """Records of one kind (e.g. engagements) that point at a practice, newest first."""

    label: str
    model: type[Model]
    total: int
    items: list[Evidence]

    @property
    def date_field(self) -> str | None:
        return _date_field(self.model)


def evidence_relations() -> list[ForeignObjectRel]:
    """Relations from other apps that point at ``Practice`` (engagements, mapping rounds, meetings …)."""
    own = Practice._meta.app_label
    return [rel for rel in Practice._meta.related_objects if rel.related_model._meta.app_label != own]


def _date_field(model: type[Model]) -> str | None:
    """The date a record is listed by: the first field of its default ordering, if it is a date."""
    for name in model._meta.ordering or ():
        name = str(name).lstrip("-")
        try:
            field_ = model._meta.get_field(name)
        except FieldDoesNotExist:
            continue
        if field_.get_internal_type() in {"DateField", "DateTimeField"}:
            return name
    return None


def _jurisdiction_lookup(model: type[Model]) -> str | None:
    """How a referring model reaches its jurisdiction: ``evidence_jurisdiction_lookup`` on the model if set;
    else its own ``jurisdiction`` field; else through the first foreign key whose target has one (a meeting
    reaches it through its working group)."""
    lookup = getattr(model, "evidence_jurisdiction_lookup", None)
    if lookup:
        return lookup
    if _has_jurisdiction(model):
        return "jurisdiction"
    for field_ in model._meta.concrete_fields:
        target = field_.related_model if field_.many_to_one else None
        if target is not None and target is not Jurisdiction and _has_jurisdiction(target):
            return f"{field_.name}__jurisdiction"
    return None


def _has_jurisdiction(model: type[Model]) -> bool:
    try:
        field_ = model._meta.get_field("jurisdiction")
    except FieldDoesNotExist:
        return False
    return bool(field_.many_to_one) and field_.related_model is Jurisdiction


def practice_evidence(
    *, practice: Practice, user: AnyUser, jurisdiction_ids: list[int] | None = None, limit: int = EVIDENCE_LIMIT
) -> list[EvidenceGroup]:
    """What points at ``practice`` that the user may see, per kind, optionally only within jurisdictions.

    A kind the user may not view is left out; with ``jurisdiction_ids``, a kind that has no jurisdiction
    is left out too (it cannot be evidence for one place)."""
    groups = []
    for relation in evidence_relations():
        model = relation.related_model
        opts = model._meta
        if not user.has_perm(f"{opts.app_label}.view_{opts.model_name}"):
            continue
        manager = model._default_manager
        queryset = manager.visible_to(user) if hasattr(manager, "visible_to") else manager.none()
        queryset = queryset.filter(**{relation.field.name: practice})
        lookup = _jurisdiction_lookup(model)
        if jurisdiction_ids is not None:
            if lookup is None:
                continue
            queryset = queryset.filter(**{f"{lookup}__in": jurisdiction_ids})
        if lookup is not None:
            queryset = queryset.select_related(lookup)
        total = queryset.count()
        items = list(queryset[:limit]) if total else []
        groups.append(
            EvidenceGroup(
                label=str(opts.verbose_name_plural).capitalize(),
                model=model,
                total=total,
                items=[Evidence(item, _follow(item, lookup) if lookup else None) for item in items],
            )
        )
    return groups


def _follow(item: Model, lookup: str) -> Any:
    value: Any = item
    for part in lookup.split("__"):
        value = getattr(value, part, None)
        if value is None:
            return None
    return value


def adoption_evidence(*, adoption: Adoption, user: AnyUser, limit: int = EVIDENCE_LIMIT) -> list[EvidenceGroup]:
    """Records tagged with the adoption's practice in its jurisdiction or anywhere under it."""
    return practice_evidence(
        practice=adoption.practice, user=user, jurisdiction_ids=adoption.jurisdiction.descendant_ids(), limit=limit
    )


# Adoptions ------------------------------------------------------------------------------------------------


def adoption_list(*, user: AnyUser) -> QuerySet[Adoption]:
    """Adoptions the user may see, with practice, challenge, edition, jurisdiction and owner loaded."""
    return Adoption.objects.visible_to(user).select_related(
        "practice__challenge__section__edition", "jurisdiction__parent", "owner"
    )


def review_cutoff(today: datetime.date | None = None, months: int | None = None) -> datetime.date:
    """Adoptions last reviewed (or, never reviewed, created) before this date are due for review."""
    today = today or clock.today()
    return clock.months_before(today, settings.SHRHUB_REVIEW_MONTHS if months is None else months)


def open_q() -> Q:
    """Adoptions that still need work (not implemented, not set aside)."""
    return ~Q(status__in=CLOSED_STATUSES)


def overdue_q(today: datetime.date | None = None) -> Q:
    """Open adoptions whose target date has passed."""
    return open_q() & Q(target_date__lt=today or clock.today())


def unowned_q() -> Q:
    """Open adoptions nobody owns."""
    return open_q() & Q(owner__isnull=True)


def needs_review_q(cutoff: datetime.date | None = None) -> Q:
    """Adoptions not reviewed since ``cutoff``: last review before it, or never reviewed and older."""
    cutoff = cutoff or review_cutoff()
    return Q(last_reviewed_on__lt=cutoff) | Q(last_reviewed_on__isnull=True, created_at__date__lt=cutoff)


@dataclass
class ProgressRow:
    """Adoption counts for one challenge (all editions' practices for that challenge ref)."""

    ref: str
    codes: str
    catalogue: int = 0
    adopted_practices: int = 0
    adoptions: int = 0
    by_status: dict[str, int] = field(default_factory=dict)
    overdue: int = 0
    unowned: int = 0
    needs_review: int = 0

    def status(self, status: str) -> int:
        return self.by_status.get(status, 0)

    @property
    def implemented(self) -> int:
        return self.status(AdoptionStatus.IMPLEMENTED)

    @property
    def in_progress(self) -> int:
        return self.status(AdoptionStatus.IN_PROGRESS)


@dataclass
class Progress:
    """Where a jurisdiction (with everything under it) stands with the catalogue."""

    jurisdiction: Jurisdiction
    today: datetime.date
    cutoff: datetime.date
    review_months: int
    rows: list[ProgressRow]
    total: ProgressRow
    overdue: list[Adoption]
    unowned: list[Adoption]
    needs_review: list[Adoption]


def _status_counts() -> dict[str, Any]:
    return {f"n_{status}": Count("id", filter=Q(status=status)) for status in AdoptionStatus.values}


def progress(*, user: AnyUser, jurisdiction: Jurisdiction, today: datetime.date | None = None) -> Progress:
    """Per challenge: practices in the catalogue and taken up here, adoptions by status, overdue, unowned and
    due for review, over the jurisdiction and everything under it; plus the adoptions behind the warnings."""
    today = today or clock.today()
    cutoff = review_cutoff(today)
    adoptions = adoption_list(user=user).filter(jurisdiction_id__in=jurisdiction.descendant_ids())
    rows: dict[str, ProgressRow] = {}
    for overview in catalogue_overview(user=user):
        rows[overview.ref] = ProgressRow(ref=overview.ref, codes=overview.codes, catalogue=overview.total)
    counts = (
        adoptions.values("practice__challenge__ref")
        .annotate(
            adoptions=Count("id"),
            adopted_practices=Count("practice", distinct=True),
            overdue=Count("id", filter=overdue_q(today)),
            unowned=Count("id", filter=unowned_q()),
            needs_review=Count("id", filter=needs_review_q(cutoff)),
            **_status_counts(),
        )
        .order_by()
    )
    # The status counts' names are built at run time (``_status_counts``), beyond what the stubs can follow.
    for data in cast(Iterable[Mapping[str, Any]], counts):
        ref = data["practice__challenge__ref"]
        row = rows.setdefault(ref, ProgressRow(ref=ref, codes=ref))
        row.adoptions = data["adoptions"]
        row.adopted_practices = data["adopted_practices"]
        row.overdue, row.unowned, row.needs_review = data["overdue"], data["unowned"], data["needs_review"]
        row.by_status = {status: data[f"n_{status}"] for status in AdoptionStatus.values}
    ordered = sorted(rows.values(), key=lambda r: r.ref)
    total = ProgressRow(ref="", codes=gettext("All challenges"))
    for row in ordered:
        total.catalogue += row.catalogue
        total.adopted_practices += row.adopted_practices
        total.adoptions += row.adoptions
        total.overdue += row.overdue
        total.unowned += row.unowned
        total.needs_review += row.needs_review
        for status, n in row.by_status.items():
            total.by_status[status] = total.by_status.get(status, 0) + n
    return Progress(
        jurisdiction=jurisdiction,
        today=today,
        cutoff=cutoff,
        review_months=settings.SHRHUB_REVIEW_MONTHS,
        rows=ordered,
        total=total,
        overdue=list(adoptions.filter(overdue_q(today)).order_by("target_date", "id")),
        unowned=list(adoptions.filter(unowned_q())),
        needs_review=list(adoptions.filter(needs_review_q(cutoff)).order_by("last_reviewed_on", "id")),
    )


@dataclass
class JurisdictionProgress:
    """One line of the progress index: a jurisdiction and the adoptions in it and under it."""

    jurisdiction: Jurisdiction
    depth: int
    adoptions: int = 0
    implemented: int = 0
    overdue: int = 0
    unowned: int = 0
    needs_review: int = 0


def progress_index(*, user: AnyUser, today: datetime.date | None = None) -> list[JurisdictionProgress]:
    """Every jurisdiction the user may see, as a tree (parents first), with counts over its subtree."""
    today = today or clock.today()
    jurisdictions = list(Jurisdiction.objects.visible_to(user).order_by("name"))
    children: dict[int | None, list[Jurisdiction]] = defaultdict(list)
    ids = {j.pk for j in jurisdictions}
    for j in jurisdictions:
        children[j.parent_id if j.parent_id in ids else None].append(j)
    own: dict[int, Mapping[str, Any]] = {
        row["jurisdiction_id"]: row
        for row in Adoption.objects.visible_to(user)
        .values("jurisdiction_id")
        .annotate(
            adoptions=Count("id"),
            implemented=Count("id", filter=Q(status=AdoptionStatus.IMPLEMENTED)),
            overdue=Count("id", filter=overdue_q(today)),
            unowned=Count("id", filter=unowned_q()),
            needs_review=Count("id", filter=needs_review_q(review_cutoff(today))),
        )
        .order_by()
    }
    lines: list[JurisdictionProgress] = []

    def walk(node: Jurisdiction, depth: int) -> JurisdictionProgress:
        line = JurisdictionProgress(node, depth)
        lines.append(line)
        mine = own.get(node.pk, {})
        for name in ("adoptions", "implemented", "overdue", "unowned", "needs_review"):
            setattr(line, name, mine.get(name, 0))
        for child in children.get(node.pk, []):
            sub = walk(child, depth + 1)
            for name in ("adoptions", "implemented", "overdue", "unowned", "needs_review"):
                setattr(line, name, getattr(line, name) + getattr(sub, name))
        return line

    for root in children.get(None, []):
        walk(root, 0)
    return lines


@dataclass
class AdoptionAlerts:
    total: int
    implemented: int
    overdue: int
    unowned: int
    needs_review: int


def adoption_alerts(
    *, user: AnyUser, today: datetime.date | None = None, jurisdiction_ids: list[int] | None = None
) -> AdoptionAlerts:
    """Counts for the start page and the manager warnings, in one query (optionally within jurisdictions)."""
    today = today or clock.today()
    adoptions = Adoption.objects.visible_to(user)
    if jurisdiction_ids is not None:
        adoptions = adoptions.filter(jurisdiction_id__in=jurisdiction_ids)
    data = adoptions.aggregate(
        total=Count("id"),
        implemented=Count("id", filter=Q(status=AdoptionStatus.IMPLEMENTED)),
        overdue=Count("id", filter=overdue_q(today)),
        unowned=Count("id", filter=unowned_q()),
        needs_review=Count("id", filter=needs_review_q(review_cutoff(today))),
    )
    return AdoptionAlerts(**data)


def edition_for_reader(practice: Practice, language: str | None) -> dict[str, Any]:
    """What the practice page shows a reader of ``language``: the official edition in that language when the
    catalogue holds one (``translation``, its steps beside the English ones), else a notice that the text is the
    toolkit's English edition (``english_only``)."""
    code = (language or "en").split("-")[0]
    if code == "en":
        return {"translation": None, "translated_steps": [], "english_only": False}
    translation = PracticeTranslation.objects.filter(practice=practice, language=code).first()
    steps = [(step, translation.step_text(step)) for step in practice.steps.all()] if translation else []
    return {"translation": translation, "translated_steps": steps, "english_only": translation is None}
