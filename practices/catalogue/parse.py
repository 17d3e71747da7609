"""The catalogue file as plain data: YAML in, dataclasses out, every problem of shape collected on the way.

``parse`` walks the YAML and builds a ``CatalogueSpec``, reporting (with where it is in the file) what does
not have the expected shape: a value of the wrong type, an unknown or missing field. What the values mean
(keys, references, citations, the rules across the file) is for ``checks``.
"""

from __future__ import annotations

from collections.abc import Iterable
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

DEFAULT_PATH = Path(__file__).resolve().parent.parent / "data" / "catalogue.yaml"
FORMAT = 1
POSITION_LIMIT = 10000  # numbers in the file stay below this: the loader moves rows past it while they swap places


class CatalogueError(Exception):
    """The file cannot be loaded; ``problems`` lists every reason, each with where it is in the file."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__(f"{len(problems)} problem(s) in the catalogue file:\n" + "\n".join(problems))


# The parsed file ------------------------------------------------------------------------------------------
# ``path`` says where an item is in the file, for the problems found in it.


@dataclass
class CitationSpec:
    short_form: str
    locator: str
    path: str = field(default="", compare=False)

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
    path: str = field(default="", compare=False)


@dataclass
class TranslationSpec:
    """A practice as an official edition in another language prints it (``translations: {fr: {...}}``)."""

    language: str
    source: str
    heading: str
    text: str
    steps: dict[str, str]
    path: str = field(default="", compare=False)


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
    path: str = field(default="", compare=False)
    translations: list[TranslationSpec] = field(default_factory=list)


@dataclass
class QuestionSpec:
    key: str
    number: int
    text: str
    asked_in_rounds: bool
    path: str = field(default="", compare=False)


@dataclass
class MethodSpec:
    key: str
    name: str
    description: str
    practice: str | None
    questions: list[QuestionSpec]
    path: str = field(default="", compare=False)


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
    path: str = field(default="", compare=False)


@dataclass
class SectionSpec:
    key: str
    chapter: str
    number: str
    title: str
    challenges: list[ChallengeSpec]
    path: str = field(default="", compare=False)


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
    path: str = field(default="", compare=False)


@dataclass
class ReferenceSpec:
    key: str
    short_form: str
    title: str
    notes: str
    path: str = field(default="", compare=False)


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


# Reading --------------------------------------------------------------------------------------------------


def read_yaml(path: Path | str) -> Any:
    """The parsed YAML of ``path``; raises ``CatalogueError`` if it cannot be read or is not YAML."""
    try:
        with open(path, encoding="utf-8") as handle:
            return yaml.safe_load(handle)
    except OSError as error:
        raise CatalogueError([f"{path}: cannot be read ({error.strerror})"]) from error
    except yaml.YAMLError as error:
        raise CatalogueError([f"{path}: is not valid YAML ({error})"]) from error


class Reader:
    """Reads values of the expected shape, collecting a problem (with its path) for each one that is not."""

    def __init__(self) -> None:
        self.problems: list[str] = []

    def problem(self, path: str, message: str) -> None:
        self.problems.append(f"{path}: {message}")

    def mapping(
        self, value: Any, path: str, allowed: AbstractSet[str], required: AbstractSet[str] = frozenset()
    ) -> dict:
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

    def key(self, data: dict, path: str) -> str:
        value = data.get("key")
        if not isinstance(value, str):
            self.problem(f"{path}.key", f"{value!r} is not a key (letters, digits, '-' and '_')")
        return str(value)

    def citations(self, value: Any, path: str) -> list[CitationSpec]:
        found = []
        for index, raw in enumerate(self.items(value, path)):
            where = f"{path}[{index}]"
            if not isinstance(raw, str) or not raw.strip():
                self.problem(where, 'expected a citation as printed, e.g. "IGTs: 21"')
                continue
            short_form, _, locator = raw.strip().rpartition(": ")
            if not short_form:
                short_form, locator = raw.strip(), ""
            found.append(CitationSpec(short_form, locator.strip(), path=where))
        return found


def parse(data: Any) -> tuple[CatalogueSpec, list[str]]:
    """The catalogue in parsed YAML ``data``, and every problem of shape found in it."""
    read = Reader()
    top = read.mapping(data, "catalogue", {"format", "references", "editions"}, {"format", "editions"})
    if top and top.get("format") != FORMAT:
        read.problem("catalogue.format", f"this loader reads format {FORMAT}, the file says {top.get('format')!r}")
    references = []
    for index, raw in enumerate(read.items(top.get("references"), "references")):
        reference = _reference(read, raw, f"references[{index}]")
        if reference is not None:
            references.append(reference)
    editions = []
    for index, raw in enumerate(read.items(top.get("editions"), "editions")):
        edition = _edition(read, raw, f"editions[{index}]", index + 1)
        if edition is not None:
            editions.append(edition)
    return CatalogueSpec(references=references, editions=editions), read.problems


def _reference(read: Reader, raw: Any, path: str) -> ReferenceSpec | None:
    item = read.mapping(raw, path, {"key", "short_form", "title", "notes"}, {"key", "short_form"})
    if not item:
        return None
    return ReferenceSpec(
        key=read.key(item, path),
        short_form=read.text(item, "short_form", path, required=True),
        title=read.text(item, "title", path),
        notes=read.text(item, "notes", path),
        path=path,
    )


def _edition(read: Reader, raw: Any, path: str, order: int) -> EditionSpec | None:
    item = read.mapping(
        raw,
        path,
        {"key", "title", "short_title", "year", "publisher", "url", "description", "sections"},
        {"key", "title", "short_title", "sections"},
    )
    if not item:
        return None
    year = item.get("year")
    if year is not None and not isinstance(year, int):
        read.problem(f"{path}.year", "expected a year or null")
        year = None
    edition = EditionSpec(
        key=read.key(item, path),
        title=read.text(item, "title", path, required=True),
        short_title=read.text(item, "short_title", path, required=True),
        year=year,
        publisher=read.text(item, "publisher", path),
        url=read.text(item, "url", path),
        description=read.text(item, "description", path),
        order=order,
        sections=[],
        path=path,
    )
    for index, raw_section in enumerate(read.items(item.get("sections"), f"{path}.sections")):
        edition.sections.append(_section(read, raw_section, f"{path}.sections[{index}]"))
    return edition


def _section(read: Reader, raw: Any, path: str) -> SectionSpec:
    item = read.mapping(raw, path, {"key", "chapter", "number", "title", "challenges"}, {"key", "title"})
    section = SectionSpec(
        key=read.key(item, path),
        chapter=read.text(item, "chapter", path, required=True),
        number=str(item.get("number") or "").strip(),
        title=read.text(item, "title", path, required=True),
        challenges=[],
        path=path,
    )
    for index, raw_challenge in enumerate(read.items(item.get("challenges"), f"{path}.challenges")):
        challenge = _challenge(read, raw_challenge, f"{path}.challenges[{index}]", index + 1)
        if challenge is not None:
            section.challenges.append(challenge)
    return section


def _challenge(read: Reader, raw: Any, path: str, order: int) -> ChallengeSpec | None:
    item = read.mapping(
        raw, path, {"key", "code", "ref", "title", "problem", "practices", "methods"}, {"key", "code", "ref"}
    )
    if not item:
        return None
    challenge = ChallengeSpec(
        key=read.key(item, path),
        code=read.text(item, "code", path, required=True),
        ref=read.text(item, "ref", path, required=True),
        title=read.text(item, "title", path),
        problem=read.text(item, "problem", path),
        order=order,
        practices=[],
        methods=[],
        path=path,
    )
    for index, raw_practice in enumerate(read.items(item.get("practices"), f"{path}.practices")):
        practice = _practice(read, raw_practice, f"{path}.practices[{index}]", index + 1)
        if practice is not None:
            challenge.practices.append(practice)
    for index, raw_method in enumerate(read.items(item.get("methods"), f"{path}.methods")):
        method = _method(read, raw_method, f"{path}.methods[{index}]")
        if method is not None:
            challenge.methods.append(method)
    return challenge


def _practice(read: Reader, raw: Any, path: str, order: int) -> PracticeSpec | None:
    item = read.mapping(
        raw,
        path,
        {"key", "kind", "group_heading", "heading", "text", "steps", "citations", "translations"},
        {"key", "kind"},
    )
    if not item:
        return None
    practice = PracticeSpec(
        key=read.key(item, path),
        kind=str(item.get("kind", "")),
        group_heading=read.text(item, "group_heading", path),
        heading=read.text(item, "heading", path),
        text=read.text(item, "text", path),
        order=order,
        steps=[],
        citations=read.citations(item.get("citations"), f"{path}.citations"),
        path=path,
    )
    for index, raw_step in enumerate(read.items(item.get("steps"), f"{path}.steps")):
        step = _step(read, raw_step, f"{path}.steps[{index}]", index)
        if step is not None:
            practice.steps.append(step)
    translations = item.get("translations") or {}
    if not isinstance(translations, dict):
        read.problem(f"{path}.translations", "a mapping of language code to the translated practice")
        translations = {}
    for language, raw_translation in translations.items():
        translation = _translation(read, raw_translation, f"{path}.translations.{language}", str(language))
        if translation is not None:
            practice.translations.append(translation)
    return practice


def _translation(read: Reader, raw: Any, path: str, language: str) -> TranslationSpec | None:
    item = read.mapping(raw, path, {"source", "heading", "text", "steps"}, {"source"})
    if not item:
        return None
    steps = item.get("steps") or {}
    if not isinstance(steps, dict) or not all(isinstance(v, str) for v in steps.values()):
        read.problem(f"{path}.steps", "a mapping of step key to the step's translated text")
        steps = {}
    return TranslationSpec(
        language=language,
        source=read.text(item, "source", path, required=True),
        heading=read.text(item, "heading", path),
        text=read.text(item, "text", path),
        steps={str(key): value.strip() for key, value in steps.items()},
        path=path,
    )


def _step(read: Reader, raw: Any, path: str, index: int) -> StepSpec | None:
    item = read.mapping(raw, path, {"key", "text", "depth", "citations"}, {"key", "text"})
    if not item:
        return None
    depth = item.get("depth", 0)
    if depth not in (0, 1) or (depth == 1 and index == 0):
        read.problem(f"{path}.depth", "depth is 0, or 1 for an item continuing the one before it")
        depth = 0
    return StepSpec(
        key=read.key(item, path),
        order=index + 1,
        depth=depth,
        text=read.text(item, "text", path, required=True),
        citations=read.citations(item.get("citations"), f"{path}.citations"),
        path=path,
    )


def _method(read: Reader, raw: Any, path: str) -> MethodSpec | None:
    item = read.mapping(raw, path, {"key", "name", "description", "practice", "questions"}, {"key", "name"})
    if not item:
        return None
    method = MethodSpec(
        key=read.key(item, path),
        name=read.text(item, "name", path, required=True),
        description=read.text(item, "description", path),
        practice=(str(item["practice"]) if item.get("practice") else None),
        questions=[],
        path=path,
    )
    for index, raw_question in enumerate(read.items(item.get("questions"), f"{path}.questions")):
        question = _question(read, raw_question, f"{path}.questions[{index}]")
        if question is not None:
            method.questions.append(question)
    return method


def _question(read: Reader, raw: Any, path: str) -> QuestionSpec | None:
    item = read.mapping(raw, path, {"key", "number", "text", "asked_in_rounds"}, {"key", "number", "text"})
    if not item:
        return None
    number = item.get("number")
    if not isinstance(number, int) or isinstance(number, bool) or not 0 < number < POSITION_LIMIT:
        read.problem(f"{path}.number", "expected a positive whole number")
        number = 0
    asked = item.get("asked_in_rounds", False)
    if not isinstance(asked, bool):
        read.problem(f"{path}.asked_in_rounds", "expected true or false")
        asked = False
    return QuestionSpec(
        key=read.key(item, path),
        number=number,
        text=read.text(item, "text", path, required=True),
        asked_in_rounds=asked,
        path=path,
    )
