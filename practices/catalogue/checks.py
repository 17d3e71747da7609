"""What the parsed catalogue must satisfy before anything is written, every problem collected.

Keys are well formed and unique (a step's within its practice), every field fits its model, citations name a
reference and are printed in the text they belong to (and the other way round), challenges map to a
challenge that is its own reference, one method's questions at most are asked in rounds, every reference is
cited. ``read_catalogue`` / ``parse_catalogue`` parse and check in one go.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models

from ..choices import PracticeKind
from ..models import (
    Challenge,
    Edition,
    MappingQuestion,
    Method,
    Practice,
    PracticeTranslation,
    Reference,
    Section,
    Step,
    translated_languages,
)
from .parse import (
    DEFAULT_PATH,
    CatalogueError,
    CatalogueSpec,
    ChallengeSpec,
    CitationSpec,
    EditionSpec,
    MethodSpec,
    PracticeSpec,
    SectionSpec,
    TranslationSpec,
    parse,
    read_yaml,
)

KEY_RE = re.compile(r"^[A-Za-z0-9][-A-Za-z0-9_]*$")


def read_catalogue(path: Path | str = DEFAULT_PATH) -> CatalogueSpec:
    """The checked catalogue from ``path``; raises ``CatalogueError`` listing every problem."""
    spec, problems = parse_catalogue(read_yaml(path))
    if spec is None:
        raise CatalogueError(problems)
    return spec


def parse_catalogue(data: Any) -> tuple[CatalogueSpec | None, list[str]]:
    """Parse and check YAML data; return the catalogue (``None`` if there are problems) and every problem found."""
    spec, problems = parse(data)
    problems = problems + check(spec)
    return (None if problems else spec), problems


def check(spec: CatalogueSpec) -> list[str]:
    """Every problem of meaning in a parsed catalogue (its shape was ``parse``'s to check)."""
    checks = _Checks({r.short_form for r in spec.references})
    for reference in spec.references:
        checks.key(reference.key, "reference", reference.path)
        values = {"key": reference.key, "short_form": reference.short_form, "title": reference.title}
        checks.fields(Reference, values, reference.path)
    if len(checks.short_forms) != len(spec.references):
        checks.problem("references", "two references share a short form")
    for edition in spec.editions:
        _check_edition(checks, edition)
    _check_across(checks, spec)
    return checks.problems


class _Checks:
    """The problems found so far, and the keys seen (per kind of item) to find duplicates."""

    def __init__(self, short_forms: set[str]) -> None:
        self.short_forms = short_forms
        self.problems: list[str] = []
        self.keys: dict[str, dict[str, str]] = defaultdict(dict)

    def problem(self, path: str, message: str) -> None:
        self.problems.append(f"{path}: {message}")

    def key(self, value: str, kind: str, path: str, *, scope: dict[str, str] | None = None) -> None:
        if not KEY_RE.match(value):
            self.problem(f"{path}.key", f"{value!r} is not a key (letters, digits, '-' and '_')")
            return
        seen = self.keys[kind] if scope is None else scope
        if value in seen:
            self.problem(f"{path}.key", f"duplicate {kind} key {value!r} (also at {seen[value]})")
        else:
            seen[value] = path

    def fields(self, model: type[models.Model], values: dict[str, Any], path: str) -> None:
        """The model's own field rules (lengths, slugs, URLs, choices), before anything is written."""
        instance = model(**values)
        exclude = [f.name for f in model._meta.concrete_fields if f.name not in values]
        try:
            instance.clean_fields(exclude=exclude)
        except ValidationError as error:
            for name, messages in error.message_dict.items():
                for message in messages:
                    self.problem(f"{path}.{name}", message)

    def citations(self, text: str, recorded: list[CitationSpec], path: str) -> None:
        """Each recorded citation names a reference and is printed in its text; each printed one is recorded."""
        known = []
        for citation in recorded:
            if citation.short_form in self.short_forms:
                known.append(citation)
            else:
                message = f"{citation.short_form!r} is not the short form of a reference in `references`"
                self.problem(citation.path, message)
        printed: Counter[tuple[str, str]] = Counter()
        for short_form in self.short_forms:
            for match in re.finditer(re.escape(short_form) + r": ([^()]+?)\)", text):
                printed[(short_form, match.group(1).strip())] += 1
        wanted = Counter((c.short_form, c.locator) for c in known)
        for (short_form, locator), count in (wanted - printed).items():
            self.problem(path, f"citation {short_form}: {locator} is recorded {count} more time(s) than printed")
        for short_form, locator in printed - wanted:
            self.problem(path, f"the text prints ({short_form}: {locator}) but `citations` does not record it")


def _check_edition(checks: _Checks, edition: EditionSpec) -> None:
    checks.key(edition.key, "edition", edition.path)
    values = {
        "key": edition.key,
        "title": edition.title,
        "short_title": edition.short_title,
        "publisher": edition.publisher,
        "url": edition.url,
    }
    checks.fields(Edition, values, edition.path)
    for section in edition.sections:
        _check_section(checks, section)


def _check_section(checks: _Checks, section: SectionSpec) -> None:
    checks.key(section.key, "section", section.path)
    values = {"key": section.key, "chapter": section.chapter, "number": section.number, "title": section.title}
    checks.fields(Section, values, section.path)
    codes: set[str] = set()
    for challenge in section.challenges:
        if challenge.code in codes:
            checks.problem(f"{challenge.path}.code", f"code {challenge.code!r} is used twice in this section")
        codes.add(challenge.code)
        _check_challenge(checks, challenge)


def _check_challenge(checks: _Checks, challenge: ChallengeSpec) -> None:
    path = challenge.path
    checks.key(challenge.key, "challenge", path)
    if not challenge.title and not challenge.problem:
        checks.problem(path, "a challenge needs a title, a problem statement or both")
    values = {"key": challenge.key, "code": challenge.code, "ref": challenge.ref, "title": challenge.title}
    checks.fields(Challenge, values, path)
    for practice in challenge.practices:
        _check_practice(checks, practice)
    practice_keys = {p.key for p in challenge.practices}
    for method in challenge.methods:
        _check_method(checks, method)
        if method.practice is not None and method.practice not in practice_keys:
            checks.problem(f"{method.path}.practice", f"{method.practice!r} is not a practice of this challenge")


def _check_practice(checks: _Checks, practice: PracticeSpec) -> None:
    path = practice.path
    checks.key(practice.key, "practice", path)
    if practice.kind not in PracticeKind.values:
        checks.problem(f"{path}.kind", f"{practice.kind!r} is not one of {', '.join(PracticeKind.values)}")
    if not (practice.heading or practice.group_heading):
        checks.problem(path, "an item needs its own heading or the heading of the block it is printed under")
    values = {"key": practice.key, "group_heading": practice.group_heading, "heading": practice.heading}
    checks.fields(Practice, values, path)
    checks.citations(f"{practice.heading}\n{practice.text}", practice.citations, path)
    step_keys: dict[str, str] = {}
    for step in practice.steps:
        checks.key(step.key, "step", step.path, scope=step_keys)
        checks.fields(Step, {"key": step.key, "text": step.text}, step.path)
        checks.citations(step.text, step.citations, step.path)
    for translation in practice.translations:
        _check_translation(checks, practice, translation)


def _check_translation(checks: _Checks, practice: PracticeSpec, translation: TranslationSpec) -> None:
    """An official edition's text, never an invented one: a known language other than English, its source named,
    the parts the English has (a heading for a heading, the same steps), and nothing else."""
    path = translation.path
    languages = [code for code, _name in translated_languages()]
    if translation.language not in languages:
        checks.problem(path, f"{translation.language!r} is not one of the product's other languages ({languages})")
    if bool(translation.heading) != bool(practice.heading) or bool(translation.text) != bool(practice.text):
        checks.problem(path, "translate the heading and text the English has, and only those")
    english_steps = {step.key for step in practice.steps}
    if translation.steps and set(translation.steps) != english_steps:
        missing, unknown = english_steps - set(translation.steps), set(translation.steps) - english_steps
        message = f"steps must match the English: missing {sorted(missing)}, unknown {sorted(unknown)}"
        checks.problem(f"{path}.steps", message)
    values = {"language": translation.language, "heading": translation.heading, "source": translation.source}
    checks.fields(PracticeTranslation, values, path)


def _check_method(checks: _Checks, method: MethodSpec) -> None:
    checks.key(method.key, "method", method.path)
    checks.fields(Method, {"key": method.key, "name": method.name}, method.path)
    numbers: set[int] = set()
    for question in method.questions:
        if question.number and question.number in numbers:
            checks.problem(f"{question.path}.number", f"question number {question.number} is used twice in this method")
        numbers.add(question.number)
        checks.key(question.key, "question", question.path)
        checks.fields(MappingQuestion, {"key": question.key}, question.path)


def _check_across(checks: _Checks, spec: CatalogueSpec) -> None:
    """Rules that span the file: challenge refs, one list of round questions, unused references."""
    own_codes = {c.code for _, _, c in spec.challenges() if c.code == c.ref}
    per_edition: dict[tuple[str, str], str] = {}
    for edition, _, challenge in spec.challenges():
        if challenge.ref not in own_codes:
            checks.problem(
                f"challenge {challenge.key}",
                f"ref {challenge.ref!r} is not the code of a challenge that is its own reference (e.g. 1.1.a)",
            )
        if (edition.key, challenge.ref) in per_edition:
            checks.problem(
                f"challenge {challenge.key}",
                f"edition {edition.key} already maps {per_edition[(edition.key, challenge.ref)]} to {challenge.ref}",
            )
        per_edition[(edition.key, challenge.ref)] = challenge.key
    asking = [m.key for _, _, c in spec.challenges() for m in c.methods if any(q.asked_in_rounds for q in m.questions)]
    if len(asking) > 1:
        checks.problem("methods", f"only one method's questions may be asked in rounds; found {', '.join(asking)}")
    cited = {c.short_form for _, _, _, p in spec.practices() for c in p.citations} | {
        c.short_form for _, _, _, p in spec.practices() for s in p.steps for c in s.citations
    }
    for reference in spec.references:
        if reference.short_form not in cited:
            checks.problem(f"reference {reference.key}", "is cited nowhere in the catalogue")
