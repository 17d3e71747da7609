"""Reading, checking and loading ``practices/data/catalogue.yaml`` (the catalogue as reviewed data).

``read_catalogue`` parses and checks the whole file and returns every problem it finds, without touching
the database. ``load_catalogue`` writes a checked file in one transaction, matching rows by their ``key``:
a second load of the same file changes nothing, an edited item is updated in place, and an item removed
from the file is deleted only when nothing refers to it (otherwise it is kept and marked ``withdrawn``),
so adoptions, mapping answers and the practices tagged on engagements and mapping rounds survive.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from django.core.exceptions import ValidationError
from django.db import models, transaction

from shrhub.services import write_fields

from .choices import PracticeKind
from .models import Challenge, Citation, Edition, MappingQuestion, Method, Practice, Reference, Section, Step

DEFAULT_PATH = Path(__file__).resolve().parent / "data" / "catalogue.yaml"
FORMAT = 1
KEY_RE = re.compile(r"^[A-Za-z0-9][-A-Za-z0-9_]*$")
TEMP_SLOT = 10000  # orders/numbers at and above this are transient while rows change places
WITHDRAWN_SLOT = 20000  # withdrawn rows park their order here, out of the way of the file's items
LABEL_WORDS = 80


class CatalogueError(Exception):
    """The file cannot be loaded; ``problems`` lists every reason, each with where it is in the file."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__(f"{len(problems)} problem(s) in the catalogue file:\n" + "\n".join(problems))


# The checked file ------------------------------------------------------------------------------------


@dataclass
class CitationSpec:
    short_form: str
    locator: str

    @property
    def printed(self) -> str:
        return f"{self.short_form}: {self.locator}" if self.locator else self.short_form


@dataclass
class StepSpec:
    key: str
    order: int
    depth: int
    text: str
    citations: list[CitationSpec]


@dataclass
class PracticeSpec:
    key: str
    kind: str
    group_heading: str
    heading: str
    text: str
    order: int
    steps: list[StepSpec]
    citations: list[CitationSpec]


@dataclass
class QuestionSpec:
    key: str
    number: int
    text: str
    asked_in_rounds: bool


@dataclass
class MethodSpec:
    key: str
    name: str
    description: str
    practice: str | None
    questions: list[QuestionSpec]


@dataclass
class ChallengeSpec:
    key: str
    code: str
    ref: str
    title: str
    problem: str
    order: int
    practices: list[PracticeSpec]
    methods: list[MethodSpec]


@dataclass
class SectionSpec:
    key: str
    chapter: str
    number: str
    title: str
    challenges: list[ChallengeSpec]


@dataclass
class EditionSpec:
    key: str
    title: str
    short_title: str
    year: int | None
    publisher: str
    url: str
    description: str
    order: int
    sections: list[SectionSpec]


@dataclass
class ReferenceSpec:
    key: str
    short_form: str
    title: str
    notes: str


@dataclass
class CatalogueSpec:
    references: list[ReferenceSpec]
    editions: list[EditionSpec]

    def challenges(self) -> Iterable[tuple[EditionSpec, SectionSpec, ChallengeSpec]]:
        for edition in self.editions:
            for section in edition.sections:
                for challenge in section.challenges:
                    yield edition, section, challenge

    def practices(self) -> Iterable[tuple[EditionSpec, SectionSpec, ChallengeSpec, PracticeSpec]]:
        for edition, section, challenge in self.challenges():
            for practice in challenge.practices:
                yield edition, section, challenge, practice


# Checking ---------------------------------------------------------------------------------------------


class _Checker:
    """Walks the parsed YAML, collecting every problem with its path instead of stopping at the first."""

    def __init__(self) -> None:
        self.problems: list[str] = []
        self.keys: dict[str, dict[str, str]] = defaultdict(dict)

    def problem(self, path: str, message: str) -> None:
        self.problems.append(f"{path}: {message}")

    def mapping(self, value: Any, path: str, allowed: set[str], required: set[str] = frozenset()) -> dict:
        if not isinstance(value, dict):
            self.problem(path, f"expected a mapping, found {type(value).__name__}")
            return {}
        for name in sorted(set(value) - allowed):
            self.problem(path, f"unknown field {name!r} (allowed: {', '.join(sorted(allowed))})")
        for name in sorted(required - set(value)):
            self.problem(path, f"missing field {name!r}")
        return value

    def items(self, value: Any, path: str) -> list:
        if value is None:
            return []
        if not isinstance(value, list):
            self.problem(path, f"expected a list, found {type(value).__name__}")
            return []
        return value

    def text(self, data: dict, name: str, path: str, *, required: bool = False) -> str:
        value = data.get(name, "")
        if value is None:
            value = ""
        if not isinstance(value, str):
            self.problem(f"{path}.{name}", f"expected text, found {type(value).__name__}")
            return ""
        value = value.strip()
        if required and not value:
            self.problem(f"{path}.{name}", "must not be empty")
        return value

    def key(self, data: dict, kind: str, path: str, *, scope: dict[str, str] | None = None) -> str:
        value = data.get("key")
        if not isinstance(value, str) or not KEY_RE.match(value):
            self.problem(f"{path}.key", f"{value!r} is not a key (letters, digits, '-' and '_')")
            return str(value)
        seen = self.keys[kind] if scope is None else scope
        if value in seen:
            self.problem(f"{path}.key", f"duplicate {kind} key {value!r} (also at {seen[value]})")
        else:
            seen[value] = path
        return value

    def fields(self, model: type[models.Model], values: dict[str, Any], path: str) -> None:
        """The model's own field rules (lengths, slugs, URLs, choices), before anything is written."""
        instance = model(**values)
        names = set(values)
        exclude = [f.name for f in model._meta.concrete_fields if f.name not in names]
        try:
            instance.clean_fields(exclude=exclude)
        except ValidationError as error:
            for name, messages in error.message_dict.items():
                for message in messages:
                    self.problem(f"{path}.{name}", message)

    def citations(self, value: Any, path: str, short_forms: set[str]) -> list[CitationSpec]:
        found = []
        for index, raw in enumerate(self.items(value, path)):
            where = f"{path}[{index}]"
            if not isinstance(raw, str) or not raw.strip():
                self.problem(where, 'expected a citation as printed, e.g. "IGTs: 21"')
                continue
            short_form, _, locator = raw.strip().rpartition(": ")
            if not short_form:
                short_form, locator = raw.strip(), ""
            if short_form not in short_forms:
                self.problem(where, f"{short_form!r} is not the short form of a reference in `references`")
                continue
            found.append(CitationSpec(short_form, locator.strip()))
        return found

    def printed_citations(self, text: str, recorded: list[CitationSpec], short_forms: set[str], path: str) -> None:
        """Each recorded citation is printed in its text, and each printed one is recorded."""
        printed = Counter()
        for short_form in short_forms:
            for match in re.finditer(re.escape(short_form) + r": ([^()]+?)\)", text):
                printed[(short_form, match.group(1).strip())] += 1
        wanted = Counter((c.short_form, c.locator) for c in recorded)
        for (short_form, locator), count in (wanted - printed).items():
            self.problem(path, f"citation {short_form}: {locator} is recorded {count} more time(s) than printed")
        for short_form, locator in printed - wanted:
            self.problem(path, f"the text prints ({short_form}: {locator}) but `citations` does not record it")


def parse_catalogue(data: Any) -> tuple[CatalogueSpec | None, list[str]]:
    """Check parsed YAML; return the catalogue (``None`` if there are problems) and every problem found."""
    check = _Checker()
    top = check.mapping(data, "catalogue", {"format", "references", "editions"}, {"format", "editions"})
    if top and top.get("format") != FORMAT:
        check.problem("catalogue.format", f"this loader reads format {FORMAT}, the file says {top.get('format')!r}")

    references: list[ReferenceSpec] = []
    for index, raw in enumerate(check.items(top.get("references"), "references")):
        path = f"references[{index}]"
        item = check.mapping(raw, path, {"key", "short_form", "title", "notes"}, {"key", "short_form"})
        if not item:
            continue
        spec = ReferenceSpec(
            key=check.key(item, "reference", path),
            short_form=check.text(item, "short_form", path, required=True),
            title=check.text(item, "title", path),
            notes=check.text(item, "notes", path),
        )
        check.fields(Reference, {"key": spec.key, "short_form": spec.short_form, "title": spec.title}, path)
        references.append(spec)
    short_forms = {r.short_form for r in references}
    if len(short_forms) != len(references):
        check.problem("references", "two references share a short form")

    editions: list[EditionSpec] = []
    for e_index, raw in enumerate(check.items(top.get("editions"), "editions")):
        path = f"editions[{e_index}]"
        item = check.mapping(
            raw,
            path,
            {"key", "title", "short_title", "year", "publisher", "url", "description", "sections"},
            {"key", "title", "short_title", "sections"},
        )
        if not item:
            continue
        year = item.get("year")
        if year is not None and not isinstance(year, int):
            check.problem(f"{path}.year", "expected a year or null")
            year = None
        edition = EditionSpec(
            key=check.key(item, "edition", path),
            title=check.text(item, "title", path, required=True),
            short_title=check.text(item, "short_title", path, required=True),
            year=year,
            publisher=check.text(item, "publisher", path),
            url=check.text(item, "url", path),
            description=check.text(item, "description", path),
            order=e_index + 1,
            sections=[],
        )
        check.fields(
            Edition,
            {
                "key": edition.key,
                "title": edition.title,
                "short_title": edition.short_title,
                "publisher": edition.publisher,
                "url": edition.url,
            },
            path,
        )
        for s_index, raw_section in enumerate(check.items(item.get("sections"), f"{path}.sections")):
            edition.sections.append(_parse_section(check, raw_section, f"{path}.sections[{s_index}]", short_forms))
        editions.append(edition)

    spec = CatalogueSpec(references=references, editions=editions)
    _check_across(check, spec)
    return (None if check.problems else spec), check.problems


def _parse_section(check: _Checker, raw: Any, path: str, short_forms: set[str]) -> SectionSpec:
    item = check.mapping(raw, path, {"key", "chapter", "number", "title", "challenges"}, {"key", "title"})
    section = SectionSpec(
        key=check.key(item, "section", path),
        chapter=check.text(item, "chapter", path, required=True),
        number=str(item.get("number") or "").strip(),
        title=check.text(item, "title", path, required=True),
        challenges=[],
    )
    check.fields(
        Section,
        {"key": section.key, "chapter": section.chapter, "number": section.number, "title": section.title},
        path,
    )
    codes: dict[str, str] = {}
    for c_index, raw_challenge in enumerate(check.items(item.get("challenges"), f"{path}.challenges")):
        where = f"{path}.challenges[{c_index}]"
        c_item = check.mapping(
            raw_challenge,
            where,
            {"key", "code", "ref", "title", "problem", "practices", "methods"},
            {"key", "code", "ref"},
        )
        if not c_item:
            continue
        challenge = ChallengeSpec(
            key=check.key(c_item, "challenge", where),
            code=check.text(c_item, "code", where, required=True),
            ref=check.text(c_item, "ref", where, required=True),
            title=check.text(c_item, "title", where),
            problem=check.text(c_item, "problem", where),
            order=c_index + 1,
            practices=[],
            methods=[],
        )
        if not challenge.title and not challenge.problem:
            check.problem(where, "a challenge needs a title, a problem statement or both")
        if challenge.code in codes:
            check.problem(f"{where}.code", f"code {challenge.code!r} is used twice in this section")
        codes[challenge.code] = where
        check.fields(
            Challenge,
            {"key": challenge.key, "code": challenge.code, "ref": challenge.ref, "title": challenge.title},
            where,
        )
        for p_index, raw_practice in enumerate(check.items(c_item.get("practices"), f"{where}.practices")):
            practice = _parse_practice(check, raw_practice, f"{where}.practices[{p_index}]", p_index + 1, short_forms)
            if practice is not None:
                challenge.practices.append(practice)
        practice_keys = {p.key for p in challenge.practices}
        for m_index, raw_method in enumerate(check.items(c_item.get("methods"), f"{where}.methods")):
            method = _parse_method(check, raw_method, f"{where}.methods[{m_index}]")
            if method is None:
                continue
            if method.practice is not None and method.practice not in practice_keys:
                check.problem(
                    f"{where}.methods[{m_index}].practice",
                    f"{method.practice!r} is not a practice of this challenge",
                )
            challenge.methods.append(method)
        section.challenges.append(challenge)
    return section


def _parse_practice(check: _Checker, raw: Any, path: str, order: int, short_forms: set[str]) -> PracticeSpec | None:
    item = check.mapping(
        raw,
        path,
        {"key", "kind", "group_heading", "heading", "text", "steps", "citations"},
        {"key", "kind"},
    )
    if not item:
        return None
    practice = PracticeSpec(
        key=check.key(item, "practice", path),
        kind=str(item.get("kind", "")),
        group_heading=check.text(item, "group_heading", path),
        heading=check.text(item, "heading", path),
        text=check.text(item, "text", path),
        order=order,
        steps=[],
        citations=check.citations(item.get("citations"), f"{path}.citations", short_forms),
    )
    if practice.kind not in PracticeKind.values:
        check.problem(f"{path}.kind", f"{practice.kind!r} is not one of {', '.join(PracticeKind.values)}")
    if not (practice.heading or practice.group_heading):
        check.problem(path, "an item needs its own heading or the heading of the block it is printed under")
    check.fields(
        Practice,
        {"key": practice.key, "group_heading": practice.group_heading, "heading": practice.heading},
        path,
    )
    check.printed_citations(f"{practice.heading}\n{practice.text}", practice.citations, short_forms, path)
    step_keys: dict[str, str] = {}
    for s_index, raw_step in enumerate(check.items(item.get("steps"), f"{path}.steps")):
        where = f"{path}.steps[{s_index}]"
        s_item = check.mapping(raw_step, where, {"key", "text", "depth", "citations"}, {"key", "text"})
        if not s_item:
            continue
        depth = s_item.get("depth", 0)
        if depth not in (0, 1) or (depth == 1 and s_index == 0):
            check.problem(f"{where}.depth", "depth is 0, or 1 for an item continuing the one before it")
            depth = 0
        step = StepSpec(
            key=check.key(s_item, "step", where, scope=step_keys),
            order=s_index + 1,
            depth=depth,
            text=check.text(s_item, "text", where, required=True),
            citations=check.citations(s_item.get("citations"), f"{where}.citations", short_forms),
        )
        check.fields(Step, {"key": step.key, "text": step.text}, where)
        check.printed_citations(step.text, step.citations, short_forms, where)
        practice.steps.append(step)
    return practice


def _parse_method(check: _Checker, raw: Any, path: str) -> MethodSpec | None:
    item = check.mapping(raw, path, {"key", "name", "description", "practice", "questions"}, {"key", "name"})
    if not item:
        return None
    method = MethodSpec(
        key=check.key(item, "method", path),
        name=check.text(item, "name", path, required=True),
        description=check.text(item, "description", path),
        practice=(str(item["practice"]) if item.get("practice") else None),
        questions=[],
    )
    check.fields(Method, {"key": method.key, "name": method.name}, path)
    numbers: set[int] = set()
    for q_index, raw_question in enumerate(check.items(item.get("questions"), f"{path}.questions")):
        where = f"{path}.questions[{q_index}]"
        q_item = check.mapping(
            raw_question, where, {"key", "number", "text", "asked_in_rounds"}, {"key", "number", "text"}
        )
        if not q_item:
            continue
        number = q_item.get("number")
        if not isinstance(number, int) or isinstance(number, bool) or not 0 < number < TEMP_SLOT:
            check.problem(f"{where}.number", "expected a positive whole number")
            number = 0
        elif number in numbers:
            check.problem(f"{where}.number", f"question number {number} is used twice in this method")
        numbers.add(number)
        asked = q_item.get("asked_in_rounds", False)
        if not isinstance(asked, bool):
            check.problem(f"{where}.asked_in_rounds", "expected true or false")
            asked = False
        question = QuestionSpec(
            key=check.key(q_item, "question", where),
            number=number,
            text=check.text(q_item, "text", where, required=True),
            asked_in_rounds=asked,
        )
        check.fields(MappingQuestion, {"key": question.key}, where)
        method.questions.append(question)
    return method


def _check_across(check: _Checker, spec: CatalogueSpec) -> None:
    """Rules that span the file: challenge refs, one list of round questions, unused references."""
    own_codes = {c.code for _, _, c in spec.challenges() if c.code == c.ref}
    per_edition: dict[tuple[str, str], str] = {}
    for edition, _, challenge in spec.challenges():
        if challenge.ref not in own_codes:
            check.problem(
                f"challenge {challenge.key}",
                f"ref {challenge.ref!r} is not the code of a challenge that is its own reference (e.g. 1.1.a)",
            )
        if (edition.key, challenge.ref) in per_edition:
            check.problem(
                f"challenge {challenge.key}",
                f"edition {edition.key} already maps {per_edition[(edition.key, challenge.ref)]} to {challenge.ref}",
            )
        per_edition[(edition.key, challenge.ref)] = challenge.key
    asking = [m.key for _, _, c in spec.challenges() for m in c.methods if any(q.asked_in_rounds for q in m.questions)]
    if len(asking) > 1:
        check.problem("methods", f"only one method's questions may be asked in rounds; found {', '.join(asking)}")
    cited = {c.short_form for _, _, _, p in spec.practices() for c in p.citations} | {
        c.short_form for _, _, _, p in spec.practices() for s in p.steps for c in s.citations
    }
    for reference in spec.references:
        if reference.short_form not in cited:
            check.problem(f"reference {reference.key}", "is cited nowhere in the catalogue")


def read_catalogue(path: Path | str = DEFAULT_PATH) -> CatalogueSpec:
    """The checked catalogue from ``path``; raises ``CatalogueError`` listing every problem."""
    try:
        with open(path, encoding="utf-8") as handle:
            data = yaml.safe_load(handle)
    except OSError as error:
        raise CatalogueError([f"{path}: cannot be read ({error.strerror})"]) from error
    except yaml.YAMLError as error:
        raise CatalogueError([f"{path}: is not valid YAML ({error})"]) from error
    spec, problems = parse_catalogue(data)
    if spec is None:
        raise CatalogueError(problems)
    return spec


# Loading ----------------------------------------------------------------------------------------------


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

    def park(self, label: str, instance: models.Model, slot: tuple[str, str] | None = None) -> None:
        """Keep a row the file no longer has because something refers to it: mark it withdrawn and move its
        position (``slot`` = parent field, position field) past the file's items."""
        values: dict[str, Any] = {}
        if not getattr(instance, "withdrawn", True):
            values["withdrawn"] = True
        if slot is not None:
            parent, position = slot
            if getattr(instance, position) < WITHDRAWN_SLOT:
                siblings = type(instance).objects.filter(**{parent: getattr(instance, parent)})
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
    def free_slots(model: type[models.Model], rows: list[tuple[models.Model, dict]], slot_fields: tuple[str, ...]):
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
                model.objects.filter(pk=instance.pk).update(**{last: temp})
                setattr(instance, last, temp)

    # the load

    def run(self) -> LoadReport:
        spec = self.spec
        self.remove_missing()
        references = self.load_references()
        editions = {e.key: e for e in Edition.objects.all()}
        sections = {s.key: s for s in Section.objects.all()}
        challenges = {c.key: c for c in Challenge.objects.all()}

        for e_spec in spec.editions:
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
                section = self.upsert(
                    "sections",
                    Section,
                    sections.get(s_spec.key),
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
        challenges = {c.key: c for c in Challenge.objects.all()}
        self.load_practices(challenges, references)
        self.load_methods(challenges)
        self.prune_withdrawn()
        return self.report

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
                "source": practice_source(
                    edition, section, challenge, p_spec.group_heading or PracticeKind(p_spec.kind).label
                ),
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

        for p_spec, values in wanted:
            practice = self.upsert("practices", Practice, existing.get(p_spec.key), values)
            steps = self.load_steps(practice, p_spec, steps_by_practice[practice.pk])
            self.load_citations(practice, p_spec, steps, references, citations_by_practice[practice.pk])

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
        wanted = Counter()
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

    def _remove_parents(self, label: str, queryset: models.QuerySet, children: tuple[str, ...]) -> None:
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
