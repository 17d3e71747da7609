"""Writing a checked catalogue to the database, in one transaction, matching rows by their ``key``.

A second load of the same file changes nothing, an edited item is updated in place, and an item removed from
the file is deleted only when nothing refers to it; otherwise it is kept, marked ``withdrawn`` and parked
past the file's items (``park``), so adoptions, mapping answers and the practices tagged on engagements and
mapping rounds survive.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import models, transaction
from django.utils import translation as i18n

from shrhub.services import write_fields

from ..choices import PracticeKind
from ..models import (
    CatalogueModel,
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
from .checks import read_catalogue
from .parse import (
    DEFAULT_PATH,
    POSITION_LIMIT,
    CatalogueSpec,
    ChallengeSpec,
    EditionSpec,
    PracticeSpec,
    SectionSpec,
)

TEMP_SLOT = POSITION_LIMIT  # orders/numbers at and above this are transient while rows change places
WITHDRAWN_SLOT = 20000  # withdrawn rows park their order here, out of the way of the file's items
LABEL_WORDS = 80


@dataclass
class LoadReport:
    """What a load did, per kind of row: created, updated, unchanged, deleted, withdrawn."""

    counts: dict[str, Counter] = field(default_factory=lambda: defaultdict(Counter))
    kept: list[str] = field(default_factory=list)

    def count(self, label: str, action: str, n: int = 1) -> None:
        self.counts[label][action] += n

    @property
    def changed(self) -> bool:
        return any(
            counter[action]
            for counter in self.counts.values()
            for action in ("created", "updated", "deleted", "withdrawn")
        )

    def lines(self) -> list[str]:
        actions = ("created", "updated", "unchanged", "deleted", "withdrawn")
        rows = []
        for label in ORDERED_LABELS:
            counter = self.counts.get(label)
            if not counter:
                continue
            detail = ", ".join(f"{counter[a]} {a}" for a in actions if counter[a])
            rows.append(f"{label}: {detail}")
        return rows + self.kept


ORDERED_LABELS = (
    "references",
    "editions",
    "sections",
    "challenges",
    "practices",
    "steps",
    "citations",
    "translations",
    "methods",
    "questions",
)


def practice_source(edition: EditionSpec, section: SectionSpec, challenge: ChallengeSpec, block: str) -> str:
    """Where an item is printed, for its page and the API: edition, chapter, section, challenge, block."""
    section_label = f"{section.number} {section.title}".strip()
    parts = [edition.short_title, section.chapter, section_label, f"challenge {challenge.code}"]
    if block:
        parts.append(block)
    return ", ".join(parts)


def block_heading(spec: PracticeSpec) -> str:
    """The block an item is printed under, as the English edition names it: stored data, so never in the language
    of whoever runs the load."""
    with i18n.override("en"):
        return spec.group_heading or str(PracticeKind(spec.kind).label)


def practice_label(spec: PracticeSpec) -> str:
    """The heading; for an item printed without one, its block heading and the first words of its content."""
    if spec.heading:
        return _shorten(spec.heading, 200)
    opening = spec.steps[0].text if spec.steps else spec.text
    if not opening:
        return spec.group_heading
    return f"{spec.group_heading}: {_shorten(opening, LABEL_WORDS)}"


def search_document(spec: PracticeSpec) -> str:
    """What full-text search reads: heading, text and every step, in order."""
    return "\n".join(part for part in [spec.heading, spec.text, *(s.text for s in spec.steps)] if part)


def _shorten(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0].rstrip(",;:")
    return cut + "…"


def is_referenced(instance: models.Model, *, internal: Iterable[type[models.Model]] = ()) -> bool:
    """Whether any row outside the catalogue's own structure points at ``instance``."""
    internal = set(internal)
    for relation in instance._meta.related_objects:
        if relation.related_model in internal:
            continue
        accessor = relation.get_accessor_name()
        if accessor is None:  # a relation without a reverse accessor (related_name="+") cannot refer back
            continue
        related = getattr(instance, accessor, None)
        if related is None:
            continue
        if relation.one_to_one:
            return True
        if related.exists():
            return True
    return False


class _Loader:
    def __init__(self, spec: CatalogueSpec):
        self.spec = spec
        self.report = LoadReport()

    # generic helpers

    def upsert(self, label: str, model: type[models.Model], existing: models.Model | None, values: dict) -> Any:
        if existing is None:
            instance = model(**values)
            instance.save()
            self.report.count(label, "created")
            return instance
        changed = [name for name, value in values.items() if getattr(existing, name) != value]
        if changed:
            for name in changed:
                setattr(existing, name, values[name])
            if any(f.name == "updated_at" for f in model._meta.concrete_fields):
                changed.append("updated_at")
            existing.save(update_fields=[model._meta.get_field(n).name for n in changed])
            self.report.count(label, "updated")
        else:
            self.report.count(label, "unchanged")
        return existing

    def park(self, label: str, instance: CatalogueModel | MappingQuestion, slot: tuple[str, str] | None = None) -> None:
        """Keep a row the file no longer has because something refers to it: mark it withdrawn and move its
        position (``slot`` = parent field, position field) past the file's items."""
        values: dict[str, Any] = {}
        if not getattr(instance, "withdrawn", True):
            values["withdrawn"] = True
        if slot is not None:
            parent, position = slot
            if getattr(instance, position) < WITHDRAWN_SLOT:
                siblings = type(instance)._default_manager.filter(**{parent: getattr(instance, parent)})
                highest = siblings.aggregate(highest=models.Max(position))["highest"] or 0
                values[position] = max(WITHDRAWN_SLOT, highest + 1)
        if isinstance(instance, MappingQuestion) and instance.asked_in_rounds:
            values["asked_in_rounds"] = False
        if values:
            # Through the one write path, not a raw update: ``updated_at`` must move, or incremental sync
            # (``?updated_since=``) would never see the row go.
            write_fields([instance], values, actor=None, reason="withdrawn from the catalogue file")
            self.report.count(label, "withdrawn")
            self.report.kept.append(f"kept {label[:-1]} {instance.key!r} (no longer in the file, still referred to)")

    @staticmethod
    def free_slots(
        model: type[models.Model],
        rows: Sequence[tuple[models.Model | None, Mapping[str, Any]]],
        slot_fields: tuple[str, ...],
    ) -> None:
        """Move rows whose (parent, position) will change to transient positions first, so that rows can
        trade places without breaking the unique (parent, position) constraints on the way."""
        last = slot_fields[-1]
        serial = TEMP_SLOT
        for instance, wanted in rows:
            if instance is None:
                continue
            if any(getattr(instance, name) != wanted[name] for name in slot_fields):
                serial += 1
                temp = f"~{serial}" if isinstance(wanted[last], str) else serial
                model._default_manager.filter(pk=instance.pk).update(**{last: temp})
                setattr(instance, last, temp)

    # the load

    def run(self) -> LoadReport:
        self.remove_missing()
        references = self.load_references()
        self.load_editions()
        challenges = {c.key: c for c in Challenge.objects.all()}
        self.load_practices(challenges, references)
        self.load_methods(challenges)
        self.prune_withdrawn()
        return self.report

    def load_editions(self) -> None:
        """Editions, their sections and the sections' challenges."""
        editions = {e.key: e for e in Edition.objects.all()}
        sections = {s.key: s for s in Section.objects.all()}
        challenges = {c.key: c for c in Challenge.objects.all()}
        for e_spec in self.spec.editions:
            edition = self.upsert(
                "editions",
                Edition,
                editions.get(e_spec.key),
                {
                    "key": e_spec.key,
                    "title": e_spec.title,
                    "short_title": e_spec.short_title,
                    "year": e_spec.year,
                    "publisher": e_spec.publisher,
                    "url": e_spec.url,
                    "description": e_spec.description,
                    "order": e_spec.order,
                    "withdrawn": False,
                },
            )
            for s_spec in e_spec.sections:
                self.load_section(edition, s_spec, sections.get(s_spec.key), challenges)

    def load_section(
        self, edition: Edition, s_spec: SectionSpec, existing: Section | None, challenges: dict[str, Challenge]
    ) -> None:
        section = self.upsert(
            "sections",
            Section,
            existing,
            {
                "key": s_spec.key,
                "edition_id": edition.pk,
                "chapter": s_spec.chapter,
                "number": s_spec.number,
                "title": s_spec.title,
                "withdrawn": False,
            },
        )
        rows = [(challenges.get(c.key), {"section_id": section.pk, "code": c.code}) for c in s_spec.challenges]
        self.free_slots(Challenge, rows, ("section_id", "code"))
        for c_spec in s_spec.challenges:
            self.upsert(
                "challenges",
                Challenge,
                challenges.get(c_spec.key),
                {
                    "key": c_spec.key,
                    "section_id": section.pk,
                    "code": c_spec.code,
                    "ref": c_spec.ref,
                    "title": c_spec.title,
                    "problem": c_spec.problem,
                    "order": c_spec.order,
                    "withdrawn": False,
                },
            )

    def load_references(self) -> dict[str, Reference]:
        existing = {r.key: r for r in Reference.objects.all()}
        by_short_form = {}
        for r_spec in self.spec.references:
            reference = self.upsert(
                "references",
                Reference,
                existing.get(r_spec.key),
                {
                    "key": r_spec.key,
                    "short_form": r_spec.short_form,
                    "title": r_spec.title,
                    "notes": r_spec.notes,
                    "withdrawn": False,
                },
            )
            by_short_form[r_spec.short_form] = reference
        return by_short_form

    def load_practices(self, challenges: dict[str, Challenge], references: dict[str, Reference]) -> None:
        existing = {p.key: p for p in Practice.objects.all()}
        wanted = []
        for edition, section, challenge, p_spec in self.spec.practices():
            values = {
                "key": p_spec.key,
                "challenge_id": challenges[challenge.key].pk,
                "kind": p_spec.kind,
                "group_heading": p_spec.group_heading,
                "heading": p_spec.heading,
                "text": p_spec.text,
                "order": p_spec.order,
                "source": practice_source(edition, section, challenge, block_heading(p_spec)),
                "search_document": search_document(p_spec),
                "label": practice_label(p_spec),
                "withdrawn": False,
            }
            wanted.append((p_spec, values))
        self.free_slots(Practice, [(existing.get(s.key), v) for s, v in wanted], ("challenge_id", "order"))
        steps_by_practice: dict[int, dict[str, Step]] = defaultdict(dict)
        for step in Step.objects.all():
            steps_by_practice[step.practice_id][step.key] = step
        citations_by_practice: dict[int, list[Citation]] = defaultdict(list)
        for citation in Citation.objects.all():
            citations_by_practice[citation.practice_id].append(citation)
        translations_by_practice: dict[int, dict[str, PracticeTranslation]] = defaultdict(dict)
        for translation in PracticeTranslation.objects.all():
            translations_by_practice[translation.practice_id][translation.language] = translation

        for p_spec, values in wanted:
            practice = self.upsert("practices", Practice, existing.get(p_spec.key), values)
            steps = self.load_steps(practice, p_spec, steps_by_practice[practice.pk])
            self.load_citations(practice, p_spec, steps, references, citations_by_practice[practice.pk])
            self.load_translations(practice, p_spec, translations_by_practice[practice.pk])

    def load_translations(
        self, practice: Practice, p_spec: PracticeSpec, existing: dict[str, PracticeTranslation]
    ) -> None:
        """The official editions' texts of the practice the file holds; one the file no longer holds is removed."""
        wanted = {t.language for t in p_spec.translations}
        for language, translation in existing.items():
            if language not in wanted:
                translation.delete()
                self.report.count("translations", "deleted")
        for t_spec in p_spec.translations:
            values = {
                "practice_id": practice.pk,
                "language": t_spec.language,
                "heading": t_spec.heading,
                "text": t_spec.text,
                "steps": t_spec.steps,
                "source": t_spec.source,
            }
            self.upsert("translations", PracticeTranslation, existing.get(t_spec.language), values)

    def load_steps(self, practice: Practice, p_spec: PracticeSpec, existing: dict[str, Step]) -> dict[str, Step]:
        keys = {s.key for s in p_spec.steps}
        for key, step in list(existing.items()):
            if key not in keys:
                step.delete()  # its citations go with it; the practice's citations are re-synced below
                self.report.count("steps", "deleted")
                del existing[key]
        rows = [(existing.get(s.key), {"practice_id": practice.pk, "order": s.order}) for s in p_spec.steps]
        self.free_slots(Step, rows, ("practice_id", "order"))
        steps = {}
        for s_spec in p_spec.steps:
            steps[s_spec.key] = self.upsert(
                "steps",
                Step,
                existing.get(s_spec.key),
                {
                    "practice_id": practice.pk,
                    "key": s_spec.key,
                    "order": s_spec.order,
                    "depth": s_spec.depth,
                    "text": s_spec.text,
                },
            )
        return steps

    def load_citations(
        self,
        practice: Practice,
        p_spec: PracticeSpec,
        steps: dict[str, Step],
        references: dict[str, Reference],
        existing: list[Citation],
    ) -> None:
        """Citations have no identity of their own: the set of (step, reference, locator) is synced."""
        wanted: Counter[tuple[int | None, int, str]] = Counter()
        for c in p_spec.citations:
            wanted[(None, references[c.short_form].pk, c.locator)] += 1
        for s_spec in p_spec.steps:
            for c in s_spec.citations:
                wanted[(steps[s_spec.key].pk, references[c.short_form].pk, c.locator)] += 1
        remaining = Counter(wanted)
        for citation in existing:
            signature = (citation.step_id, citation.reference_id, citation.locator)
            if remaining[signature] > 0:
                remaining[signature] -= 1
                self.report.count("citations", "unchanged")
            elif Citation.objects.filter(pk=citation.pk).exists():  # not already gone with its step
                citation.delete()
                self.report.count("citations", "deleted")
        for (step_id, reference_id, locator), count in remaining.items():
            for _ in range(count):
                Citation.objects.create(practice=practice, step_id=step_id, reference_id=reference_id, locator=locator)
                self.report.count("citations", "created")

    def load_methods(self, challenges: dict[str, Challenge]) -> None:
        practices = {p.key: p.pk for p in Practice.objects.only("id", "key")}
        methods = {m.key: m for m in Method.objects.all()}
        questions = {q.key: q for q in MappingQuestion.objects.all()}
        wanted_questions = []
        for edition, section, challenge in self.spec.challenges():
            for m_spec in challenge.methods:
                method = self.upsert(
                    "methods",
                    Method,
                    methods.get(m_spec.key),
                    {
                        "key": m_spec.key,
                        "challenge_id": challenges[challenge.key].pk,
                        "practice_id": practices.get(m_spec.practice) if m_spec.practice else None,
                        "name": m_spec.name,
                        "description": m_spec.description,
                        "source": practice_source(edition, section, challenge, ""),
                        "withdrawn": False,
                    },
                )
                for q_spec in m_spec.questions:
                    wanted_questions.append(
                        (
                            q_spec,
                            {
                                "key": q_spec.key,
                                "method_id": method.pk,
                                "number": q_spec.number,
                                "text": q_spec.text,
                                "asked_in_rounds": q_spec.asked_in_rounds,
                                "withdrawn": False,
                            },
                        )
                    )
        self.free_slots(
            MappingQuestion, [(questions.get(q.key), v) for q, v in wanted_questions], ("method_id", "number")
        )
        for q_spec, values in wanted_questions:
            self.upsert("questions", MappingQuestion, questions.get(q_spec.key), values)

    def remove_missing(self) -> None:
        """Rows the file no longer has, from the leaves up: deleted if nothing refers to them, else withdrawn."""
        spec = self.spec
        keep_questions = {q.key for _, _, c in spec.challenges() for m in c.methods for q in m.questions}
        keep_methods = {m.key for _, _, c in spec.challenges() for m in c.methods}
        keep_practices = {p.key for _, _, _, p in spec.practices()}
        keep_challenges = {c.key for _, _, c in spec.challenges()}
        keep_sections = {s.key for e in spec.editions for s in e.sections}
        keep_editions = {e.key for e in spec.editions}
        keep_references = {r.key for r in spec.references}

        for question in MappingQuestion.objects.exclude(key__in=keep_questions):
            if is_referenced(question):
                self.park("questions", question, ("method_id", "number"))
            else:
                question.delete()
                self.report.count("questions", "deleted")
        for practice in Practice.objects.exclude(key__in=keep_practices):
            if is_referenced(practice, internal=(Step, Citation, Method)):
                self.park("practices", practice, ("challenge_id", "order"))
            else:
                practice.delete()
                self.report.count("practices", "deleted")
        self._remove_parents("methods", Method.objects.exclude(key__in=keep_methods), ("questions",))
        self._remove_parents("challenges", Challenge.objects.exclude(key__in=keep_challenges), ("practices", "methods"))
        self._remove_parents("sections", Section.objects.exclude(key__in=keep_sections), ("challenges",))
        self._remove_parents("editions", Edition.objects.exclude(key__in=keep_editions), ("sections",))
        # A reference still cited by a withdrawn practice stays (citations protect it).
        for reference in Reference.objects.exclude(key__in=keep_references):
            if reference.citations.exclude(practice__key__in=keep_practices).exists():
                self.park("references", reference)
            else:
                reference.citations.all().delete()
                reference.delete()
                self.report.count("references", "deleted")

    def _remove_parents(self, label: str, queryset: models.QuerySet[CatalogueModel], children: tuple[str, ...]) -> None:
        for instance in queryset:
            if any(getattr(instance, name).exists() for name in children):
                self.park(label, instance)
            else:
                instance.delete()
                self.report.count(label, "deleted")

    def prune_withdrawn(self) -> None:
        """Withdrawn containers whose kept children have since moved elsewhere in the file go too."""
        for label, model, children in (
            ("methods", Method, ("questions",)),
            ("challenges", Challenge, ("practices", "methods")),
            ("sections", Section, ("challenges",)),
            ("editions", Edition, ("sections",)),
        ):
            for instance in model.objects.filter(withdrawn=True):
                if not any(getattr(instance, name).exists() for name in children):
                    instance.delete()
                    self.report.count(label, "deleted")


def load_catalogue(
    spec: CatalogueSpec | None = None, *, path: Path | str = DEFAULT_PATH, dry_run: bool = False
) -> LoadReport:
    """Bring the database in line with the catalogue file in one transaction; nothing is written if the file
    has problems (``CatalogueError``) or with ``dry_run``. Loading the same file twice changes nothing."""
    spec = spec or read_catalogue(path)
    with transaction.atomic():
        report = _Loader(spec).run()
        if dry_run:
            transaction.set_rollback(True)
    return report
